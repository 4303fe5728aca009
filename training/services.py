"""Writes of training: events (the county or a township enters them, naming the organiser's level) and
the records of who attended. Keyword-only, each in one transaction; a cadre of another county is
refused with the words used for one that does not exist."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Office, User
from core import params
from teams.choices import RegionLevel
from teams.models import Cadre, Region

from . import errors
from .errors import TrainingError
from .models import RecordSource, TrainingEvent, TrainingKind, TrainingLevel, TrainingRecord

EDITING_OFFICES = frozenset({Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE})
TITLE_MAX = 128


def fmt_days(value: Decimal) -> str:
    """3.5, 4 (no trailing zeros)."""
    return format(value.normalize(), "f")


def may_enter(user: User) -> bool:
    return user.is_authenticated and user.office in EDITING_OFFICES and user.region_id is not None


def _require_editor(user: User) -> Region:
    if user.office not in EDITING_OFFICES:
        raise TrainingError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
    region = user.region
    if region is None or region.level not in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        raise TrainingError(errors.NO_REGION, errors.NO_REGION_MSG)
    return region


def may_edit(user: User, event: TrainingEvent) -> bool:
    """The office that entered an event (or its county, for a township's) edits it and its attendees."""
    if not may_enter(user) or user.region is None:
        return False
    author = event.created_by.region
    return author is not None and author.path.startswith(user.region.path)


def _up_to(region: Region, level: str) -> Region:
    found: Region | None = region
    while found is not None and found.level != level:
        found = found.parent
    if found is None:
        raise TrainingError(errors.BAD_LEVEL, errors.BAD_LEVEL_MSG, "level")
    return found


def _organiser(user_region: Region, level: str, township: Region | None) -> Region:
    """The region an event of ``level`` entered by ``user_region`` belongs to."""
    if level not in TrainingLevel.values:
        raise TrainingError(errors.BAD_LEVEL, errors.BAD_LEVEL_MSG, "level")
    if user_region.level == RegionLevel.TOWNSHIP:
        if level != TrainingLevel.TOWNSHIP:
            raise TrainingError(errors.BAD_LEVEL, errors.TOWNSHIP_ONLY_MSG, "level")
        return user_region
    if level == TrainingLevel.TOWNSHIP:
        if township is None or township.parent_id != user_region.pk:
            raise TrainingError(errors.BAD_TOWNSHIP, errors.BAD_TOWNSHIP_MSG, "township")
        return township
    if level in (TrainingLevel.COUNTY, TrainingLevel.CENTRAL):
        # A central course has no region of its own here: it is kept with the county that attended it.
        return user_region
    return _up_to(user_region, RegionLevel.CITY if level == TrainingLevel.CITY else RegionLevel.PROVINCE)


def _days(raw: Any, *, field: str, message: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise TrainingError(errors.BAD_DAYS, message, field) from None
    if not value.is_finite() or value <= 0 or (value * 2) % 1 != 0 or value >= 1000:
        raise TrainingError(errors.BAD_DAYS, message, field)
    return value.quantize(Decimal("0.1"))


def _clean_event(*, title: str, start: datetime.date, end: datetime.date, days: Any) -> tuple[str, Decimal]:
    text = (title or "").strip()
    if not text or len(text) > TITLE_MAX:
        raise TrainingError(errors.BAD_TITLE, errors.BAD_TITLE_MSG, "title")
    for value, field in ((start, "start"), (end, "end")):
        if not isinstance(value, datetime.date) or not params.year_served(value.year):
            raise TrainingError(errors.BAD_DATES, params.DATE_OUT_OF_RANGE_MSG, field)
    if end < start:
        raise TrainingError(errors.BAD_DATES, errors.BAD_DATES_MSG, "end")
    amount = _days(days, field="days", message=errors.BAD_DAYS_MSG)
    span = (end - start).days + 1
    if amount > span:
        raise TrainingError(
            errors.BAD_DAYS, errors.DAYS_OVER_SPAN_MSG.format(days=fmt_days(amount), span=span), "days"
        )
    return text, amount


def event_create(
    *,
    user: User,
    level: str,
    title: str,
    start: datetime.date,
    end: datetime.date,
    days: Decimal | str | int,
    concentrated: bool = True,
    kind: str = TrainingKind.ROTATION,
    township: Region | None = None,
) -> TrainingEvent:
    region = _require_editor(user)
    organiser = _organiser(region, level, township)
    text, amount = _clean_event(title=title, start=start, end=end, days=days)
    if kind not in TrainingKind.values:
        raise TrainingError(errors.BAD_LEVEL, "培训类别无效", "kind")
    with transaction.atomic():
        return TrainingEvent.objects.create(
            region=organiser,
            level=level,
            title=text,
            start=start,
            end=end,
            days=amount,
            concentrated=bool(concentrated),
            kind=kind,
            created_by=user,
            created_at=timezone.now(),
        )


def _event_for(user: User, event: TrainingEvent | int) -> TrainingEvent:
    pk = event.pk if isinstance(event, TrainingEvent) else event
    found = TrainingEvent.objects.for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def event_update(
    *,
    user: User,
    event: TrainingEvent | int,
    level: str,
    title: str,
    start: datetime.date,
    end: datetime.date,
    days: Decimal | str | int,
    concentrated: bool = True,
    kind: str = TrainingKind.ROTATION,
    township: Region | None = None,
) -> TrainingEvent:
    region = _require_editor(user)
    found = _event_for(user, event)
    if not may_edit(user, found):
        raise TrainingError(
            errors.NOT_EDITOR, errors.NOT_EDITOR_MSG.format(office=found.created_by.display_name)
        )
    organiser = _organiser(region, level, township)
    text, amount = _clean_event(title=title, start=start, end=end, days=days)
    if kind not in TrainingKind.values:
        raise TrainingError(errors.BAD_LEVEL, "培训类别无效", "kind")
    with transaction.atomic():
        locked = TrainingEvent.objects.select_for_update().get(pk=found.pk)
        longer = locked.records.filter(days__gt=amount).count()
        if longer:
            raise TrainingError(
                errors.EVENT_HAS_LONGER_RECORDS,
                errors.EVENT_HAS_LONGER_RECORDS_MSG.format(count=longer, days=fmt_days(amount)),
                "days",
            )
        # Records that took the event's days follow it (saved one by one: audited).
        for record in locked.records.filter(days=locked.days).exclude(days=amount):
            record.days = amount
            record.save(update_fields=["days"])
        locked.region = organiser
        locked.level = level
        locked.title = text
        locked.start, locked.end, locked.days = start, end, amount
        locked.concentrated = bool(concentrated)
        locked.kind = kind
        locked.save()
    return locked


def record_add(
    *,
    user: User,
    event: TrainingEvent | int,
    cadre: Cadre | int,
    days: Decimal | str | int | None = None,
    source: str = RecordSource.MANUAL,
) -> TrainingRecord:
    """``cadre`` attended ``event`` (for ``days``, by default the event's). Only a cadre the county
    manages (a township: one posted in it) can be added; any other is 'not found'."""
    region = _require_editor(user)
    # Any event the office sees (a provincial course is shared by the province's counties): each
    # county records its own cadres.
    found = _event_for(user, event)
    cadre_pk = cadre.pk if isinstance(cadre, Cadre) else cadre
    county = region.county
    person = (
        Cadre.objects.for_user(user).filter(pk=cadre_pk, county=county).first()
        if isinstance(cadre_pk, int) and county is not None
        else None
    )
    if person is None:
        raise TrainingError(errors.CADRE_NOT_FOUND, errors.CADRE_NOT_FOUND_MSG, "cadre")
    amount = found.days
    if days is not None and str(days).strip() != "":
        message = errors.RECORD_DAYS_MSG.format(days=fmt_days(found.days))
        amount = _days(days, field="days", message=message)
        if amount > found.days:
            raise TrainingError(errors.BAD_DAYS, message, "days")
    if source not in RecordSource.values:
        source = RecordSource.MANUAL
    duplicate = TrainingError(errors.DUPLICATE, errors.DUPLICATE_MSG.format(name=person.name), "cadre")
    try:
        with transaction.atomic():
            TrainingEvent.objects.select_for_update().filter(pk=found.pk).first()
            if TrainingRecord.objects.filter(event=found, cadre=person).exists():
                raise duplicate
            return TrainingRecord.objects.create(
                event=found,
                cadre=person,
                days=amount,
                source=source,
                created_by=user,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise duplicate from None


def record_remove(*, user: User, record: TrainingRecord | int) -> None:
    _require_editor(user)
    pk = record.pk if isinstance(record, TrainingRecord) else record
    found = (
        TrainingRecord.objects.for_user(user)
        .select_related("event__created_by__region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    with transaction.atomic():
        found.delete()  # one row through the model, so the audit trail records it
