"""Reads of the work funds: a fund's totals and balance, the year's list of teams with their floor and
findings, and the county-level list of teams under the floor (``teams_under_floor``).

The floor of a year is read from the policy in force on the day the year is judged: ``today`` while the
year runs, its last day once it is over (so Qinghai's 2018 reads 10,000 up to 2018-10-22 and 20,000 from
2018-10-23, QH-FUNDS → QH10-FUNDS, and 20,000 for the whole of 2018 afterwards). A county's own
``work_funds_min`` setting comes with ``county_policy``; ``policy.check_funds`` makes the finding.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.models import Office
from teams import rules
from teams.county_policy import county_policy
from teams.models import Region, Team
from teams.overrides import can_set_policy
from teams.rules.sources import QINGHAI, SICHUAN

from .models import Expenditure, ExpenditureStatus, FundAllocation, FundSource, WorkFund

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class FundTotals:
    allocated: Decimal
    approved: Decimal
    pending: Decimal

    @property
    def spent(self) -> Decimal:
        return self.approved

    @property
    def balance(self) -> Decimal:
        """Allocated − approved − pending: what may still be entered."""
        return self.allocated - self.approved - self.pending


def fund_totals(fund: WorkFund) -> FundTotals:
    allocated = FundAllocation.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or ZERO
    sums = Expenditure.objects.filter(fund=fund).aggregate(
        approved=Sum("amount", filter=Q(status=ExpenditureStatus.APPROVED)),
        pending=Sum("amount", filter=Q(status=ExpenditureStatus.PENDING)),
    )
    return FundTotals(allocated, sums["approved"] or ZERO, sums["pending"] or ZERO)


# A province's own money (QH10-FUNDS, SC-FUNDS) is a source only for the counties under that province's policy.
PROVINCE_SOURCES = {QINGHAI: FundSource.PROVINCE_DEEP_POVERTY, SICHUAN: FundSource.PROVINCE_ETHNIC_HARDSHIP}


def sources_for(county: Region | None) -> list[tuple[str, str]]:
    """The allocation sources a county may pick (every one where no county is known, e.g. a superuser)."""
    if county is None:
        return list(FundSource.choices)
    own = PROVINCE_SOURCES.get(county.policy_code)
    foreign = {s.value for s in PROVINCE_SOURCES.values()} - ({own.value} if own else set())
    return [(value, label) for value, label in FundSource.choices if value not in foreign]


def transport_from_funds(county: Region | None) -> bool:
    """QH-FUNDS: 驻村期间产生的交通费用可在工作经费中据实核报 — said on the form of a Qinghai county only."""
    return county is not None and county.policy_code == QINGHAI


def setting_url(user: Any, key: str, today: datetime.date) -> str | None:
    """Where a county office sets ``key`` itself, while its policy leaves that value to it and it set none."""
    county = user.region if user.office == Office.COUNTY_ORG_DEPT else None
    if county is None or not can_set_policy(user, county):
        return None
    setting = next((c for c in county_policy(county, today).configurable() if c.key == key), None)
    if setting is None or setting.value is not None:
        return None
    return reverse("teams:policy_override", args=[county.pk, key])


def judged_on(year: int, today: datetime.date) -> datetime.date:
    """The day whose policy sets the year's floor: today within the year, else the year's nearer end."""
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def policy_for_year(county: Region, year: int, today: datetime.date) -> rules.Policy:
    return county_policy(county, judged_on(year, today))


@dataclass
class FundRow:
    team: Team
    fund: WorkFund | None
    floor: int | None
    provision: str
    totals: FundTotals
    findings: list[rules.Finding] = field(default_factory=list)

    @property
    def under_floor(self) -> bool:
        return bool(self.findings)


def _sum(model: Any, status: str | None = None) -> Subquery:
    rows = model.objects.filter(fund=OuterRef("pk"))
    if status is not None:
        rows = rows.filter(status=status)
    return Subquery(
        rows.order_by().values("fund").annotate(s=Sum("amount")).values("s")[:1], output_field=_MONEY
    )


def teams_in_year(user: Any, year: int) -> Any:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Team.objects.for_user(user)
        .filter(term_start__lte=end)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        .select_related("village__township__parent")
        # What the lists and the policy read: a province's 12,000 teams build four objects each.
        .only(
            "term_start",
            "term_end",
            "village__name",
            "village__township__name",
            "village__township__path",
            "village__township__parent__name",
            "village__township__parent__code",
            "village__township__parent__level",
            "village__township__parent__path",
            "village__township__parent__policy_code",
        )
    )


def fund_rows(
    user: Any, year: int, *, today: datetime.date, township: int | None = None, under_only: bool = False
) -> list[FundRow]:
    """Every team of the user's scope serving in ``year``: floor, allocated, spent, balance, findings."""
    teams = teams_in_year(user, year)
    if township is not None:
        teams = teams.filter(village__township_id=township)
    funds = {
        f.team_id: f
        for f in WorkFund.objects.filter(year=year, team__in=teams.values("pk"))
        .only("team_id", "year")
        .annotate(
            allocated=Coalesce(_sum(FundAllocation), Value(ZERO), output_field=_MONEY),
            approved=Coalesce(
                _sum(Expenditure, ExpenditureStatus.APPROVED), Value(ZERO), output_field=_MONEY
            ),
            pending=Coalesce(_sum(Expenditure, ExpenditureStatus.PENDING), Value(ZERO), output_field=_MONEY),
        )
    }
    policies: dict[int, rules.Policy] = {}
    rows: list[FundRow] = []
    for team in teams.order_by("village__township__path", "village__name", "pk"):
        county = _county_of(team)
        policy = policies.get(county.pk)
        if policy is None:
            policy = policies[county.pk] = policy_for_year(county, year, today)
        fund = funds.get(team.pk)
        totals = (
            FundTotals(fund.allocated, fund.approved, fund.pending)  # type: ignore[attr-defined]
            if fund is not None
            else FundTotals(ZERO, ZERO, ZERO)
        )
        provision = policy.funds_provision
        row = FundRow(
            team=team,
            fund=fund,
            floor=policy.min_work_funds,
            provision=provision.id if provision is not None else "",
            totals=totals,
            findings=policy.check_funds(totals.allocated),
        )
        if under_only and not row.under_floor:
            continue
        rows.append(row)
    return rows


def _county_of(team: Team) -> Region:
    county = team.village.township.parent
    assert county is not None, "a township lies in a county"
    return county


def fund_row(fund: WorkFund, *, today: datetime.date) -> FundRow:
    county = _county_of(fund.team)
    policy = policy_for_year(county, fund.year, today)
    totals = fund_totals(fund)
    provision = policy.funds_provision
    return FundRow(
        team=fund.team,
        fund=fund,
        floor=policy.min_work_funds,
        provision=provision.id if provision is not None else "",
        totals=totals,
        findings=policy.check_funds(totals.allocated),
    )


def teams_under_floor(user: Any, year: int, *, today: datetime.date | None = None) -> list[FundRow]:
    """The teams of the user's scope whose allocations for ``year`` fall short of the floor (a county
    work list reads this), each with its finding and provision id."""
    from django.utils import timezone

    return fund_rows(user, year, today=today or timezone.localdate(), under_only=True)
