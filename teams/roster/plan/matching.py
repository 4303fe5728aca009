"""Building the plan: every row matched against what the database holds (cadre, village, unit, team,
posting), and the new records a valid row needs."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils import timezone

from teams import idcard
from teams.choices import Rank
from teams.models import Region
from teams.roster import cells, messages
from teams.roster.reader import Table

from .names import _TOWNSHIP_SUFFIXES, _VILLAGE_SUFFIXES, _matches, _Similar, _UnitGuess
from .results import OWN_COLUMNS, NewTeam, NewTownship, NewUnit, NewVillage, Plan, Progress, Row
from .rows import _duplicates, _parse_row
from .world import _World

_OPEN = datetime.date.max


def _overlaps(
    a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date, b_end: datetime.date | None
) -> bool:
    return a_start <= (b_end or _OPEN) and b_start <= (a_end or _OPEN)


def _fmt(day: datetime.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "今"


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
