"""The cadre's check-in: near the village the day counts as in the village at once; far away (or badly
positioned) it waits for the township's review."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from teams.errors import ServiceError
from teams.models import Cadre, Membership
from teams.rules import defaults as rule_defaults

from ...models import AttendanceDay, AttendanceSource, AttendanceStatus, CheckIn
from ..errors import (
    ALREADY_REVIEWED,
    ALREADY_REVIEWED_MSG,
    BAD_COORDINATES,
    BAD_COORDINATES_MSG,
    NO_MEMBERSHIP,
    NO_MEMBERSHIP_MSG,
    NOT_ALLOWED,
    NOT_ALLOWED_MSG,
)
from ..selectors import certified_months
from ..summary import summaries_refresh

# The product's own defaults, kept in teams.rules.defaults with the thresholds (no provision of a seed).
CHECKIN_RADIUS_M = rule_defaults.CHECKIN_RADIUS_M
NIGHT_FROM_HOUR = rule_defaults.NIGHT_FROM_HOUR
# A second check-in from the same position this soon after the last one is the same tap twice (a
# double tap, a retried request): the service answers with the first one instead of storing another.
# A new position (the cadre walked to better reception) is a new check-in.
REPEAT_CHECKIN_SECONDS = 60


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (mean Earth radius 6,371,008.8 m)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(a)))


def checkin_record(
    *,
    actor: User,
    latitude: Decimal | float | str,
    longitude: Decimal | float | str,
    accuracy: float | str,
    at: datetime.datetime | None = None,
) -> CheckIn:
    """The cadre checks in. Near the village (within CHECKIN_RADIUS_M, positioned at least that well)
    the day counts as in the village; otherwise the check-in waits for the township's review and
    counts only if the township accepts it. The position may come as the form's text: anything that
    does not parse is BAD_COORDINATES. Within REPEAT_CHECKIN_SECONDS of a check-in from the same position the
    answer is that check-in (its ``at`` is not the ``at`` asked for): nothing new is stored."""
    if actor.office != Office.CADRE or actor.cadre_id is None:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    try:
        lat, lon, acc = Decimal(str(latitude)), Decimal(str(longitude)), float(accuracy)
    except (ArithmeticError, ValueError, TypeError):
        raise ServiceError(BAD_COORDINATES, BAD_COORDINATES_MSG) from None
    # NaN first: a Decimal NaN cannot even be compared (InvalidOperation).
    finite = lat.is_finite() and lon.is_finite() and math.isfinite(acc)
    if not (finite and -90 <= lat <= 90 and -180 <= lon <= 180 and acc > 0):
        raise ServiceError(BAD_COORDINATES, BAD_COORDINATES_MSG)
    lat, lon = lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    membership = (
        Membership.objects.filter(cadre_id=actor.cadre_id)
        .active_on(day)
        .select_related("team__village__township")
        .first()
    )
    if membership is None:
        raise ServiceError(NO_MEMBERSHIP, NO_MEMBERSHIP_MSG)
    village = membership.team.village
    distance = None
    if village.latitude is not None and village.longitude is not None:
        distance = round(
            haversine_m(float(lat), float(lon), float(village.latitude), float(village.longitude))
        )
    far = distance is None or distance > CHECKIN_RADIUS_M or acc > CHECKIN_RADIUS_M
    night = timezone.localtime(at).hour >= NIGHT_FROM_HOUR
    with transaction.atomic():
        # The cadre's row is the lock that makes two taps at once queue, so the second sees the first.
        Cadre.objects.select_for_update().filter(pk=actor.cadre_id).first()
        recent = (
            CheckIn.objects.filter(
                cadre_id=actor.cadre_id,
                at__gt=at - datetime.timedelta(seconds=REPEAT_CHECKIN_SECONDS),
                at__lte=at,
                latitude=lat,
                longitude=lon,
            )
            .order_by("-at")
            .first()
        )
        if recent is not None:
            return recent
        checkin = CheckIn.objects.create(
            cadre_id=actor.cadre_id,
            team=membership.team,
            county_id=village.township.parent_pk,
            township=village.township,
            at=at,
            date=day,
            latitude=lat,
            longitude=lon,
            accuracy=acc,
            distance_m=distance,
            far=far,
            review=CheckIn.Review.PENDING if far else CheckIn.Review.NONE,
        )
        if not far:
            _count_checkin(checkin, night=night)
    return checkin


def _count_checkin(checkin: CheckIn, *, night: bool) -> None:
    """A counted check-in marks the day in the village, never over a day the township or a leave
    wrote, and never into a certified month."""
    if certified_months([checkin.township_id], [(checkin.date.year, checkin.date.month)]):
        return
    row = (
        AttendanceDay.objects.select_for_update().filter(cadre_id=checkin.cadre_id, date=checkin.date).first()
    )
    if row is None:
        AttendanceDay.objects.create(
            cadre_id=checkin.cadre_id,
            date=checkin.date,
            status=AttendanceStatus.IN_VILLAGE,
            night_in_village=night,
            team_id=checkin.team_id,
            county_id=checkin.county_id,
            township_id=checkin.township_id,
            source=AttendanceSource.CHECKIN,
        )
    elif row.source == AttendanceSource.CHECKIN and night and not row.night_in_village:
        row.night_in_village = True
        row.save(update_fields=["night_in_village"])
    else:
        return
    summaries_refresh(cadre_ids=[checkin.cadre_id], year=checkin.date.year, month=checkin.date.month)


def checkin_review(*, actor: User, checkin: CheckIn, accept: bool, note: str = "") -> CheckIn:
    """The township accepts a far check-in (the day then counts) or rejects it."""
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        if locked.review != CheckIn.Review.PENDING:
            raise ServiceError(ALREADY_REVIEWED, ALREADY_REVIEWED_MSG)
        locked.review = CheckIn.Review.ACCEPTED if accept else CheckIn.Review.REJECTED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = (note or "").strip()[:200]
        locked.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
        if accept:
            _count_checkin(locked, night=timezone.localtime(locked.at).hour >= NIGHT_FROM_HOUR)
    return locked
