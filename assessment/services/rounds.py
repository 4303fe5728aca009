"""Opening and closing a county's annual round, and the dispatching unit acknowledging its results."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Office, User
from assessment import errors, selectors
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, AssessmentRound, ResultFiling, RoundStatus
from core import params
from teams.choices import RegionLevel
from teams.models import Membership


def _require_county_office(user: User) -> None:
    if user.office != Office.COUNTY_ORG_DEPT:
        raise AssessmentError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_OPEN_MSG)


def round_open(*, user: User, year: int, today: datetime.date | None = None) -> AssessmentRound:
    """The county organisation department opens its county's round for ``year``: an entry for every
    cadre who served in the county that year, with the days served (pro-rating) and the latest role."""
    today = today or timezone.localdate()
    _require_county_office(user)
    county = user.region
    if county is None or county.level != RegionLevel.COUNTY:
        raise AssessmentError(errors.NOT_A_COUNTY, errors.NOT_A_COUNTY_MSG)
    if not isinstance(year, int) or not params.MIN_YEAR <= year <= today.year:
        raise AssessmentError(
            errors.BAD_YEAR, errors.BAD_YEAR_MSG.format(low=params.MIN_YEAR, high=today.year), "year"
        )
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    period = (end - start).days + 1
    postings = (
        Membership.objects.filter(team__village__township__parent=county, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list(
            "cadre_id", "team_id", "team__village__township_id", "dispatching_unit_id", "role", "start", "end"
        )
        .order_by("start", "pk")
    )
    latest: dict[int, tuple[Any, ...]] = {}
    days: dict[int, int] = {}
    for cadre_id, team_id, township_id, unit_id, role, m_start, m_end in postings:
        lo, hi = max(start, m_start), min(end, m_end or end)
        days[cadre_id] = days.get(cadre_id, 0) + (hi - lo).days + 1
        latest[cadre_id] = (team_id, township_id, unit_id, role)
    if not latest:
        raise AssessmentError(
            errors.NOBODY_SERVED, errors.NOBODY_SERVED_MSG.format(county=county.name, year=year)
        )
    duplicate = AssessmentError(
        errors.DUPLICATE, errors.DUPLICATE_MSG.format(county=county.name, year=year), "year"
    )
    try:
        with transaction.atomic():
            if AssessmentRound.objects.filter(county=county, year=year).exists():
                raise duplicate
            round_ = AssessmentRound.objects.create(
                county=county, year=year, opened_by=user, opened_at=timezone.now()
            )
            AssessmentEntry.objects.bulk_create(
                AssessmentEntry(
                    round=round_,
                    cadre_id=cadre_id,
                    team_id=team_id,
                    township_id=township_id,
                    dispatching_unit_id=unit_id,
                    role=role,
                    service_days=min(days[cadre_id], period),
                    period_days=period,
                )
                for cadre_id, (team_id, township_id, unit_id, role) in latest.items()
            )
    except IntegrityError:  # two clerks opened the same round at once: the constraint kept one
        raise duplicate from None
    return round_


def round_close(
    *, user: User, round_: AssessmentRound | int, today: datetime.date | None = None
) -> AssessmentRound:
    """Freezes the round once every entry is graded, records who closed it and files the results with
    each dispatching unit (and the office the policy names: JN-ANNUAL, ZMD-ANNUAL ``result_to``)."""
    today = today or timezone.localdate()
    pk = round_.pk if isinstance(round_, AssessmentRound) else round_
    if not AssessmentRound.objects.for_user(user).filter(pk=pk).exists():
        raise Http404
    _require_county_office(user)
    with transaction.atomic():
        locked = AssessmentRound.objects.select_for_update().select_related("county").get(pk=pk)
        if locked.county_id != user.region_id:
            raise AssessmentError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_OPEN_MSG)
        if not locked.is_open:
            raise AssessmentError(errors.CLOSED, errors.CLOSED_MSG)
        ungraded = locked.entries.filter(grade="").count()
        if ungraded:
            raise AssessmentError(errors.UNGRADED, errors.UNGRADED_MSG.format(count=ungraded))
        policy = selectors.round_policy(locked)
        broken = policy.check_grades(selectors.round_grades(locked))
        if broken:
            raise AssessmentError(errors.RULES_BROKEN, broken[0].message, provision=broken[0].provision)
        now = timezone.now()
        route = selectors.assessment_route(policy)
        units = locked.entries.values_list("dispatching_unit_id", flat=True).distinct().order_by()
        ResultFiling.objects.bulk_create(
            ResultFiling(round=locked, dispatching_unit_id=unit_id, filed_at=now) for unit_id in set(units)
        )
        locked.status = RoundStatus.CLOSED
        locked.closed_by = user
        locked.closed_at = now
        locked.result_to = ",".join(route.result_to)
        locked.save(update_fields=["status", "closed_by", "closed_at", "result_to"])
    return locked


def filing_receive(*, user: User, filing: ResultFiling | int) -> ResultFiling:
    """The dispatching unit acknowledges the results sent to it (签收): the work item on its home page is
    done. Idempotent: a second acknowledgement (a double click) keeps the first one's who and when."""
    pk = filing.pk if isinstance(filing, ResultFiling) else filing
    if not ResultFiling.objects.for_user(user).filter(pk=pk).exists():
        raise Http404
    with transaction.atomic():
        locked = ResultFiling.objects.select_for_update().get(pk=pk)
        if user.office != Office.DISPATCHING_UNIT or user.dispatching_unit_id != locked.dispatching_unit_id:
            raise AssessmentError(errors.NOT_OWN_FILING, errors.NOT_OWN_FILING_MSG)
        if locked.received_at is None:
            locked.received_by = user
            locked.received_at = timezone.now()
            locked.save(update_fields=["received_by", "received_at"])
    return locked
