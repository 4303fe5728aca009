"""The county's work calendar: extra holidays and 调休 make-up days on top of China's official calendar
(``working_days`` reads both; it lives in ``days.months`` because the summary and the judging count with
it too, and is re-exported here with the calendar's write)."""

from __future__ import annotations

import datetime

from django.db import transaction

from accounts.models import Office, User
from teams.errors import ServiceError
from teams.models import Region

from ...models import WorkCalendarDay
from ..errors import BAD_CHOICE, BAD_CHOICE_MSG, NOT_ALLOWED, NOT_ALLOWED_MSG
from ..months import working_days

__all__ = ["calendar_day_set", "working_days"]


def calendar_day_set(
    *, actor: User, county: Region, date: datetime.date, kind: str, name: str
) -> WorkCalendarDay | None:
    """The county office adds an extra holiday or a 调休 make-up day; ``kind=""`` removes the entry."""
    if not (actor.is_superuser or actor.office == Office.COUNTY_ORG_DEPT):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if kind and kind not in WorkCalendarDay.Kind.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=kind), "kind")
    with transaction.atomic():
        WorkCalendarDay.objects.filter(county=county, date=date).delete()
        if not kind:
            return None
        return WorkCalendarDay.objects.create(
            county=county, date=date, kind=kind, name=(name or "").strip()[:64], created_by=actor
        )
