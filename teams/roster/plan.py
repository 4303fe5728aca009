"""Validation and diffing: what a roster file would create, change or leave alone, row by row.

All database reads happen up front in a handful of set-based queries; rows are then checked in Python,
so a 50,000-row file costs the same few queries as a 5-row one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils import timezone

from teams import idcard
from teams.choices import Rank, RegionLevel, UnitKind, UnitLevel
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from teams.rules import roster_limits

from . import cells, messages
from .reader import Table

Progress = Callable[[float, str], None]
_OPEN = datetime.date.max
CHUNK = 2000
T = TypeVar("T")

CADRE_FIELDS = ("name", "sex", "birth_date", "party_status", "rank", "phone", "is_bilingual", "is_on_staff")
# Optional columns that belong to the row's village, unit or team rather than to the cadre (issue 10):
# key → (what it belongs to, the word for it in messages). An empty cell leaves the stored value alone.
OWN_COLUMNS = {
    "is_key_village": ("village", "村"),  # JN-TEAM-ORIGIN
    "has_untapped_resources": ("village", "村"),  # JN-MATCH
    "staff_total": ("unit", "派出单位"),  # SC-QUOTA
    "withdrawn_on": ("team", "工作队"),  # ALL-NO-WITHDRAW
}
MEMBERSHIP_FIELDS = ("role", "is_leader", "dispatching_unit_id", "start", "end")


# --- things a file may create ---------------------------------------------------------------


# An existing record a new name is near to, which the user may map the name onto: (pk, name).
Match = tuple[int, str]


@dataclass(eq=False)
class NewTownship:
    name: str
    code: str = ""
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None


@dataclass(eq=False)
class NewVillage:
    township: int | NewTownship
    township_name: str
    name: str
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # OWN_COLUMNS given in the file


@dataclass(eq=False)
class NewUnit:
    name: str
    level: str
    kind: str
    region_id: int | None
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class NewTeam:
    village: int | NewVillage
    term_start: datetime.date
    term_end: datetime.date | None
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


def ref_pk(ref: int | NewTownship | NewVillage | NewUnit | NewTeam) -> int:
    pk = ref if isinstance(ref, int) else ref.pk
    assert pk is not None, "a new object is used before it was created"
    return pk


# --- rows -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Row:
    number: int
    cells: list[object]
    issues: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    cadre_pk: int | None = None
    cadre_changes: dict[str, Any] = field(default_factory=dict)
    township: int | NewTownship | None = None
    village: int | NewVillage | None = None
    unit: int | NewUnit | None = None
    team: int | NewTeam | None = None
    membership_pk: int | None = None
    membership_changes: dict[str, Any] = field(default_factory=dict)
    # The posting's (start, end) now and, for an existing membership, before: what derived data follows.
    spans: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    # OWN_COLUMNS this row gives, as they apply to its village, unit or team.
    own: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""  # created / updated / unchanged; "" while invalid

    @property
    def valid(self) -> bool:
        return not self.issues


@dataclass
class Plan:
    county: Region
    table: Table
    rows: list[Row]
    new_townships: list[NewTownship] = field(default_factory=list)
    new_villages: list[NewVillage] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    new_teams: list[NewTeam] = field(default_factory=list)
    # Changes of existing villages, units and teams from OWN_COLUMNS: kind → pk → {field: value}.
    own_changes: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def invalid(self) -> list[Row]:
        return [row for row in self.rows if row.issues]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


# --- names ----------------------------------------------------------------------------------

_VILLAGE_SUFFIXES = ("村民委员会", "社区居民委员会", "村委会", "居委会", "行政村", "社区", "村")
_TOWNSHIP_SUFFIXES = ("街道办事处", "人民政府", "办事处", "街道", "镇", "乡")


def _core(name: str, suffixes: Sequence[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class _Similar:
    """Near-duplicate names: the same after dropping 村/镇/街道-style suffixes, or one inside the other."""

    def __init__(self, names: Iterable[str], suffixes: Sequence[str], drop: str = "") -> None:
        self.suffixes = suffixes
        self.drop = str.maketrans("", "", drop)  # 西平教育局 vs 西平县教育局
        self.by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        core = _core(name, self.suffixes).removeprefix("中共").translate(self.drop)
        if core:
            self.by_first[core[0]].append((core, name))

    def find(self, name: str) -> list[str]:
        core = _core(name, self.suffixes).removeprefix("中共").translate(self.drop)
        if not core:
            return []
        found = []
        for other_core, other in self.by_first.get(core[0], ()):
            if other == name:
                continue
            if other_core == core or (
                min(len(core), len(other_core)) >= 2 and (core in other_core or other_core in core)
            ):
                found.append(other)
        return found


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _overlaps(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    return a_start <= (b_end or _OPEN) and b_start <= (a_end or _OPEN)


def _fmt(day: datetime.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "今"


# --- parsing one row ------------------------------------------------------------------------


def _parse_row(row: Row, table: Table) -> None:
    get = row.cells.__getitem__
    width = len(row.cells)
    values = row.values

    def cell(key: str) -> object:
        position = table.index.get(key)
        return get(position) if position is not None and position < width else None

    def present(key: str) -> object | None:
        value = cell(key)
        return None if value is None or cells.text(value) == "" else value

    def issue(key: str, reason: str) -> None:
        row.issues.append((table.label(key), reason))

    for key in ("name", "unit", "village", "township", "county"):
        values[key] = cells.text(cell(key))
    for key, limit in (("name", 32), ("unit", 128), ("village", 64), ("township", 64)):
        if len(values[key]) > limit:
            issue(key, messages.TEXT_TOO_LONG.format(column=table.label(key), limit=limit))
    for key in ("name", "unit", "village"):
        if not values[key]:
            issue(key, messages.REQUIRED.format(column=table.label(key)))

    raw_id = cell("id_number")
    facts: idcard.IdFacts | None = None
    if raw_id is None or raw_id == "":
        issue("id_number", messages.REQUIRED.format(column=table.label("id_number")))
    else:
        try:
            facts = cells.id_number(raw_id)
        except cells.CellError as exc:
            issue("id_number", str(exc))
    values["facts"] = facts

    if (raw := present("sex")) is not None:
        try:
            sex = cells.sex(raw)
        except cells.CellError as exc:
            issue("sex", str(exc))
        else:
            if facts and sex != facts.sex:
                issue("sex", messages.SEX_MISMATCH.format(expected="男" if facts.sex == "M" else "女"))
    if (raw := present("birth_date")) is not None:
        try:
            born = cells.day(raw)
        except cells.CellError as exc:
            issue("birth_date", str(exc))
        else:
            if facts and not (
                born.date == facts.birth_date
                if born.date
                else born.year == facts.birth_date.year and facts.birth_date.month in born.months
            ):
                issue("birth_date", messages.BIRTH_MISMATCH.format(expected=f"{facts.birth_date:%Y-%m-%d}"))
    for key, parse in (("party_status", cells.party_status), ("rank", cells.rank), ("phone", cells.phone)):
        if (raw := present(key)) is not None:
            try:
                values[key] = parse(raw)
            except cells.CellError as exc:
                issue(key, str(exc))

    if (raw := present("role")) is None:
        issue("role", messages.REQUIRED.format(column=table.label("role")))
    else:
        try:
            values["role"], values["is_leader"] = cells.role(raw)
        except cells.CellError as exc:
            issue("role", str(exc))
    start = end = None
    if (raw := present("start")) is None:
        issue("start", messages.REQUIRED.format(column=table.label("start")))
    else:
        try:
            start = cells.full_date(raw)
        except cells.CellError as exc:
            issue("start", str(exc))
    if (raw := present("end")) is not None:
        try:
            end = cells.full_date(raw)
        except cells.CellError as exc:
            issue("end", str(exc))
    if start and end and end < start:
        issue("end", messages.END_BEFORE_START)
    values["start"], values["end"] = start, end

    # Optional facts for the policy checks (QH-BILINGUAL, SC-STAFF, JN-TEAM-ORIGIN, JN-MATCH, SC-QUOTA,
    # ALL-NO-WITHDRAW): only a filled cell is read; an empty one leaves the record as it is.
    for key in ("is_bilingual", "is_on_staff", "is_key_village", "has_untapped_resources"):
        if (raw := present(key)) is not None:
            try:
                values[key] = cells.yes_no(raw, table.label(key))
            except cells.CellError as exc:
                issue(key, str(exc))
    if (raw := present("staff_total")) is not None:
        try:
            values["staff_total"] = cells.count(raw, table.label("staff_total"))
        except cells.CellError as exc:
            issue("staff_total", str(exc))
    if (raw := present("withdrawn_on")) is not None:
        try:
            values["withdrawn_on"] = cells.full_date(raw)
        except cells.CellError as exc:
            issue("withdrawn_on", str(exc))


# --- the plan -------------------------------------------------------------------------------


def build(
    table: Table,
    county: Region,
    *,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    aliases: dict[str, Any] | None = None,
) -> Plan:
    """Check every row and work out what importing it would do; reads the database, writes nothing.

    ``aliases`` (``ImportBatch.aliases``): names of the file to read as existing townships, villages and
    units (a near-duplicate the user mapped onto the existing record). One that no longer fits (the
    record is gone or elsewhere) is ignored, so the name is new again and the preview says so.
    """
    today = today or timezone.localdate()
    report = progress or (lambda fraction, text: None)
    rows = [Row(number=n, cells=c) for n, c in zip(table.numbers, table.rows, strict=True)]
    plan = Plan(county=county, table=table, rows=rows)
    for i, row in enumerate(rows):
        _parse_row(row, table)
        if i % 5000 == 4999:
            report(0.1 + 0.4 * i / len(rows), f"正在校验第{i + 1}行")
    _duplicates(rows, table)
    report(0.5, "正在比对已有数据")
    _resolve(plan, today, aliases or {})
    report(0.9, "校验完成")
    return plan


def _duplicates(rows: list[Row], table: Table) -> None:
    by_id: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.values.get("facts"):
            by_id[row.values["facts"].number].append(row)
    named = roster_limits.DUPLICATE_ROWS_NAMED
    for same in by_id.values():
        if len(same) > 1:
            # The first rows (so each row names the first occurrence) and a count: one message shared by
            # the group, not a list of every other row on each row (5,000 copies of one row were 246 MB).
            numbers = "、".join(str(r.number) for r in same[:named])
            if len(same) > named:
                numbers += messages.DUPLICATE_MORE.format(count=len(same))
            issue = (table.label("id_number"), messages.DUPLICATE_ID.format(rows=numbers))
            for row in same:
                row.issues.append(issue)


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


def _resolve(plan: Plan, today: datetime.date, aliases: dict[str, Any]) -> None:
    county, table = plan.county, plan.table
    world = _World(county, plan.rows, aliases)
    new_townships: dict[str, NewTownship] = {}
    new_villages: dict[tuple[int | NewTownship, str], NewVillage] = {}
    new_units: dict[str, NewUnit] = {}
    units = _UnitGuess(county)
    team_pending: dict[int | NewVillage, list[Row]] = defaultdict(list)
    # (column, target) → (value, row number) of the first row that gave it, to refuse a contradiction.
    claims: dict[tuple[str, object], tuple[Any, int]] = {}

    def claim(row: Row, kinds: tuple[str, ...], target: dict[str, object]) -> bool:
        """Record the row's OWN_COLUMNS of ``kinds``; False (with an issue) when an earlier row of the
        same village, unit or team gave another value."""
        for key, (kind, what) in OWN_COLUMNS.items():
            if kind not in kinds or key not in row.values:
                continue
            value = row.values[key]
            ref = target[kind][1]  # type: ignore[index]
            if (
                kind == "unit"
                and isinstance(ref, int)
                and ref not in world.units_ours
                and world.own["unit"][ref].get(key) != value
            ):
                row.issues.append((label(key), messages.UNIT_NOT_OURS.format(unit=world.unit_name[ref])))
                return False
            earlier = claims.setdefault((key, target[kind]), (value, row.number))
            if earlier[0] != value:
                row.issues.append(
                    (
                        label(key),
                        messages.ROW_CONFLICT.format(
                            column=label(key),
                            value=_show(value),
                            row=earlier[1],
                            what=what,
                            other=_show(earlier[0]),
                        ),
                    )
                )
                return False
            row.own[key] = value
        return True

    def label(key: str) -> str:
        return table.label(key)

    for row in plan.rows:
        if row.issues:
            continue
        v = row.values
        facts: idcard.IdFacts = v["facts"]
        # County, township, village.
        if v["county"] and not _same_county(v["county"], county):
            row.issues.append(
                (label("county"), messages.OTHER_COUNTY_ROW.format(value=v["county"], county=county))
            )
            continue
        township: int | NewTownship | None = None
        if v["township"]:
            township = world.township_by_name.get(v["township"])
            if township is None:
                township = new_townships.get(v["township"])
                if township is None:
                    township = new_townships[v["township"]] = NewTownship(name=v["township"])
        else:
            found = world.villages_by_name.get(v["village"], [])
            if len(found) == 1:
                township = world.village_township[found[0]]
            else:
                reason = messages.TOWNSHIP_AMBIGUOUS if found else messages.TOWNSHIP_NEEDED
                row.issues.append((label("township"), reason.format(county=county, village=v["village"])))
                continue
        village: int | NewVillage | None = (
            world.villages.get((township, v["village"])) if isinstance(township, int) else None
        )
        if village is None:
            village_key = (township, v["village"])
            village = new_villages.get(village_key)
            if village is None:
                township_name = world.township_names[township] if isinstance(township, int) else township.name
                village = new_villages[village_key] = NewVillage(township, township_name, v["village"])
        unit: int | NewUnit | None = world.unit_by_name.get(v["unit"])
        if unit is None:
            unit = new_units.get(v["unit"])
            if unit is None:
                unit = new_units[v["unit"]] = units.guess(v["unit"])
        row.township, row.village, row.unit = township, village, unit
        if not claim(row, ("village", "unit"), {"village": ("village", village), "unit": ("unit", unit)}):
            continue

        # The cadre.
        existing = world.cadres.get(facts.number)
        history = world.memberships.get(existing["id"], []) if existing else []
        if existing and existing["county_id"] != county.pk:
            row.issues.append((label("id_number"), _other_county_cadre(existing, history, v, county, today)))
            continue
        wanted: dict[str, Any] = {"name": v["name"], "sex": facts.sex, "birth_date": facts.birth_date}
        for key in ("party_status", "rank", "phone", "is_bilingual", "is_on_staff"):
            if key in v:
                wanted[key] = v[key]
        if existing:
            row.cadre_pk = existing["id"]
            row.cadre_changes = {k: val for k, val in wanted.items() if existing[k] != val}
        else:
            if "party_status" not in v:
                row.issues.append(
                    (label("party_status"), messages.REQUIRED.format(column=label("party_status")))
                )
                continue
            wanted.setdefault("rank", Rank.OTHER)
            wanted.setdefault("phone", "")
            row.cadre_changes = wanted

        # The team and the membership.
        start, end = v["start"], v["end"]
        teams = world.teams.get(village, []) if isinstance(village, int) else []
        team = next((t for t in teams if t["term_start"] <= start <= (t["term_end"] or _OPEN)), None)
        if team is None:
            clash = next((t for t in teams if _overlaps(t["term_start"], t["term_end"], start, end)), None)
            if clash is not None:
                row.issues.append(
                    (
                        label("start"),
                        messages.OUTSIDE_TERM.format(
                            start=_fmt(clash["term_start"]), end=_fmt(clash["term_end"])
                        ),
                    )
                )
                continue
            row.team = None  # a new team, settled once every row is known
        else:
            if end is None:
                end = team["term_end"]  # an open-ended appointment ends with the team's term
            if (end or _OPEN) > (team["term_end"] or _OPEN):
                row.issues.append(
                    (
                        label("end"),
                        messages.OUTSIDE_TERM.format(
                            start=_fmt(team["term_start"]), end=_fmt(team["term_end"])
                        ),
                    )
                )
                continue
            row.team = team["id"]
        mine = [m for m in history if row.team is not None and m["team_id"] == row.team]
        match = next((m for m in mine if m["start"] == start), None) or next(
            (m for m in mine if _overlaps(m["start"], m["end"], start, end)), None
        )
        clash_m = next(
            (m for m in history if m is not match and _overlaps(m["start"], m["end"], start, end)), None
        )
        if clash_m is not None:
            row.issues.append(
                (
                    label("start"),
                    messages.MEMBERSHIP_OVERLAP.format(
                        cadre=v["name"],
                        team=f"{clash_m['team__village__name']}驻村工作队"
                        if clash_m["team__village__township__parent_id"] == county.pk
                        else messages.OVERLAP_ELSEWHERE,
                        start=_fmt(clash_m["start"]),
                        end=_fmt(clash_m["end"]),
                    ),
                )
            )
            continue
        # A new team is known by its village until the rows are grouped (one new team per village).
        if not claim(row, ("team",), {"team": ("team", row.team if row.team is not None else village)}):
            continue
        membership = {"role": v["role"], "is_leader": v["is_leader"], "start": start, "end": end}
        row.spans = [(start, end)]
        if match is not None:
            row.spans.append((match["start"], match["end"]))
            row.membership_pk = match["id"]
            changes = {k: val for k, val in membership.items() if match[k] != val}
            if isinstance(unit, int) and match["dispatching_unit_id"] == unit:
                pass
            else:
                changes["dispatching_unit"] = unit
            row.membership_changes = changes
        else:
            row.membership_changes = membership | {"dispatching_unit": unit}
            if row.team is None:
                team_pending[village].append(row)

    plan.new_teams = _new_teams(team_pending)
    changed_own = _own_changes(plan, world)
    for row in plan.rows:
        if row.valid:
            row.outcome = (
                "created"
                if row.membership_pk is None
                else "updated"
                if row.cadre_changes or row.membership_changes or id(row) in changed_own
                else "unchanged"
            )
    _collect_new(plan, world, new_townships, new_villages, new_units)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return _fmt(value) if isinstance(value, datetime.date) else str(value)


def _own_changes(plan: Plan, world: _World) -> set[int]:
    """What the valid rows' OWN_COLUMNS change: set on the new village, unit or team, or recorded in
    ``plan.own_changes`` for an existing one. Returns the ids of the rows that change something."""
    changed: set[int] = set()
    plan.own_changes = {"village": {}, "unit": {}, "team": {}}
    for row in plan.rows:
        if not row.valid:
            continue
        for key, value in row.own.items():
            kind = OWN_COLUMNS[key][0]
            target = {"village": row.village, "unit": row.unit, "team": row.team}[kind]
            if isinstance(target, int):
                if world.own[kind].get(target, {}).get(key) != value:
                    plan.own_changes[kind].setdefault(target, {})[key] = value
                    changed.add(id(row))
            elif target is not None:
                target.values[key] = value
    return changed


def _other_county_cadre(
    existing: dict[str, Any],
    history: list[dict[str, Any]],
    values: dict[str, Any],
    county: Region,
    today: datetime.date,
) -> str:
    """Why another county's cadre cannot be imported here. Only a cadre who serves or served in this
    county is one its office may see (and so be told about); anyone else's ID says nothing of where."""
    here = [m for m in history if m["team__village__township__parent_id"] == county.pk]
    if not here:
        return messages.CADRE_ELSEWHERE
    serving = next(
        (
            m
            for m in here
            if _overlaps(m["start"], m["end"], values["start"], values["end"])
            or (m["start"] <= today <= (m["end"] or _OPEN))
        ),
        None,
    )
    where = (
        messages.CADRE_SERVING.format(
            team=f"{serving['team__village__township__parent__name']}{serving['team__village__name']}",
            start=_fmt(serving["start"]),
            end=_fmt(serving["end"]),
        )
        if serving
        else ""
    )
    return messages.CADRE_OTHER_COUNTY.format(
        county=existing["county__name"], serving=where, target=county.name
    )


