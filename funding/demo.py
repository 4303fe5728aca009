"""Demo work funds for the demo counties (one per policy): every team serving this year gets its fund,
most allocated up to the floor (Qinghai's QH10-FUNDS and Sichuan's SC-FUNDS 20,000; where the policy sets
none, a county budget of 15,000), every fourth team short of it (a finding on the list); a few
expenditures per team, approved and pending. Allocations go through the service as the county office;
expenditures as the team's township committee where the demo has one, otherwise written as the county."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import Office, User
from teams.models import Region

from . import selectors, services
from .models import Expenditure, ExpenditureCategory, FundSource, WorkFund

DEMO_BUDGET_WITHOUT_FLOOR = Decimal(15000)  # a demo county's own budget where its policy sets no floor
SHORT_EVERY = 4  # every fourth team is under the floor


def _day(today: datetime.date, month: int, day: int) -> datetime.date:
    return min(today, datetime.date(today.year, month, day))


@transaction.atomic
def build_funding_demo(today: datetime.date) -> dict[str, int]:
    year = today.year
    counts = {"work_funds": 0, "fund_allocations": 0, "expenditures": 0, "funds_under_floor": 0}
    for county in Region.objects.filter(level="county").order_by("code"):
        clerk = User.objects.filter(office=Office.COUNTY_ORG_DEPT, region=county).order_by("pk").first()
        if clerk is None:
            continue
        floor = selectors.policy_for_year(county, year, today).min_work_funds
        full = Decimal(floor) if floor else DEMO_BUDGET_WITHOUT_FLOOR
        teams = selectors.teams_in_year(clerk, year).order_by(
            "village__township__path", "village__name", "pk"
        )
        for index, team in enumerate(teams):
            short = index % SHORT_EVERY == SHORT_EVERY - 1
            total = full - Decimal(5000) if short else full
            parts = [total] if total <= Decimal(10000) else [Decimal(10000), total - Decimal(10000)]
            province = selectors.PROVINCE_SOURCES.get(county.policy_code)
            sources = [FundSource.COUNTY_BUDGET, province or FundSource.COUNTY_BUDGET]
            if province == FundSource.PROVINCE_ETHNIC_HARDSHIP:
                sources = [FundSource.PROVINCE_ETHNIC_HARDSHIP, FundSource.COUNTY_BUDGET]
            for n, amount in enumerate(parts):
                services.allocation_add(
                    user=clerk,
                    team=team,
                    year=year,
                    amount=amount,
                    source=sources[n] if n < len(sources) else FundSource.OTHER,
                    allocated_on=_day(today, 1 + 3 * n, 15),
                    document_number=f"{county.name}组字〔{year}〕{index + 1}号",
                    today=today,
                )
                counts["fund_allocations"] += 1
            counts["work_funds"] += 1
            counts["funds_under_floor"] += short
            fund = WorkFund.objects.get(team=team, year=year)
            clerk_township = (
                User.objects.filter(office=Office.TOWNSHIP_COMMITTEE, region_id=team.village.township_id)
                .order_by("pk")
                .first()
            )
            plan = [
                (_day(today, 3, 10), Decimal("1280.00"), ExpenditureCategory.TRANSPORT, "县客运公司"),
                (_day(today, 6, 2), Decimal("860.50"), ExpenditureCategory.OFFICE, "村委会办公用品店"),
                (today, Decimal("2400.00"), ExpenditureCategory.ACTIVITIES, "村党支部"),
            ]
            for number, (day, amount, category, payee) in enumerate(plan):
                if clerk_township is not None:
                    expenditure = services.expenditure_create(
                        user=clerk_township,
                        fund=fund,
                        spent_on=day,
                        amount=amount,
                        category=category,
                        payee=payee,
                        description="演示数据",
                        today=today,
                    )
                else:
                    expenditure = Expenditure.objects.create(
                        fund=fund,
                        spent_on=day,
                        amount=amount,
                        category=category,
                        payee=payee,
                        description="演示数据",
                        entered_by=clerk,
                    )
                counts["expenditures"] += 1
                if number < len(plan) - 1 and index % 2 == 0:  # the last one of each team stays pending
                    services.expenditure_decide(
                        user=clerk, expenditure=expenditure, decision="approve", comment="同意"
                    )
    return counts
