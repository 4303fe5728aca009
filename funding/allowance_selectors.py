"""Reads of the living allowance (生活补助): per cadre and month, the certified days from the month summary
(``attendance.models.CadreMonthSummary``, kept current by every attendance write) at the policy's rate
(QH10-ALLOWANCE 60 yuan a day, or the county's ``living_allowance_per_day`` under JN-FUNDS /
ZMD-ALLOWANCE), beside what the dispatching unit paid (``AllowancePayment``) and the findings of
``policy.check_living_allowance``.

Moved here from ``attendance.compliance.allowance`` (issue 13). A month the township has not certified
has no amount: pages show 待确认.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from attendance.days.months import month_bounds
from attendance.models import CadreMonthSummary, MonthCertification
from teams import rules
from teams.county_policy import Policies
from teams.models import DispatchingUnit, Membership, Region

from .models import AllowancePayment

PENDING = "待确认"


@dataclass
class AllowanceRow:
    cadre_id: int
    id_number: str
    name: str
    unit: str
    unit_id: int
    township: str
    township_id: int
    county_id: int
    certified: bool
    days: int | None  # None until the month is certified
    per_day: Decimal | None
    amount: Decimal | None  # due; None until the month is certified
    provision: str
    paid: Decimal | None = None
    paid_on: datetime.date | None = None
    findings: list[rules.Finding] = field(default_factory=list)

    @property
    def difference(self) -> Decimal | None:
        """Due minus paid (positive: still owed); None while the month is not certified."""
        if self.amount is None:
            return None
        return self.amount - (self.paid or Decimal(0))


def _serving(scope: QuerySet[Membership], year: int, month: int) -> QuerySet[Membership]:
    start, end = month_bounds(year, month)
    return scope.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))


def allowance(
    scope: QuerySet[Membership],
    year: int,
    month: int,
    *,
    unit: DispatchingUnit | None = None,
    with_payments: bool = True,
) -> list[AllowanceRow]:
    """The allowance of a month for the cadres serving in ``scope`` (the latest posting in the month names
    the unit and township); only cadres whose county's policy sets a rate."""
    _, end = month_bounds(year, month)
    ms = _serving(scope, year, month)
    if unit is not None:
        ms = ms.filter(dispatching_unit=unit)
    posts = ms.values_list(
        "cadre_id",
        "cadre__id_number",
        "cadre__name",
        "dispatching_unit_id",
        "dispatching_unit__name",
        "team__village__township_id",
        "team__village__township__name",
        "team__village__township__parent_id",
        "start",
    ).order_by("start")
    latest: dict[int, tuple[Any, ...]] = {}
    for post in posts:
        latest[post[0]] = post
    if not latest:
        return []
    county_ids = {p[7] for p in latest.values()}
    policies = Policies()
    policies.prime(county_ids)
    rate: dict[int, rules.Policy] = {}
    for county in Region.objects.filter(pk__in=county_ids):
        policy = policies.get(county, end)
        if policy is not None and policy.living_allowance(0) is not None:
            rate[county.pk] = policy
    if not rate:
        return []
    certified = set(
        MonthCertification.objects.filter(
            year=year, month=month, township__parent_id__in=list(rate)
        ).values_list("township_id", flat=True)
    )
    days = dict(
        CadreMonthSummary.objects.filter(year=year, month=month, county_id__in=list(rate))
        .order_by()
        .values_list("cadre_id", "in_village")
    )
    payments: dict[int, tuple[Decimal, datetime.date]] = {}
    if with_payments:
        payments = {
            c: (a, d)
            for c, a, d in AllowancePayment.objects.filter(year=year, month=month, county_id__in=list(rate))
            .order_by()
            .values_list("cadre_id", "amount", "paid_on")
        }
    # The policy's answers depend only on (county, days, paid): asked once each (a province-month has
    # tens of thousands of rows but a few hundred distinct answers).
    due_of: dict[tuple[int, int], Decimal | None] = {}
    found_of: dict[tuple[int, int, Decimal], list[rules.Finding]] = {}
    rated = {c: (p, p.allowance_provision) for c, p in rate.items()}
    out = []
    for cadre_id, id_number, name, unit_id, unit_name, township_id, township, county_id, _ in latest.values():
        if county_id not in rated:
            continue
        policy, provision = rated[county_id]
        assert provision is not None  # living_allowance() returned a number
        ok = township_id in certified
        n = days.get(cadre_id, 0) if ok else None
        paid = payments.get(cadre_id)
        due = None
        if n is not None:
            if (county_id, n) not in due_of:
                due_of[county_id, n] = policy.living_allowance(n)
            due = due_of[county_id, n]
        row = AllowanceRow(
            cadre_id=cadre_id,
            id_number=id_number,
            name=name,
            unit=unit_name,
            unit_id=unit_id,
            township=township,
            township_id=township_id,
            county_id=county_id,
            certified=ok,
            days=n,
            per_day=Decimal(provision.values["living_allowance_per_day"]),
            amount=due,
            provision=provision.id,
            paid=paid[0] if paid else None,
            paid_on=paid[1] if paid else None,
        )
        if n is not None:
            key = (county_id, n, row.paid or Decimal(0))
            if key not in found_of:
                found_of[key] = policy.check_living_allowance(n, key[2])
            row.findings = found_of[key]
        out.append(row)
    return sorted(out, key=lambda a: (a.unit, a.township, a.name))


def unpaid(rows: Iterable[AllowanceRow]) -> list[AllowanceRow]:
    """Rows of a certified month with an amount due and no payment entered: what the unit still pays."""
    return [r for r in rows if r.certified and r.amount and r.paid is None]


def units_of(rows: Iterable[AllowanceRow]) -> list[tuple[int, str]]:
    """The dispatching units of the rows, for the county's unit picker."""
    return sorted({(r.unit_id, r.unit) for r in rows}, key=lambda u: u[1])


def payments_for(user: Any, year: int, month: int) -> QuerySet[AllowancePayment]:
    return (
        AllowancePayment.objects.for_user(user)
        .filter(year=year, month=month)
        .select_related("cadre", "dispatching_unit", "township")
    )


__all__ = ["PENDING", "AllowanceRow", "allowance", "payments_for", "units_of", "unpaid"]