def _same_county(text: str, county: Region) -> bool:
    return (
        text in (county.name, county.code)
        or county.name in text
        or (len(text) >= 2 and county.name.startswith(text))
    )


def _new_teams(pending: dict[int | NewVillage, list[Row]]) -> list[NewTeam]:
    """Rows of a village with no team that fits: rows whose periods overlap form one new team."""
    created: list[NewTeam] = []
    for village, rows in pending.items():
        rows.sort(key=lambda r: r.values["start"])
        current: NewTeam | None = None
        for row in rows:
            start, end = row.values["start"], row.values["end"]
            if current is not None and start <= (current.term_end or _OPEN):
                if current.term_end is not None:
                    current.term_end = None if end is None else max(current.term_end, end)
            else:
                current = NewTeam(village=village, term_start=start, term_end=end)
                created.append(current)
            row.team = current
    return created


def _collect_new(
    plan: Plan,
    world: _World,
    townships: dict[str, NewTownship],
    villages: dict[Any, NewVillage],
    units: dict[str, NewUnit],
) -> None:
    """Keep only the new things a valid row needs, and flag near-duplicate names."""
    valid = [row for row in plan.rows if row.valid]
    used = {id(x) for row in valid for x in (row.township, row.village, row.unit)}
    plan.new_townships = [t for t in townships.values() if id(t) in used]
    plan.new_villages = [v for v in villages.values() if id(v) in used]
    plan.new_units = [u for u in units.values() if id(u) in used]
    township_names = _Similar(world.township_names.values(), _TOWNSHIP_SUFFIXES)
    for t in plan.new_townships:
        township_names.add(t.name)
    free = (f"{world.county.code}{n}" for n in range(901, 1000))
    for t in plan.new_townships:
        t.similar = township_names.find(t.name)
        t.matches = _matches(t.similar, world.township_by_name)
        t.code = next((code for code in free if code not in world.township_codes), "")
    by_township: dict[Any, list[NewVillage]] = defaultdict(list)
    for nv in plan.new_villages:
        by_township[nv.township].append(nv)
    for township, new in by_township.items():
        existing = world.village_names_in.get(township, []) if isinstance(township, int) else []
        names = _Similar([*existing, *(n.name for n in new)], _VILLAGE_SUFFIXES)
        in_township = (
            {cells.text(world.village_name[pk]): pk for (t, _), pk in world.villages.items() if t == township}
            if isinstance(township, int)
            else {}
        )
        for nv in new:
            nv.similar = names.find(nv.name)
            nv.matches = _matches(nv.similar, in_township)
    if plan.new_units:
        unit_names = _Similar([*world.unit_names, *(u.name for u in plan.new_units)], (), drop="省市县区")
        for u in plan.new_units:
            u.similar = unit_names.find(u.name)
            u.matches = _matches(u.similar, world.unit_by_name)


