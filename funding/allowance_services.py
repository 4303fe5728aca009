"""Writes of the living allowance payments, accident insurance and health checks.

Entered by the cadre's dispatching unit (its own cadres only, for the period it sent them) or by the
county organisation department of the county the cadre serves in. One record per cadre and month
(payments) or per cadre and year (insurance, health check): a duplicate is refused with a Chinese message,
and the database constraint holds the line when two clerks race.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from attendance.days.months import month_bounds
from attendance.models import MonthCertification
from teams.models import Cadre, Membership

from . import allowance_errors as errors
from .allowance_errors import AllowanceError
from .models import AllowancePayment, CadreInsurance, HealthCheck
from .models.allowance import MAX_PAYMENT
from .models.insurance import MAX_INSURED

ENTERING_OFFICES = (Office.DISPATCHING_UNIT, Office.COUNTY_ORG_DEPT)


def parse_amount(raw: object, *, high: Decimal = MAX_PAYMENT) -> Decimal:
    """A money amount in yuan: > 0, at most ``high``, two decimal places."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        raise AllowanceError(errors.BAD_AMOUNT, errors.AMOUNT_MISSING_MSG, "amount")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AllowanceError(
            errors.BAD_AMOUNT, errors.AMOUNT_NOT_NUMBER_MSG.format(value=text[:20]), "amount"
        ) from None
    if not value.is_finite():
        raise AllowanceError(
            errors.BAD_AMOUNT, errors.AMOUNT_NOT_NUMBER_MSG.format(value=text[:20]), "amount"
        )
    if value <= 0:
        raise AllowanceError(errors.BAD_AMOUNT, errors.AMOUNT_NOT_POSITIVE_MSG, "amount")
    if value > high:
        raise AllowanceError(errors.BAD_AMOUNT, errors.AMOUNT_TOO_LARGE_MSG.format(high=high), "amount")
    if value != value.quantize(Decimal("0.01")):
        raise AllowanceError(errors.BAD_AMOUNT, errors.AMOUNT_PLACES_MSG, "amount")
    return value.quantize(Decimal("0.01"))


