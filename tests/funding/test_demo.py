"""The funding demo: funds for every demo county, some teams under the floor, some pending expenditures."""

from __future__ import annotations

import pytest

from funding import selectors
from funding.demo import build_funding_demo
from funding.models import Expenditure, ExpenditureStatus, FundAllocation, WorkFund
from tests.clock import TODAY

from .helpers import user

pytestmark = pytest.mark.django_db


def test_the_demo_funds_every_county_with_some_under_the_floor() -> None:
    counts = build_funding_demo(TODAY)
    assert counts["work_funds"] == WorkFund.objects.count() > 0
    counties = set(WorkFund.objects.values_list("team__village__township__parent__name", flat=True))
    assert counties == {"西平县", "平阴县", "乐都区", "苍溪县"}
    assert Expenditure.objects.filter(status=ExpenditureStatus.PENDING).exists()
    assert Expenditure.objects.filter(status=ExpenditureStatus.APPROVED).exists()
    for login in ("county_qh", "county_sc"):
        under = selectors.teams_under_floor(user(login), TODAY.year, today=TODAY)
        assert under and all(r.fund is not None for r in under), login
    assert all(selectors.fund_totals(f).balance >= 0 for f in WorkFund.objects.all())


def test_the_demo_gives_province_money_only_under_that_provinces_policy() -> None:
    build_funding_demo(TODAY)
    pairs = set(
        FundAllocation.objects.values_list("fund__team__village__township__parent__policy_code", "source")
    )
    province = {(code, source) for code, source in pairs if source in selectors.PROVINCE_SOURCES.values()}
    assert province == {(code, source.value) for code, source in selectors.PROVINCE_SOURCES.items()}
