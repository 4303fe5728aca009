"""Importing a training attendance sheet (签到表 / 参训名单) into one event's records (issue 13).

The sheet is read by the roster's reader under the roster's bounds (``teams.roster.reader`` and
``teams.roster.bounds``: size, rows, columns, cells, text, zip ratio), so a hostile file is refused with
the same message the roster gives. Each data row is matched to a cadre the importing office may reach
(``Cadre.objects.for_user`` within the county: the cadres it manages; a township, those of them posted in it) and
gets either its cadre or the reason it cannot be imported. The import is all or nothing: a commit
re-checks the stored file under the import's row lock and writes every row or none.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import Office, User
from teams import errors as team_errors
from teams import idcard
from teams.errors import ServiceError
from teams.models import Cadre, Membership
from teams.roster import cells, reader
from teams.roster import messages as roster_messages
from teams.roster.columns import Column
from teams.rules import roster_limits

from .models import ImportStatus, RecordSource, TrainingEvent, TrainingImport, TrainingRecord

# --- messages (tests import these) ----------------------------------------------------------

NO_HEADER = "未找到表头：表格前{rows}行中没有包含“姓名”的一行"
UNREADABLE = "无法读取文件：请上传 .xlsx、.xls 或 .csv 格式的培训签到表"
EMPTY_NAME = "请填写姓名"
# An unknown name, and an ID number of nobody the office may reach (another county's cadre included):
# one message, so that a sheet cannot be used to learn who is registered elsewhere.
NOT_FOUND = "未找到该干部：本辖区驻村干部中没有此姓名或身份证号"
AMBIGUOUS = "同名干部有{count}人，请填写身份证号"
BAD_ID = "身份证号无效：{reason}"
NAME_MISMATCH = "姓名与身份证号不符：该身份证号登记的干部为“{name}”"
BAD_DAYS = "天数“{value}”无效，应为大于0的整天或半天（如2或2.5）"
DAYS_OVER = "天数{value}超过本次培训的{days}天"
DUPLICATE = "重复行：与第{row}行为同一干部"
ALREADY = "已登记：该干部已在本次培训的参训名单中"

NOT_ALLOWED = "training_import_not_allowed"
NOT_ALLOWED_MSG = "只有县委组织部（或乡镇党委对本乡镇组织的培训）可以导入培训名单"
UNREADABLE_FILE = "training_import_unreadable"
INVALID_ROWS = "training_import_invalid_rows"
INVALID_ROWS_MSG = "未导入：第{rows}行无法导入（共{count}行）。全部导入或全部不导入，请修正后重新上传"
NOTHING = "training_import_nothing"
NOTHING_MSG = "文件中没有可导入的数据行"
DONE = "training_import_done"
DONE_MSG = "该名单已导入，无需重复提交"
FAILED = "training_import_failed"
FAILED_MSG = "该名单检查未通过，请修正后重新上传"
CONCURRENT = "training_import_concurrent"
CONCURRENT_MSG = team_errors.CONCURRENT_CHANGE_MSG

# The rows a refusal names before "等".
ROWS_NAMED = roster_limits.DUPLICATE_ROWS_NAMED

# --- the sheet's columns --------------------------------------------------------------------

COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "姓名",
        ("姓名", "干部姓名", "参训人员", "参训人姓名", "学员姓名", "参训干部", "名字"),
        required=True,
    ),
    Column("id_number", "身份证号", ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证")),
    Column(
        "unit",
        "工作单位",
        ("工作单位", "单位", "派出单位", "所在单位", "单位名称", "选派单位", "工作单位及职务", "单位及职务"),
    ),
    Column(
        "days", "培训天数", ("培训天数", "天数", "参训天数", "实际参训天数", "培训时间(天)", "参训时间(天)")
    ),
)
HEADERS = tuple(c.header for c in COLUMNS)
SHEET = reader.Sheet(columns=COLUMNS, anchor=frozenset({"name"}), no_header=NO_HEADER)

_DAYS_TEXT = re.compile(r"^(\d{1,3}(?:\.\d{1,3})?)天?$")


class TrainingImportError(ServiceError):
    """A refused upload or commit; nothing was written. ``rows`` names the invalid rows, if any."""

    def __init__(self, code: str, message: str, field: str | None = None, *, rows: list[int] | None = None):
        super().__init__(code, message, field)
        self.rows = rows or []


@dataclass
class RowOutcome:
    row: int  # as the spreadsheet numbers it
    name: str
    id_number: str  # as typed (normalised); shown through teams.masking
    unit: str
    days: str  # the days to record ("" when the cell could not be read)
    cadre: int | None = None
    reason: str = ""


# --- who may import -------------------------------------------------------------------------


def may_import(user: Any, event: TrainingEvent) -> bool:
    """The county organisation department for any event it reaches (its own, its townships', its
    city's and province's: its cadres attend those too); a township committee for its own events."""
    office = getattr(user, "office", "")
    if office == Office.COUNTY_ORG_DEPT:
        return bool(user.region_id)
    if office == Office.TOWNSHIP_COMMITTEE:
        return bool(user.region_id) and user.region_id == event.region_id
    return False


def _require(user: Any, event: TrainingEvent) -> None:
    if not may_import(user, event):
        raise TrainingImportError(NOT_ALLOWED, NOT_ALLOWED_MSG)


# --- reading and matching -------------------------------------------------------------------


def read_sheet(content: bytes, file_name: str) -> reader.Table:
    """The sheet's rows; TrainingImportError with the reader's (or the bounds') Chinese message."""
    try:
        return reader.read(content, file_name, SHEET)
    except reader.UnreadableFile as exc:
        message = str(exc)
        if message == roster_messages.UNREADABLE:
            message = UNREADABLE
        raise TrainingImportError(UNREADABLE_FILE, message, "file") from exc


def _cell(row: list[object], index: dict[str, int], key: str) -> object:
    at = index.get(key)
    return row[at] if at is not None and at < len(row) else None


def _days(raw: object, event: TrainingEvent) -> tuple[Decimal | None, str]:
    """The days a row records (the event's when empty), or None with the reason."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return event.days, ""
    shown = cells.text(raw)
    if isinstance(raw, bool):
        return None, BAD_DAYS.format(value=shown)
    try:
        if isinstance(raw, int | float):
            value = Decimal(str(raw))
        else:
            found = _DAYS_TEXT.match(unicodedata.normalize("NFKC", shown))
            if found is None:
                return None, BAD_DAYS.format(value=shown)
            value = Decimal(found.group(1))
    except InvalidOperation:
        return None, BAD_DAYS.format(value=shown)
    if not value.is_finite() or value <= 0 or (value * 2) % 1 != 0:
        return None, BAD_DAYS.format(value=shown)
    if value > event.days:
        return None, DAYS_OVER.format(value=plain_days(value), days=plain_days(event.days))
    return value.quantize(Decimal("0.1")), ""


def plain_days(value: Decimal) -> str:
    """2.0 → 2, 2.5 → 2.5."""
    return f"{value.normalize():f}"


def _unit_names(cadre_ids: set[int]) -> dict[int, set[str]]:
    names: dict[int, set[str]] = defaultdict(set)
    for cadre_id, unit in Membership.objects.filter(cadre_id__in=cadre_ids).values_list(
        "cadre_id", "dispatching_unit__name"
    ):
        names[cadre_id].add(cells.text(unit))
    return names


def plan(*, user: User, event: TrainingEvent, table: reader.Table) -> dict[str, Any]:
    """Every row's outcome, as the report stored on the import (JSON)."""
    outcomes: list[RowOutcome] = []
    typed: list[tuple[RowOutcome, idcard.IdFacts | None]] = []
    for number, row in zip(table.numbers, table.rows, strict=True):
        name = cells.text(_cell(row, table.index, "name"))
        raw_id = _cell(row, table.index, "id_number")
        unit = cells.text(_cell(row, table.index, "unit"))
        days, days_reason = _days(_cell(row, table.index, "days"), event)
        outcome = RowOutcome(
            row=number, name=name, id_number="", unit=unit, days="" if days is None else str(days)
        )
        facts = None
        reason = ""
        if raw_id not in (None, "") and cells.text(raw_id):
            try:
                facts = cells.id_number(raw_id)
                outcome.id_number = facts.number
            except cells.CellError as exc:
                outcome.id_number = cells.text(raw_id)
                reason = BAD_ID.format(reason=exc)
        if not name:
            reason = EMPTY_NAME
        outcome.reason = reason or days_reason
        outcomes.append(outcome)
        typed.append((outcome, facts))

    names = {o.name for o in outcomes if o.name}
    numbers = {f.number for _, f in typed if f is not None}
    # As a record entered by hand (training.services.record_add): the cadres the county manages that
    # the office reaches (a township: those posted in it). Anyone else reads as not found.
    county = user.region.county if user.region is not None else None
    reachable = Cadre.objects.for_user(user).filter(county=county)
    found = list(
        reachable.filter(name__in=names).values_list("pk", "name", "id_number")
        if not numbers
        else (reachable.filter(name__in=names) | reachable.filter(id_number__in=numbers))
        .distinct()
        .values_list("pk", "name", "id_number")
    )
    by_id = {number: (pk, name) for pk, name, number in found}
    by_name: dict[str, list[int]] = defaultdict(list)
    for pk, name, _ in found:
        by_name[name].append(pk)
    ambiguous = {pk for pks in by_name.values() if len(pks) > 1 for pk in pks}
    units = _unit_names(ambiguous) if ambiguous and "unit" in table.index else {}

    for outcome, facts in typed:
        if outcome.reason:
            continue
        if facts is not None:
            hit = by_id.get(facts.number)
            if hit is None:
                outcome.reason = NOT_FOUND
            elif hit[1] != outcome.name:
                outcome.reason = NAME_MISMATCH.format(name=hit[1])
            else:
                outcome.cadre = hit[0]
            continue
        candidates = by_name.get(outcome.name, [])
        if len(candidates) > 1 and outcome.unit:
            # A unit column tells two cadres of one name apart when it names the unit of only one.
            narrowed = [pk for pk in candidates if outcome.unit in units.get(pk, set())]
            candidates = narrowed if len(narrowed) == 1 else candidates
        if not candidates:
            outcome.reason = NOT_FOUND
        elif len(candidates) > 1:
            outcome.reason = AMBIGUOUS.format(count=len(candidates))
        else:
            outcome.cadre = candidates[0]

    first_row: dict[int, int] = {}
    for outcome in outcomes:
        if outcome.cadre is None:
            continue
        if outcome.cadre in first_row:
            outcome.reason, outcome.cadre = DUPLICATE.format(row=first_row[outcome.cadre]), None
        else:
            first_row[outcome.cadre] = outcome.row
    recorded = set(
        TrainingRecord.objects.filter(event=event, cadre_id__in=first_row).values_list("cadre_id", flat=True)
    )
    for outcome in outcomes:
        if outcome.cadre in recorded:
            outcome.reason, outcome.cadre = ALREADY, None

    invalid = [o.row for o in outcomes if o.reason]
    return {
        "columns": {key: table.label(key) for key in table.index},
        "ignored": table.ignored,
        "rows": [asdict(o) for o in outcomes],
        "total": len(outcomes),
        "invalid_rows": invalid,
        "valid": len(outcomes) - len(invalid),
    }


def refusal(invalid_rows: list[int]) -> str:
    named = "、".join(str(n) for n in invalid_rows[:ROWS_NAMED])
    if len(invalid_rows) > ROWS_NAMED:
        named += "等"
    return INVALID_ROWS_MSG.format(rows=named, count=len(invalid_rows))


# --- writes ---------------------------------------------------------------------------------


def training_import_create(
    *, user: User, event: TrainingEvent, file_name: str, content: bytes, now: datetime.datetime
) -> TrainingImport:
    """Check an uploaded sheet and keep it with every row's outcome (status 待确认). A file that cannot
    be read (or passes a limit) is refused and not kept."""
    _require(user, event)
    table = read_sheet(content, file_name)
    report = plan(user=user, event=event, table=table)
    return TrainingImport.objects.create(
        event=event,
        created_by=user,
        created_at=now,
        file_name=file_name[:255],
        content=content,
        status=ImportStatus.PREVIEWED,
        report=report,
    )


def training_import_commit(*, user: User, training_import: TrainingImport, now: datetime.datetime) -> int:
    """Write the records of every row, or none: the stored file is checked again under the import's
    row lock (a record entered by hand since the preview makes its row 已登记), and a second commit (a
    double click, two clerks) waits for the lock, finds the import committed and writes nothing.
    Returns the number of records written."""
    refused: TrainingImportError | None = None
    with transaction.atomic():
        locked = TrainingImport.objects.select_for_update().select_related("event").get(pk=training_import.pk)
        _require(user, locked.event)
        if locked.status == ImportStatus.COMMITTED:
            raise TrainingImportError(DONE, DONE_MSG)
        if locked.status == ImportStatus.FAILED:
            raise TrainingImportError(FAILED, FAILED_MSG)
        # The event's lock too, the one a record entered by hand takes: the two are served in turn.
        TrainingEvent.objects.select_for_update().filter(pk=locked.event_id).first()
        report = plan(
            user=user, event=locked.event, table=read_sheet(bytes(locked.content), locked.file_name)
        )
        invalid = report["invalid_rows"]
        if invalid or not report["valid"]:
            # Nothing is written but each row's new outcome, so that the preview shows why.
            locked.report = report
            locked.save(update_fields=["report"])
            refused = (
                TrainingImportError(INVALID_ROWS, refusal(invalid), rows=invalid)
                if invalid
                else TrainingImportError(NOTHING, NOTHING_MSG)
            )
        else:
            records = [
                TrainingRecord(
                    event=locked.event,
                    cadre_id=row["cadre"],
                    days=Decimal(row["days"]),
                    source=RecordSource.IMPORT,
                    created_by=user,
                    created_at=now,
                )
                for row in report["rows"]
            ]
            try:
                with transaction.atomic():
                    TrainingRecord.objects.bulk_create(records)
            except IntegrityError as exc:  # a record entered by hand at this very moment
                raise TrainingImportError(CONCURRENT, CONCURRENT_MSG) from exc
            _audit(user=user, event=locked.event, records=records, names=[r["name"] for r in report["rows"]])
            locked.status, locked.committed_at, locked.report = ImportStatus.COMMITTED, now, report
            locked.save(update_fields=["status", "committed_at", "report"])
    training_import.refresh_from_db()
    if refused is not None:
        raise refused
    return len(records)


def _audit(*, user: User, event: TrainingEvent, records: list[TrainingRecord], names: list[str]) -> None:
    """A bulk write bypasses auditlog's signals: one 新增 entry per record, in the county of its cadre
    (every matched cadre is the importing county's)."""
    from auditlog.models import AbstractLogEntry

    from audit.recording import record_rows

    county = user.region.county if user.region is not None else None
    record_rows(
        TrainingRecord,
        [
            (
                str(record.pk),
                f"{name}：{event.title}",
                AbstractLogEntry.Action.CREATE,
                {
                    "event": (None, event.pk),
                    "cadre": (None, record.cadre_id),
                    "days": (None, record.days),
                    "source": (None, record.source),
                },
                county.pk if county is not None else None,
            )
            for record, name in zip(records, names, strict=True)
        ],
        actor=user,
    )
