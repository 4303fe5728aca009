"""The floor of a year: the policy in force on the day the year is judged, or the county's setting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from funding import selectors
from funding.models import FundAllocation, FundSource, WorkFund
from teams.models import PolicyOverride, Region
from tests.clock import NOW, TODAY

from .helpers import funded, team_of, user

pytestmark = pytest.mark.django_db


def _qinghai() -> Region:
    region = user("county_qh").region
    assert region is not None
    return region


def test_qinghai_floor_is_10000_on_2018_10_22() -> None:
    policy = selectors.policy_for_year(_qinghai(), 2018, datetime.date(2018, 10, 22))
    assert policy.min_work_funds == 10000
    assert policy.funds_provision is not None and policy.funds_provision.id == "QH-FUNDS"


def test_qinghai_floor_is_20000_on_2018_10_23() -> None:
    policy = selectors.policy_for_year(_qinghai(), 2018, datetime.date(2018, 10, 23))
    assert policy.min_work_funds == 20000
    assert policy.funds_provision is not None and policy.funds_provision.id == "QH10-FUNDS"


def test_a_past_year_is_judged_on_its_last_day() -> None:
    assert selectors.judged_on(2018, TODAY) == datetime.date(2018, 12, 31)
    assert selectors.judged_on(TODAY.year, TODAY) == TODAY


def _qinghai_2018_fund(amount: int) -> WorkFund:
    fund = WorkFund.objects.create(team=team_of("county_qh"), year=2018)
    FundAllocation.objects.create(
        fund=fund,
        amount=Decimal(amount),
        source=FundSource.COUNTY_BUDGET,
        allocated_on=datetime.date(2018, 3, 1),
        entered_by=user("county_qh"),
    )
    return fund


def test_15000_in_qinghai_is_enough_on_2018_10_22_and_short_on_2018_10_23() -> None:
    fund = _qinghai_2018_fund(15000)
    assert selectors.fund_row(fund, today=datetime.date(2018, 10, 22)).findings == []
    findings = selectors.fund_row(fund, today=datetime.date(2018, 10, 23)).findings
    assert [f.provision for f in findings] == ["QH10-FUNDS"]


def test_19999_in_sichuan_is_a_finding_with_its_provision() -> None:
    fund = funded("county_sc", 19999)
    row = selectors.fund_row(fund, today=TODAY)
    assert row.floor == 20000
    assert [f.provision for f in row.findings] == ["SC-FUNDS"]
    assert "低于每队每年20000元" in row.findings[0].message


def test_20000_in_sichuan_is_no_finding() -> None:
    fund = funded("county_sc", 20000)
    assert selectors.fund_row(fund, today=TODAY).findings == []


def test_a_team_without_any_fund_is_under_the_floor() -> None:
    rows = selectors.teams_under_floor(user("county_sc"), TODAY.year, today=TODAY)
    assert rows and all(r.fund is None or r.totals.allocated < 20000 for r in rows)
    assert all(r.findings[0].provision == "SC-FUNDS" for r in rows)


def test_teams_under_floor_leaves_out_a_team_at_the_floor() -> None:
    fund = funded("county_sc", 20000)
    rows = selectors.teams_under_floor(user("county_sc"), TODAY.year, today=TODAY)
    assert fund.team_id not in {r.team.pk for r in rows}


def test_teams_under_floor_is_scoped_to_the_county() -> None:
    rows = selectors.teams_under_floor(user("county_sc"), TODAY.year, today=TODAY)
    counties = {r.team.village.township.parent_id for r in rows}
    assert counties == {_county("county_sc").pk}


def _county(login: str) -> Region:
    region = user(login).region
    assert region is not None
    return region


def test_the_countys_own_setting_raises_the_floor() -> None:
    county = _county("county_qh")
    PolicyOverride.objects.create(
        county=county,
        key="work_funds_min",
        provision="QH10-FUNDS",
        value=25000,
        reason="本县提高标准",
        created_by=user("county_qh"),
    )
    PolicyOverride.objects.filter(county=county).update(created_at=NOW - datetime.timedelta(days=1))
    fund = funded("county_qh", 24000)
    row = selectors.fund_row(fund, today=TODAY)
    assert row.floor == 25000
    assert [f.provision for f in row.findings] == ["QH10-FUNDS"]


def test_zhumadian_sets_no_floor() -> None:
    fund = funded("county", 100)
    row = selectors.fund_row(fund, today=TODAY)
    assert row.floor is None and row.findings == []