def _posting(actor: User, cadre: Cadre, start: datetime.date, end: datetime.date, when: str) -> Membership:
    """The cadre's latest posting in [start, end] that ``actor`` may enter for."""
    if actor.office not in ENTERING_OFFICES:
        raise AllowanceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
    posts = (
        Membership.objects.filter(cadre=cadre, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .select_related("team__village__township")
        .order_by("-start")
    )
    if not posts:
        raise AllowanceError(errors.NOT_SERVING, errors.NOT_SERVING_MSG.format(name=cadre.name, when=when))
    if actor.office == Office.DISPATCHING_UNIT:
        own = [m for m in posts if m.dispatching_unit_id == actor.dispatching_unit_id]
        if not own:
            raise AllowanceError(
                errors.NOT_ALLOWED, errors.NOT_OWN_CADRE_MSG.format(name=cadre.name, when=when)
            )
        return own[0]
    own = [m for m in posts if m.team.village.township.parent_id == actor.region_id]
    if not own:
        raise AllowanceError(errors.NOT_ALLOWED, errors.NOT_OWN_COUNTY_MSG.format(name=cadre.name, when=when))
    return own[0]


def _county_id(post: Membership) -> int:
    county_id = post.team.village.township.parent_id
    assert county_id is not None  # a team's village lies in a township of a county
    return county_id


def _required_date(value: datetime.date | None, label: str, field: str) -> datetime.date:
    if value is None:
        raise AllowanceError(errors.BAD_DATE, errors.DATE_MISSING_MSG.format(label=label), field)
    return value


def _required_text(value: str, label: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise AllowanceError(errors.BAD_TEXT, errors.TEXT_MISSING_MSG.format(label=label), field)
    if len(text) > 100:
        text = text[:100]
    return text


def allowance_payment_record(
    *,
    actor: User,
    cadre: Cadre,
    year: int,
    month: int,
    paid_on: datetime.date | None,
    amount: object,
    today: datetime.date,
) -> AllowancePayment:
    """Record what the dispatching unit paid ``cadre`` for the month."""
    start, end = month_bounds(year, month)
    post = _posting(actor, cadre, start, end, f"{year}年{month}月")
    value = parse_amount(amount)
    day = _required_date(paid_on, "发放日期", "paid_on")
    if day < start:
        raise AllowanceError(
            errors.BAD_DATE, errors.PAID_BEFORE_MONTH_MSG.format(day=day, year=year, month=month), "paid_on"
        )
    if day > today:
        raise AllowanceError(
            errors.BAD_DATE, errors.IN_FUTURE_MSG.format(label="发放日期", day=day), "paid_on"
        )
    township = post.team.village.township
    # QH10-ALLOWANCE: 驻村天数以乡镇党委提供的实际考勤天数为准 — a month is paid once the township certified it.
    if not MonthCertification.objects.filter(township=township, year=year, month=month).exists():
        raise AllowanceError(
            errors.NOT_CERTIFIED,
            errors.NOT_CERTIFIED_MSG.format(township=township.name, year=year, month=month),
        )
    duplicate = errors.DUPLICATE_PAYMENT_MSG.format(name=cadre.name, year=year, month=month)
    try:
        with transaction.atomic():
            # The cadre's row lock serialises two clerks entering the same month.
            Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
            if AllowancePayment.objects.filter(cadre=cadre, year=year, month=month).exists():
                raise AllowanceError(errors.DUPLICATE, duplicate)
            return AllowancePayment.objects.create(
                cadre=cadre,
                year=year,
                month=month,
                county_id=_county_id(post),
                township=township,
                dispatching_unit_id=post.dispatching_unit_id,
                paid_on=day,
                amount=value,
                entered_by=actor,
                entered_at=timezone.now(),
            )
    except IntegrityError:
        raise AllowanceError(errors.DUPLICATE, duplicate) from None


def _in_year(day: datetime.date, year: int, label: str, field: str) -> None:
    if day.year != year:
        raise AllowanceError(
            errors.BAD_DATE, errors.NOT_IN_YEAR_MSG.format(label=label, day=day, year=year), field
        )


def insurance_record(
    *,
    actor: User,
    cadre: Cadre,
    year: int,
    insurer: str,
    amount: object,
    start: datetime.date | None,
    end: datetime.date | None,
) -> CadreInsurance:
    """Record the cadre's accident insurance (人身意外伤害保险) for the year."""
    post = _posting(actor, cadre, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年")
    name = _required_text(insurer, "承保机构", "insurer")
    value = parse_amount(amount, high=MAX_INSURED)
    first = _required_date(start, "保险起期", "start")
    last = _required_date(end, "保险止期", "end")
    if last < first:
        raise AllowanceError(errors.BAD_DATE, errors.PERIOD_MSG.format(start=first, end=last), "end")
    if not (first.year <= year <= last.year):
        raise AllowanceError(
            errors.BAD_DATE,
            errors.NOT_IN_YEAR_MSG.format(label="保险期间", day=f"{first}至{last}", year=year),
            "start",
        )
    duplicate = errors.DUPLICATE_INSURANCE_MSG.format(name=cadre.name, year=year)
    try:
        with transaction.atomic():
            Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
            if CadreInsurance.objects.filter(cadre=cadre, year=year).exists():
                raise AllowanceError(errors.DUPLICATE, duplicate)
            return CadreInsurance.objects.create(
                cadre=cadre,
                county_id=_county_id(post),
                year=year,
                insurer=name,
                amount=value,
                start=first,
                end=last,
                entered_by=actor,
                entered_at=timezone.now(),
            )
    except IntegrityError:
        raise AllowanceError(errors.DUPLICATE, duplicate) from None


def health_check_record(
    *,
    actor: User,
    cadre: Cadre,
    year: int,
    date: datetime.date | None,
    institution: str,
    today: datetime.date,
) -> HealthCheck:
    """Record the cadre's health check (体检) for the year."""
    post = _posting(actor, cadre, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年")
    day = _required_date(date, "体检日期", "date")
    _in_year(day, year, "体检日期", "date")
    if day > today:
        raise AllowanceError(errors.BAD_DATE, errors.IN_FUTURE_MSG.format(label="体检日期", day=day), "date")
    name = _required_text(institution, "体检机构", "institution")
    duplicate = errors.DUPLICATE_HEALTH_MSG.format(name=cadre.name, year=year)
    try:
        with transaction.atomic():
            Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
            if HealthCheck.objects.filter(cadre=cadre, year=year).exists():
                raise AllowanceError(errors.DUPLICATE, duplicate)
            return HealthCheck.objects.create(
                cadre=cadre,
                county_id=_county_id(post),
                year=year,
                date=day,
                institution=name,
                entered_by=actor,
                entered_at=timezone.now(),
            )
    except IntegrityError:
        raise AllowanceError(errors.DUPLICATE, duplicate) from None
