"""Demo living allowance payments, accident insurance and health checks.

西平县 (Zhumadian, ZMD-ALLOWANCE: 参照驻村第一书记标准) gets a county rate of 50 yuan a day, so the demo shows
both a document's rate (乐都区, QH10-ALLOWANCE 60 yuan) and a county's own. For every certified month of
this year the dispatching unit's payment is entered by the county office: most in full, every
``UNDERPAID_EVERY``-th cadre 10 % short (a finding), every ``UNPAID_EVERY``-th not yet paid. Most current
cadres of every county whose documents ask for them get this year's insurance and health check; every
``NO_INSURANCE_EVERY``-th lacks the insurance, every ``NO_CHECK_EVERY``-th the check (the list shows them).
All writes go through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import Office, User
from attendance.models import MonthCertification
from teams.models import Cadre, Membership, Region
from teams.overrides import policy_override_set

from . import allowance_selectors, allowance_services, insurance_selectors

DEMO_COUNTY_RATE = ("西平县", "50")
UNDERPAID_EVERY = 5
UNPAID_EVERY = 7
NO_INSURANCE_EVERY = 6
NO_CHECK_EVERY = 9


def _paid_on(year: int, month: int, today: datetime.date) -> datetime.date:
    """The 10th of the following month, or today when that is still ahead."""
    following = datetime.date(year + month // 12, month % 12 + 1, 10)
    return min(following, today)


@transaction.atomic
def build_allowance_demo(today: datetime.date) -> dict[str, int]:
    counts = {"allowance_payments": 0, "allowance_underpaid": 0, "insurances": 0, "health_checks": 0}
    name, rate = DEMO_COUNTY_RATE
    for county in Region.objects.filter(level="county").order_by("code"):
        clerk = User.objects.filter(office=Office.COUNTY_ORG_DEPT, region=county).order_by("pk").first()
        if clerk is None:
            continue
        if county.name == name:
            policy_override_set(
                actor=clerk,
                county=county,
                key="living_allowance_per_day",
                value=rate,
                reason="演示：参照驻村第一书记标准",
            )
        scope = Membership.objects.filter(team__village__township__parent=county)
        months = sorted(
            set(
                MonthCertification.objects.filter(township__parent=county, year=today.year).values_list(
                    "year", "month"
                )
            )
        )
        for year, month in months:
            for index, row in enumerate(allowance_selectors.allowance(scope, year, month)):
                if row.amount is None or row.amount <= 0 or index % UNPAID_EVERY == UNPAID_EVERY - 1:
                    continue
                short = index % UNDERPAID_EVERY == UNDERPAID_EVERY - 1
                amount = (row.amount * Decimal("0.9")).quantize(Decimal("0.01")) if short else row.amount
                allowance_services.allowance_payment_record(
                    actor=clerk,
                    cadre=Cadre.objects.get(pk=row.cadre_id),
                    year=year,
                    month=month,
                    paid_on=_paid_on(year, month, today),
                    amount=amount,
                    today=today,
                )
                counts["allowance_payments"] += 1
                counts["allowance_underpaid"] += short
        needs = {r.what for r in insurance_selectors.requirements(county)}
        if not needs:
            continue
        current = insurance_selectors.lacking(scope, county, today.year, today)
        for index, cadre_row in enumerate(current):
            cadre = Cadre.objects.get(pk=cadre_row.cadre_id)
            if index % NO_INSURANCE_EVERY != NO_INSURANCE_EVERY - 1:
                allowance_services.insurance_record(
                    actor=clerk,
                    cadre=cadre,
                    year=today.year,
                    insurer="中国人寿保险股份有限公司",
                    amount=Decimal(500000),
                    start=datetime.date(today.year, 1, 1),
                    end=datetime.date(today.year, 12, 31),
                )
                counts["insurances"] += 1
            if index % NO_CHECK_EVERY != NO_CHECK_EVERY - 1:
                allowance_services.health_check_record(
                    actor=clerk,
                    cadre=cadre,
                    year=today.year,
                    date=min(today, datetime.date(today.year, 4, 20)),
                    institution=f"{county.name}人民医院",
                    today=today,
                )
                counts["health_checks"] += 1
    return counts
