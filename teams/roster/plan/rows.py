"""Parsing and checking one row on its own, and the same ID on several rows."""

from __future__ import annotations

from collections import defaultdict

from teams import idcard
from teams.roster import cells, messages
from teams.roster.reader import Table
from teams.rules import roster_limits

from .results import Row


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
