"""Linked leaders (联点领导), dispatching units' support visits and the five must-visit cases (五必访)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from core.params import clean_text
from teams.models import Cadre, DispatchingUnit, Membership, Team, Village
from worklog import errors
from worklog.errors import WorklogError
from worklog.models import TEXT_MAX_CHARS, CareCase, LinkLeader, SupportKind, SupportVisit

from .checks import _not_future

UNIT_KINDS = (SupportKind.UNIT_HEARING, SupportKind.UNIT_HEAD_VISIT, SupportKind.UNIT_LEADER_VISIT)
CARE_OFFICES = (
    Office.COUNTY_ORG_DEPT,
    Office.COUNTY_RURAL_BUREAU,
    Office.TOWNSHIP_COMMITTEE,
    Office.DISPATCHING_UNIT,
)


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
