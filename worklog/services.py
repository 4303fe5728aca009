"""Writes of the work log, households, meetings, linked leaders, support visits and must-visit cases.

Keyword-only, one transaction each; a refusal is a ``WorklogError`` (code and Chinese message in
``errors``) and nothing is written. A visit is entered once: a log entry of kind visit with its households;
a care visit is one ``SupportVisit`` that closes its case."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from attendance.leave.services import validate_attachment
from core.params import clean_text
from teams.choices import RegionLevel
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from teams.roster import cells, reader
from teams.roster.columns import Column

from . import errors
from .errors import WorklogError
from .models import (
    SUMMARY_MAX_CHARS,
    TEXT_MAX_CHARS,
    CareCase,
    EntryKind,
    Household,
    LinkLeader,
    LogEntry,
    Meeting,
    MeetingLevel,
    SupportKind,
    SupportVisit,
    VillageHouseholds,
)

MARK_OFFICES = (Office.CADRE, Office.TOWNSHIP_COMMITTEE, Office.COUNTY_ORG_DEPT)
# A second identical submission within this window is the same entry (a double click, a phone retrying).
DOUBLE_SUBMIT_SECONDS = 60
MAX_HOUSEHOLDS = 100_000
UNIT_KINDS = (SupportKind.UNIT_HEARING, SupportKind.UNIT_HEAD_VISIT, SupportKind.UNIT_LEADER_VISIT)
CARE_OFFICES = (
    Office.COUNTY_ORG_DEPT,
    Office.COUNTY_RURAL_BUREAU,
    Office.TOWNSHIP_COMMITTEE,
    Office.DISPATCHING_UNIT,
)


def _not_future(day: datetime.date, today: datetime.date, field: str = "date") -> None:
    if day > today:
        raise WorklogError(errors.FUTURE_DATE, errors.FUTURE_DATE_MSG.format(today=today.isoformat()), field)


# --- log entries -------------------------------------------------------------------------------


def _entry_team(
    actor: User, team: Team | int | None, cadre: Cadre | int | None, day: datetime.date
) -> tuple[Team, Cadre | None]:
    """The team and cadre of a new entry: a cadre writes for themself in the team they serve on that day;
    a township committee writes a team's entry (or a member's) for a team of its township."""
    if actor.office == Office.CADRE and actor.cadre_id:
        membership = (
            Membership.objects.filter(cadre_id=actor.cadre_id)
            .active_on(day)
            .select_related("team", "cadre")
            .first()
        )
        if membership is None:
            raise WorklogError(errors.NO_TEAM, errors.NO_TEAM_MSG.format(date=day.isoformat()), "date")
        return membership.team, membership.cadre
    if actor.office != Office.TOWNSHIP_COMMITTEE:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_ENTRY_MSG)
    team_id = team.pk if isinstance(team, Team) else team
    found = Team.objects.for_user(actor).filter(pk=team_id).first() if team_id else None
    if found is None:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_ENTRY_MSG, "team")
    if not found.is_active_on(day):
        raise WorklogError(
            errors.TEAM_NOT_ACTIVE, errors.TEAM_NOT_ACTIVE_MSG.format(date=day.isoformat()), "date"
        )
    cadre_id = cadre.pk if isinstance(cadre, Cadre) else cadre
    if cadre_id is None:
        return found, None
    membership = (
        Membership.objects.filter(team=found, cadre_id=cadre_id)
        .active_on(day)
        .select_related("cadre")
        .first()
    )
    if membership is None:
        raise WorklogError(
            errors.CADRE_NOT_IN_TEAM,
            errors.CADRE_NOT_IN_TEAM_MSG.format(cadre="该干部", date=day.isoformat()),
            "cadre",
        )
    return found, membership.cadre


def _households(
    team: Team,
    kind: str,
    households: Sequence[Household | int],
    new_households: Sequence[tuple[str, str]],
) -> list[Household]:
    """The entry's households: chosen ones (of the team's village only) and new ones by head name and
    doorplate, created in the village when first visited. Checked before anything is written."""
    if (households or new_households) and kind != EntryKind.VISIT:
        raise WorklogError(
            errors.HOUSEHOLDS_ONLY_FOR_VISITS, errors.HOUSEHOLDS_ONLY_FOR_VISITS_MSG, "households"
        )
    village = team.village
    ids = [h.pk if isinstance(h, Household) else h for h in households]
    chosen = list(Household.objects.filter(pk__in=ids))
    if len(chosen) != len(set(ids)) or any(h.village_id != village.pk for h in chosen):
        stranger = next((h for h in chosen if h.village_id != village.pk), None)
        shown = (
            stranger.head_name
            if stranger and stranger.village.township_id == village.township_id
            else "所选农户"
        )
        raise WorklogError(
            errors.OTHER_VILLAGE,
            errors.OTHER_VILLAGE_MSG.format(household=shown, village=village.name),
            "households",
        )
    cleaned: list[tuple[str, str]] = []
    for head_name, doorplate in new_households:
        head = clean_text(head_name, label="户主姓名", limit=32, field="households")
        plate = clean_text(doorplate, label="门牌/组", limit=64, field="households")
        if not head:
            raise WorklogError(errors.EMPTY_HEAD_NAME, errors.EMPTY_HEAD_NAME_MSG, "households")
        cleaned.append((head, plate))
    for head, plate in cleaned:
        found, _ = Household.objects.get_or_create(village=village, head_name=head, doorplate=plate)
        chosen.append(found)
    return chosen


def log_entry_create(
    *,
    actor: User,
    kind: str,
    date: datetime.date,
    summary: str,
    team: Team | int | None = None,
    cadre: Cadre | int | None = None,
    place: str = "",
    people: str = "",
    households: Sequence[Household | int] = (),
    new_households: Sequence[tuple[str, str]] = (),
    attachment: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> LogEntry:
    """A cadre's (or a township clerk's for a team) entry. The same cadre, date, kind and summary again
    within DOUBLE_SUBMIT_SECONDS returns the first entry and writes nothing."""
    today = today or timezone.localdate()
    if kind not in EntryKind.values:
        raise WorklogError(errors.BAD_KIND, errors.BAD_KIND_MSG, "kind")
    _not_future(date, today)
    summary = clean_text(summary, label="工作内容", limit=SUMMARY_MAX_CHARS, field="summary")
    if not summary:
        raise WorklogError(errors.EMPTY_SUMMARY, errors.EMPTY_SUMMARY_MSG, "summary")
    place = clean_text(place, label="地点", limit=100, field="place")
    people = clean_text(people, label="涉及人员", limit=TEXT_MAX_CHARS, field="people")
    if attachment is not None:
        validate_attachment(attachment)
    target_team, target_cadre = _entry_team(actor, team, cadre, date)
    with transaction.atomic():
        # The team's row serialises a double submission from two requests racing.
        Team.objects.select_for_update().filter(pk=target_team.pk).first()
        since = timezone.now() - datetime.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
        twin = LogEntry.objects.filter(
            team=target_team, cadre=target_cadre, date=date, kind=kind, summary=summary, created_at__gte=since
        ).first()
        if twin is not None:
            return twin
        chosen = _households(target_team, kind, households, new_households)
        entry = LogEntry.objects.create(
            team=target_team,
            cadre=target_cadre,
            kind=kind,
            date=date,
            place=place,
            summary=summary,
            people=people,
            attachment=attachment,
            created_by=actor,
        )
        if chosen:
            entry.households.set(chosen)
    return entry


def may_edit_entry(user: User, entry: LogEntry) -> bool:
    if user.office == Office.CADRE:
        return bool(user.cadre_id) and entry.cadre_id == user.cadre_id
    if user.office == Office.TOWNSHIP_COMMITTEE:
        return LogEntry.objects.for_user(user).filter(pk=entry.pk).exists()
    return False


def log_entry_update(
    *,
    actor: User,
    entry: LogEntry,
    kind: str,
    date: datetime.date,
    summary: str,
    place: str = "",
    people: str = "",
    households: Sequence[Household | int] = (),
    new_households: Sequence[tuple[str, str]] = (),
    today: datetime.date | None = None,
) -> LogEntry:
    """The writer corrects an entry (a cadre only their own); the team stays, the date may not be future."""
    today = today or timezone.localdate()
    if not may_edit_entry(actor, entry):
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_OWN_ENTRY_MSG)
    if kind not in EntryKind.values:
        raise WorklogError(errors.BAD_KIND, errors.BAD_KIND_MSG, "kind")
    _not_future(date, today)
    summary = clean_text(summary, label="工作内容", limit=SUMMARY_MAX_CHARS, field="summary")
    if not summary:
        raise WorklogError(errors.EMPTY_SUMMARY, errors.EMPTY_SUMMARY_MSG, "summary")
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().select_related("team__village").get(pk=entry.pk)
        chosen = _households(locked.team, kind, households, new_households)
        locked.kind, locked.date, locked.summary = kind, date, summary
        locked.place = clean_text(place, label="地点", limit=100, field="place")
        locked.people = clean_text(people, label="涉及人员", limit=TEXT_MAX_CHARS, field="people")
        locked.save()
        locked.households.set(chosen)
    return locked


# --- households ------------------------------------------------------------------------------------


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


# --- meetings --------------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: User,
    date: datetime.date,
    title: str,
    minutes: str = "",
    attendees: Sequence[Cadre | int] = (),
    today: datetime.date | None = None,
) -> Meeting:
    """The county office records a county meeting, the township committee a township meeting; attendees
    are cadres of the region's roster."""
    today = today or timezone.localdate()
    region: Region | None = actor.region
    if actor.office == Office.COUNTY_ORG_DEPT:
        level = MeetingLevel.COUNTY
        if region is None or region.level != RegionLevel.COUNTY:
            raise WorklogError(errors.NOT_A_COUNTY, errors.NOT_A_COUNTY_MSG)
    elif actor.office == Office.TOWNSHIP_COMMITTEE:
        level = MeetingLevel.TOWNSHIP
        if region is None or region.level != RegionLevel.TOWNSHIP:
            raise WorklogError(errors.NOT_A_COUNTY, errors.NOT_A_COUNTY_MSG)
    else:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MEETING_MSG)
    _not_future(date, today)
    title = clean_text(title, label="会议名称", limit=100, field="title")
    if not title:
        raise WorklogError(errors.EMPTY_TITLE, errors.EMPTY_TITLE_MSG, "title")
    minutes = clean_text(minutes, label="会议纪要", limit=TEXT_MAX_CHARS, field="minutes")
    ids = {a.pk if isinstance(a, Cadre) else a for a in attendees}
    found = set(
        Membership.objects.filter(cadre_id__in=ids, team__village__township__path__startswith=region.path)
        .filter(Q(end__isnull=True) | Q(end__gte=date), start__lte=date)
        .values_list("cadre_id", flat=True)
    )
    if found != ids:
        raise WorklogError(errors.ATTENDEE_OUTSIDE, errors.ATTENDEE_OUTSIDE_MSG, "attendees")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            level=level, region=region, date=date, title=title, minutes=minutes, created_by=actor
        )
        meeting.attendees.set(ids)
    return meeting


