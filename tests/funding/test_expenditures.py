"""Expenditures: the balance never goes below zero, the fund's year, amounts, receipts, the approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from funding import errors, selectors, services
from funding.errors import FundingError
from funding.models import ExpenditureStatus
from tests.clock import NOW, TODAY

from .helpers import PDF, YEAR, funded, spend, user

pytestmark = pytest.mark.django_db


def test_an_expenditure_within_the_balance_is_pending_and_counts_against_it() -> None:
    fund = funded(amount=1000)
    expenditure = spend(fund, "400.50")
    assert expenditure.status == ExpenditureStatus.PENDING
    assert selectors.fund_totals(fund).balance == Decimal("599.50")


def test_an_expenditure_beyond_the_balance_is_refused_and_nothing_is_written() -> None:
    fund = funded(amount=1000)
    spend(fund, "600")
    with pytest.raises(FundingError) as refused:
        spend(fund, "400.01")
    assert refused.value.code == errors.OVER_BALANCE
    assert "可用余额400.00元" in refused.value.message
    assert fund.expenditures.count() == 1


def test_the_whole_balance_may_be_spent() -> None:
    fund = funded(amount=1000)
    spend(fund, "1000.00")
    assert selectors.fund_totals(fund).balance == 0


def test_a_returned_expenditure_frees_its_amount() -> None:
    fund = funded(amount=1000)
    expenditure = spend(fund, "1000")
    services.expenditure_decide(
        user=user("county"), expenditure=expenditure, decision="return", comment="票据不全"
    )
    assert selectors.fund_totals(fund).balance == 1000
    spend(fund, "1000")


@pytest.mark.parametrize("day", [datetime.date(YEAR - 1, 12, 31), datetime.date(YEAR + 1, 1, 1)])
def test_an_expenditure_outside_the_funds_year_is_refused(day: datetime.date) -> None:
    fund = funded(amount=1000)
    with pytest.raises(FundingError) as refused:
        spend(fund, "10", spent_on=day)
    assert refused.value.code == errors.BAD_DATE
    assert f"不在{YEAR}年度内" in refused.value.message
    assert not fund.expenditures.exists()


def test_an_expenditure_after_today_is_refused() -> None:
    fund = funded(amount=1000)
    with pytest.raises(FundingError) as refused:
        spend(fund, "10", spent_on=TODAY + datetime.timedelta(days=1))
    assert refused.value.code == errors.BAD_DATE


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", errors.AMOUNT_NOT_POSITIVE_MSG),
        ("0", errors.AMOUNT_NOT_POSITIVE_MSG),
        ("NaN", "金额无效"),
        ("Infinity", "金额无效"),
        ("1e309", "金额不能超过"),
        ("1000000.01", "金额不能超过"),
        ("12.345", errors.AMOUNT_PLACES_MSG),
        ("一百元", "金额无效"),
        ("", errors.AMOUNT_MISSING_MSG),
    ],
)
def test_bad_amounts_are_refused_in_chinese(amount: str, message: str) -> None:
    fund = funded(amount=1000)
    with pytest.raises(FundingError) as refused:
        spend(fund, amount)
    assert refused.value.code == errors.BAD_AMOUNT
    assert message in refused.value.message
    assert not fund.expenditures.exists()


def test_a_bad_allocation_amount_is_refused() -> None:
    with pytest.raises(FundingError) as refused:
        funded(amount=-100)  # type: ignore[arg-type]
    assert refused.value.code == errors.BAD_AMOUNT


@pytest.mark.parametrize(
    ("name", "content"),
    [("receipt.pdf", b"<html>not a pdf"), ("receipt.exe", b"MZ...."), ("receipt.png", b"%PDF-1.4")],
)
def test_a_receipt_with_the_wrong_content_is_refused(name: str, content: bytes) -> None:
    fund = funded(amount=1000)
    with pytest.raises(FundingError) as refused:
        spend(fund, "10", receipt=SimpleUploadedFile(name, content))
    assert refused.value.code == errors.BAD_RECEIPT
    assert "票据" in refused.value.message
    assert not fund.expenditures.exists()


def test_a_receipt_over_the_size_limit_is_refused() -> None:
    fund = funded(amount=1000)
    big = SimpleUploadedFile("receipt.pdf", PDF + b"0" * (services.RECEIPT_MAX_MB * 1024 * 1024))
    with pytest.raises(FundingError) as refused:
        spend(fund, "10", receipt=big)
    assert refused.value.code == errors.BAD_RECEIPT


def test_a_pdf_receipt_is_kept(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    fund = funded(amount=1000)
    expenditure = spend(fund, "10", receipt=SimpleUploadedFile("receipt.pdf", PDF))
    assert (expenditure.receipt.name or "").startswith("funding/receipts/")


def test_a_cadre_of_the_team_may_enter_an_expenditure() -> None:
    from teams.models import Membership

    cadre = user("cadre")
    membership = Membership.objects.filter(cadre__user=cadre).order_by("start").first()
    assert membership is not None
    from funding.models import FundSource

    allocation = services.allocation_add(
        user=user("county"),
        team=membership.team,
        year=YEAR,
        amount=500,
        source=FundSource.COUNTY_BUDGET,
        allocated_on=datetime.date(YEAR, 2, 1),
        today=TODAY,
    )
    assert spend(allocation.fund, "20", by="cadre").entered_by == cadre


@pytest.mark.parametrize("who", ["unit", "city", "county2"])
def test_others_may_not_enter_an_expenditure(who: str) -> None:
    fund = funded(amount=1000)
    with pytest.raises(FundingError) as refused:
        spend(fund, "10", by=who)
    assert refused.value.code == errors.NOT_ALLOWED


def test_only_the_county_office_allocates() -> None:
    team = funded().team
    with pytest.raises(FundingError) as refused:
        services.allocation_add(
            user=user("township"),
            team=team,
            year=YEAR,
            amount=10,
            source="county_budget",
            allocated_on=TODAY,
            today=TODAY,
        )
    assert refused.value.code == errors.NOT_ALLOWED


def test_an_allocation_outside_its_year_is_refused() -> None:
    with pytest.raises(FundingError) as refused:
        funded(on=datetime.date(YEAR - 1, 12, 1))
    assert refused.value.code == errors.BAD_DATE


def test_the_county_approves_once_and_a_second_decision_is_refused() -> None:
    expenditure = spend(funded(amount=1000), "10")
    done = services.expenditure_decide(
        user=user("county"), expenditure=expenditure, decision="approve", now=NOW
    )
    assert done.status == ExpenditureStatus.APPROVED and done.decided_by == user("county")
    with pytest.raises(FundingError) as refused:
        services.expenditure_decide(user=user("county"), expenditure=expenditure, decision="approve", now=NOW)
    assert refused.value.code == errors.ALREADY_DECIDED
    assert refused.value.message == errors.ALREADY_DECIDED_MSG.format(status="已批准")
    expenditure.refresh_from_db()
    assert expenditure.status == ExpenditureStatus.APPROVED and expenditure.decided_at == NOW


def test_a_return_needs_a_reason() -> None:
    expenditure = spend(funded(amount=1000), "10")
    with pytest.raises(FundingError) as refused:
        services.expenditure_decide(user=user("county"), expenditure=expenditure, decision="return")
    assert refused.value.code == errors.BAD_DECISION


@pytest.mark.parametrize("who", ["township", "county2", "unit"])
def test_only_the_county_office_of_the_team_decides(who: str) -> None:
    expenditure = spend(funded(amount=1000), "10")
    with pytest.raises(FundingError) as refused:
        services.expenditure_decide(user=user(who), expenditure=expenditure, decision="approve")
    assert refused.value.code == errors.NOT_ALLOWED
    expenditure.refresh_from_db()
    assert expenditure.is_pending


def test_the_decision_is_in_the_audit_trail() -> None:
    from audit.models import AuditEntry

    expenditure = spend(funded(amount=1000), "10")
    services.expenditure_decide(user=user("county"), expenditure=expenditure, decision="approve")
    entries = AuditEntry.objects.get_for_object(expenditure).order_by("pk")
    assert entries.count() == 2  # entered, then approved
    assert {e.county_id for e in entries} == {user("county").region_id}
