"""Log entries (工作日志): created once (a double submission is the same entry), edited by whom may."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from attendance.leave.services import validate_attachment
from core.params import clean_text
from teams.models import Cadre, Membership, Team
from worklog import errors
from worklog.errors import WorklogError
from worklog.models import SUMMARY_MAX_CHARS, TEXT_MAX_CHARS, EntryKind, Household, LogEntry

from .checks import _not_future

# A second identical submission within this window is the same entry (a double click, a phone retrying).
DOUBLE_SUBMIT_SECONDS = 60


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