# --- linked leaders and support visits ----------------------------------------------------------


def link_leader_create(
    *, actor: User, village: Village | int, name: str, position: str, start: datetime.date
) -> LinkLeader:
    if actor.office not in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE):
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_LINK_MSG)
    village_id = village.pk if isinstance(village, Village) else village
    found = Village.objects.for_user(actor).filter(pk=village_id).first()
    if found is None:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_LINK_MSG, "village")
    name = clean_text(name, label="姓名", limit=32, field="name")
    position = clean_text(position, label="单位与职务", limit=100, field="position")
    if not name or not position:
        raise WorklogError(errors.EMPTY_NAME, errors.EMPTY_NAME_MSG, "name")
    with transaction.atomic():
        return LinkLeader.objects.create(village=found, name=name, position=position, start=start)


def support_visit_create(
    *,
    actor: User,
    kind: str,
    date: datetime.date,
    team: Team | int,
    link_leader: LinkLeader | int | None = None,
    dispatching_unit: DispatchingUnit | int | None = None,
    care_case: CareCase | int | None = None,
    visitor: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> SupportVisit:
    """A linked leader's visit (county/township), the dispatching unit's hearing or leaders' visit (the unit
    for its own teams, or the county), or a care visit that closes its must-visit case."""
    today = today or timezone.localdate()
    if kind not in SupportKind.values:
        raise WorklogError(errors.BAD_SUPPORT_KIND, errors.BAD_SUPPORT_KIND_MSG, "kind")
    _not_future(date, today)
    team_id = team.pk if isinstance(team, Team) else team
    found = Team.objects.for_user(actor).filter(pk=team_id).select_related("village").first()
    if found is None:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_UNIT_MSG, "team")
    visitor = clean_text(visitor, label="到村人员", limit=64, field="visitor")
    note = clean_text(note, label="情况", limit=TEXT_MAX_CHARS, field="note")
    leader: LinkLeader | None = None
    unit: DispatchingUnit | None = None
    case: CareCase | None = None
    if kind == SupportKind.LINK_VISIT:
        if actor.office not in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE):
            raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_LINK_MSG)
        leader_id = link_leader.pk if isinstance(link_leader, LinkLeader) else link_leader
        leader = LinkLeader.objects.filter(pk=leader_id or 0, village_id=found.village_id).first()
        if leader is None:
            raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_LINK_MSG, "link_leader")
        if leader.start > date or (leader.end is not None and leader.end < date):
            raise WorklogError(
                errors.LINK_LEADER_ENDED, errors.LINK_LEADER_ENDED_MSG.format(date=date.isoformat()), "date"
            )
        visitor = visitor or leader.name
    elif kind in UNIT_KINDS:
        if actor.office == Office.DISPATCHING_UNIT:
            unit_id = actor.dispatching_unit_id
        elif actor.office == Office.COUNTY_ORG_DEPT:
            unit_id = (
                dispatching_unit.pk if isinstance(dispatching_unit, DispatchingUnit) else dispatching_unit
            )
        else:
            raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_UNIT_MSG)
        posted = Membership.objects.filter(team=found, dispatching_unit_id=unit_id).active_on(date)
        unit = DispatchingUnit.objects.filter(pk=unit_id).first() if unit_id else None
        if unit is None or not posted.exists():
            raise WorklogError(
                errors.UNIT_NOT_OF_TEAM,
                errors.UNIT_NOT_OF_TEAM_MSG.format(
                    unit=unit.name if unit else "该派出单位", date=date.isoformat()
                ),
                "dispatching_unit",
            )
    else:
        if actor.office not in CARE_OFFICES:
            raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_CARE_MSG)
        case_id = care_case.pk if isinstance(care_case, CareCase) else care_case
        case = CareCase.objects.for_user(actor).filter(pk=case_id or 0).first()
        if case is None:
            raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_CARE_MSG, "care_case")
    with transaction.atomic():
        if case is not None:
            case = CareCase.objects.select_for_update().get(pk=case.pk)
            if case.closed_on is not None:
                raise WorklogError(
                    errors.CASE_CLOSED,
                    errors.CASE_CLOSED_MSG.format(date=case.closed_on.isoformat()),
                    "care_case",
                )
            if date < case.opened_on:
                raise WorklogError(
                    errors.CASE_BEFORE_OPENED,
                    errors.CASE_BEFORE_OPENED_MSG.format(date=case.opened_on.isoformat()),
                    "date",
                )
            case.closed_on = date
            case.save(update_fields=["closed_on"])
        return SupportVisit.objects.create(
            kind=kind,
            date=date,
            team=found,
            link_leader=leader,
            dispatching_unit=unit,
            care_case=case,
            visitor=visitor,
            note=note,
            created_by=actor,
        )


