"""What the database already holds for the county and the file's cadres, read up front in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from teams.choices import RegionLevel
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from teams.roster import cells

from .results import CADRE_FIELDS, MEMBERSHIP_FIELDS, Row

CHUNK = 2000
T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _World:
    """What the database already holds, for the county and the file's cadres."""

    def __init__(self, county: Region, rows: list[Row], aliases: dict[str, Any]) -> None:
        self.county = county
        townships = list(
            Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).values("id", "name", "code")
        )
        self.township_by_name = {cells.text(t["name"]): t["id"] for t in townships}
        self.township_names = {t["id"]: t["name"] for t in townships}
        self.township_codes = {t["code"] for t in townships}
        self.villages: dict[tuple[int, str], int] = {}
        self.villages_by_name: dict[str, list[int]] = defaultdict(list)
        self.village_names_in: dict[int, list[str]] = defaultdict(list)
        self.village_township: dict[int, int] = {}
        self.village_name: dict[int, str] = {}
        # Stored values of OWN_COLUMNS: kind → pk → {field: value}.
        self.own: dict[str, dict[int, dict[str, Any]]] = {"village": {}, "unit": {}, "team": {}}
        for v in Village.objects.filter(township__parent=county).values(
            "id", "name", "township_id", "is_key_village", "has_untapped_resources"
        ):
            self.own["village"][v["id"]] = {
                "is_key_village": v["is_key_village"],
                "has_untapped_resources": v["has_untapped_resources"],
            }
            name = cells.text(v["name"])
            self.villages[(v["township_id"], name)] = v["id"]
            self.villages_by_name[name].append(v["id"])
            self.village_names_in[v["township_id"]].append(v["name"])
            self.village_township[v["id"]] = v["township_id"]
            self.village_name[v["id"]] = v["name"]
        self.teams: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for t in Team.objects.filter(village__township__parent=county).values(
            "id", "village_id", "term_start", "term_end", "withdrawn_on"
        ):
            self.teams[t["village_id"]].append(dict(t))
            self.own["team"][t["id"]] = {"withdrawn_on": t["withdrawn_on"]}
        units = list(DispatchingUnit.objects.values_list("id", "name", "staff_total", "region__path"))
        self.unit_by_name = {cells.text(name): pk for pk, name, _, _ in units}
        self.own["unit"] = {pk: {"staff_total": staff} for pk, _, staff, _ in units}
        # Units whose own facts the county may set, as on the unit form (teams.services.unit_editable_by):
        # units placed in the county or its townships. Central units (no region) and those of its city or
        # province are shared by every county below them and read-only to each.
        self.units_ours = {
            pk for pk, _, _, path in units if path is not None and path.startswith(county.path)
        }
        units_above = {pk for pk, _, _, path in units if path is None or county.path.startswith(path)}
        # Units the county knows of: its own and those above it, and any that already sends cadres to it.
        # Only these are offered as near names ("相近") or aliases; another county's are never named. (A row
        # that spells another county's unit exactly still links to it: names are unique, and a unit of
        # another province may well send cadres here.)
        self.units_visible = (
            self.units_ours
            | units_above
            | set(
                Membership.objects.filter(team__village__township__parent=county)
                .values_list("dispatching_unit_id", flat=True)
                .distinct()
            )
        )
        self.unit_names = [name for pk, name, _, _ in units if pk in self.units_visible]
        self.unit_name = {pk: name for pk, name, _, _ in units}
        self._alias(aliases)
        numbers = sorted({row.values["facts"].number for row in rows if row.values.get("facts")})
        self.cadres: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(numbers):
            for c in Cadre.objects.filter(id_number__in=chunk).values(
                "id", "id_number", "county_id", "county__name", *CADRE_FIELDS
            ):
                self.cadres[c["id_number"]] = c
        cadre_ids = sorted(c["id"] for c in self.cadres.values())
        self.memberships: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for chunk in _chunks(cadre_ids):
            for m in Membership.objects.filter(cadre_id__in=chunk).values(
                "id",
                "cadre_id",
                "team_id",
                *MEMBERSHIP_FIELDS,
                "team__village__name",
                "team__village__township__parent_id",
                "team__village__township__parent__name",
            ):
                self.memberships[m["cadre_id"]].append(m)

    def _alias(self, aliases: dict[str, Any]) -> None:
        """The user's mapping of near-duplicate names onto existing records, if it still fits."""
        for alias in aliases.get("townships", []):
            if alias.get("pk") in self.township_names:
                self.township_by_name[cells.text(alias["name"])] = alias["pk"]
        for alias in aliases.get("villages", []):
            township = self.township_by_name.get(cells.text(alias.get("township")))
            pk = alias.get("pk")
            if township is not None and pk in self.village_township and self.village_township[pk] == township:
                name = cells.text(alias["name"])
                self.villages[(township, name)] = pk
                self.villages_by_name[name].append(pk)
        for alias in aliases.get("units", []):
            if alias.get("pk") in self.units_visible:
                self.unit_by_name[cells.text(alias["name"])] = alias["pk"]
