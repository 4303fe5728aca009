"""Small builders for the work-funds tests: the session world holds no funds; a test makes its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from funding import services
from funding.models import Expenditure, FundSource, WorkFund
from teams.models import Team
from tests.clock import TODAY

YEAR = TODAY.year
PDF = b"%PDF-1.4 receipt"


def user(username: str) -> User:
    return User.objects.get(username=username)


def team_of(county_login: str, township: str | None = None) -> Team:
    """The first team of the county (of the login's township, if named) serving in YEAR."""
    county = user(county_login).region
    teams = Team.objects.filter(village__township__parent=county).active_on(TODAY)
    if township is not None:
        teams = teams.filter(village__township=user(township).region)
    found = teams.order_by("pk").first()
    assert found is not None, f"no team serving in {county}"
    return found


def funded(
    county_login: str = "county",
    amount: Decimal | int = 20000,
    *,
    township: str | None = "township",
    year: int = YEAR,
    on: datetime.date | None = None,
) -> WorkFund:
    if county_login != "county" and township == "township":
        township = None
    team = team_of(county_login, township)
    allocation = services.allocation_add(
        user=user(county_login),
        team=team,
        year=year,
        amount=amount,
        source=FundSource.COUNTY_BUDGET,
        allocated_on=on or datetime.date(year, 1, 15),
        document_number="测试〔2026〕1号",
        today=TODAY,
    )
    return allocation.fund


def spend(
    fund: WorkFund, amount: object = "100.00", *, by: str = "township", **kwargs: object
) -> Expenditure:
    fields: dict[str, object] = {
        "spent_on": datetime.date(fund.year, 3, 1),
        "category": "transport",
        "payee": "县客运公司",
        "description": "下乡交通",
        "today": TODAY,
    }
    fields.update(kwargs)
    return services.expenditure_create(user=user(by), fund=fund, amount=amount, **fields)  # type: ignore[arg-type]


def xiping_fund() -> WorkFund:
    """西平县's fund for a team of the demo township (for tests/test_jurisdiction_everywhere.py)."""
    found = WorkFund.objects.filter(team__village__township__parent__code="411721").order_by("pk").first()
    return found or funded()


def xiping_expenditure() -> Expenditure:
    fund = xiping_fund()
    return fund.expenditures.order_by("pk").first() or spend(fund)