# --- five must-visits ------------------------------------------------------------------------------


def care_case_open(
    *,
    actor: User,
    cadre: Cadre | int,
    situation: str,
    opened_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> CareCase:
    """Anyone of the county, township or dispatching unit who learns of a cadre's situation opens a case."""
    today = today or timezone.localdate()
    if actor.office not in CARE_OFFICES:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_CARE_MSG)
    if situation not in dict(CareCase._meta.get_field("situation").choices or []):
        raise WorklogError(errors.BAD_SITUATION, errors.BAD_SITUATION_MSG, "situation")
    _not_future(opened_on, today, "opened_on")
    cadre_id = cadre.pk if isinstance(cadre, Cadre) else cadre
    found = Cadre.objects.for_user(actor).filter(pk=cadre_id).first()
    if found is None:
        raise WorklogError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_CARE_MSG, "cadre")
    note = clean_text(note, label="情况说明", limit=TEXT_MAX_CHARS, field="note")
    with transaction.atomic():
        return CareCase.objects.create(
            cadre=found, situation=situation, opened_on=opened_on, opened_by=actor, note=note
        )


def care_case_team(case: CareCase, day: datetime.date) -> Team | None:
    """The team the cadre served on (on the day, else latest): where the care visit is recorded."""
    memberships = Membership.objects.filter(cadre_id=case.cadre_id).select_related("team")
    found = memberships.active_on(day).first() or memberships.order_by("-start").first()
    return found.team if found else None


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
