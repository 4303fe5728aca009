"""Households of a village: the village's count (by hand or from a sheet) and marks on a household."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Office, User
from teams.models import Village
from teams.roster import cells, reader
from teams.roster.columns import Column
from worklog import errors
from worklog.errors import WorklogError
from worklog.models import Household, VillageHouseholds

MARK_OFFICES = (Office.CADRE, Office.TOWNSHIP_COMMITTEE, Office.COUNTY_ORG_DEPT)
MAX_HOUSEHOLDS = 100_000


def village_households_set(*, actor: User, village: Village | int, count: int) -> VillageHouseholds:
    """The county organisation department enters a village's number of households."""
    if actor.office != Office.COUNTY_ORG_DEPT:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_COUNT_MSG)
    village_id = village.pk if isinstance(village, Village) else village
    found = Village.objects.for_user(actor).filter(pk=village_id).first()
    if found is None:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_COUNT_MSG, "village")
    if not isinstance(count, int) or not 1 <= count <= MAX_HOUSEHOLDS:
        raise WorklogError(errors.BAD_COUNT, errors.BAD_COUNT_MSG.format(high=MAX_HOUSEHOLDS), "count")
    with transaction.atomic():
        row, _ = VillageHouseholds.objects.select_for_update().update_or_create(
            village=found, defaults={"count": count, "updated_by": actor}
        )
    return row


def household_mark(
    *, actor: User, household: Household, is_must_be_there: bool, is_must_visit: bool
) -> Household:
    """The team or the township marks a household as one of the 四必到 / 四必访 (SC-HOUSEHOLDS)."""
    if actor.office not in MARK_OFFICES:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MARK_MSG)
    if not Household.objects.for_user(actor).filter(pk=household.pk).exists():
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MARK_MSG)
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        locked.is_must_be_there, locked.is_must_visit = is_must_be_there, is_must_visit
        locked.save(update_fields=["is_must_be_there", "is_must_visit"])
    return locked


# --- household counts imported from a sheet -------------------------------------------------------

IMPORT_ROWS_NAMED = 10
HOUSEHOLD_SHEET = reader.Sheet(
    columns=(
        Column("township", "乡镇", ("乡镇", "乡镇（街道）", "乡镇街道", "乡（镇）")),
        Column("village", "村名", ("村名", "村", "行政村", "村名称", "派驻村"), required=True),
        Column("count", "户数", ("户数", "农户数", "总户数", "村户数"), required=True),
    ),
    anchor=frozenset({"village", "count"}),
    no_header=errors.NO_HOUSEHOLDS_HEADER_MSG,
)


def village_households_import(*, actor: User, content: bytes, file_name: str) -> int:
    """The county imports its villages' household counts (csv/xlsx/xls; columns 乡镇 (optional), 村名,
    户数) with the roster's reader and bounds. Every row must name one village of the county and a count;
    otherwise nothing is written and the bad rows are named. Returns the number of villages written."""
    if actor.office != Office.COUNTY_ORG_DEPT:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_COUNT_MSG)
    try:
        table = reader.read(content, file_name, HOUSEHOLD_SHEET)
    except reader.UnreadableFile as exc:
        raise WorklogError(errors.UNREADABLE_FILE, str(exc), "file") from exc
    villages: dict[str, list[Village]] = {}
    for village in Village.objects.for_user(actor).select_related("township"):
        villages.setdefault(village.name, []).append(village)
    found: dict[int, int] = {}
    problems: list[str] = []

    def cell(row: list[object], key: str) -> str:
        at = table.index.get(key)
        return cells.text(row[at]).strip() if at is not None and at < len(row) else ""

    for number, row in zip(table.numbers, table.rows, strict=True):
        name, township, raw = cell(row, "village"), cell(row, "township"), cell(row, "count")
        candidates = [v for v in villages.get(name, []) if not township or v.township.name == township]
        if len(candidates) != 1:
            template = errors.ROW_NO_VILLAGE if not candidates else errors.ROW_AMBIGUOUS_VILLAGE
            problems.append(template.format(row=number, name=name[:20]))
            continue
        value = raw[:-2] if raw.endswith(".0") else raw
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_HOUSEHOLDS:
            problems.append(errors.ROW_BAD_COUNT.format(row=number, value=raw[:20], high=MAX_HOUSEHOLDS))
            continue
        if candidates[0].pk in found:
            problems.append(errors.ROW_TWICE.format(row=number, name=name[:20]))
            continue
        found[candidates[0].pk] = int(value)
    if problems:
        shown = "；".join(problems[:IMPORT_ROWS_NAMED]) + ("等" if len(problems) > IMPORT_ROWS_NAMED else "")
        raise WorklogError(
            errors.IMPORT_INVALID, errors.IMPORT_INVALID_MSG.format(count=len(problems), rows=shown), "file"
        )
    with transaction.atomic():
        for village_id, count in found.items():
            VillageHouseholds.objects.update_or_create(
                village_id=village_id, defaults={"count": count, "updated_by": actor}
            )
    return len(found)
