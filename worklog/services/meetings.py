"""Meetings (例会, 座谈) and who attended them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from core.params import clean_text
from teams.choices import RegionLevel
from teams.models import Cadre, Membership, Region
from worklog import errors
from worklog.errors import WorklogError
from worklog.models import TEXT_MAX_CHARS, Meeting, MeetingLevel

from .checks import _not_future


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