def _matches(similar: list[str], existing: dict[str, int]) -> list[Match]:
    """The similar names that are existing records (not other new names of the same file)."""
    return [(existing[cells.text(name)], name) for name in similar if cells.text(name) in existing]


class _UnitGuess:
    """Level, kind and region of a unit the file names but the registry lacks, from its name."""

    _ENTERPRISE = ("公司", "银行", "集团", "有限", "股份", "厂", "信用社")
    _INSTITUTION = (
        "医院",
        "学校",
        "学院",
        "大学",
        "中学",
        "小学",
        "幼儿园",
        "中心",
        "研究",
        "站",
        "所",
        "馆",
        "院",
        "电视台",
        "报社",
    )

    def __init__(self, county: Region) -> None:
        self.county = county
        self.city = county.parent
        self.province = self.city.parent if self.city else None
        self.townships = {
            name: pk for pk, name in Region.objects.filter(parent=county).values_list("id", "name")
        }

    @staticmethod
    def _prefixes(region: Region | None) -> tuple[str, ...]:
        if region is None:
            return ()
        short = region.name[:-1] if len(region.name) > 2 else region.name
        return (region.name, short)

    def guess(self, name: str) -> NewUnit:
        kind = (
            UnitKind.ENTERPRISE
            if any(w in name for w in self._ENTERPRISE)
            else UnitKind.INSTITUTION
            if any(w in name for w in self._INSTITUTION)
            else UnitKind.ORGAN
        )
        stripped = name.removeprefix("中共").removeprefix("国网")
        township = next((pk for t, pk in self.townships.items() if stripped.startswith(t)), None)
        if township is not None:
            level, region = UnitLevel.TOWNSHIP, township
        elif stripped.startswith(self._prefixes(self.county)):
            level, region = UnitLevel.COUNTY, self.county.pk
        elif self.city and stripped.startswith(self._prefixes(self.city)):
            level, region = UnitLevel.CITY, self.city.pk
        elif self.province and stripped.startswith(self._prefixes(self.province)):
            level, region = UnitLevel.PROVINCE, self.province.pk
        elif stripped.startswith(("中央", "国家", "中国", "全国")):
            level, region = UnitLevel.CENTRAL, None
        else:
            level, region = UnitLevel.COUNTY, self.county.pk
        return NewUnit(name=name, level=str(level), kind=str(kind), region_id=region)
