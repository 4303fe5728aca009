"""The living allowance of a month (moved from attendance): certified days from the month summary at the
policy's rate, 待确认 before certification, payments and the difference (check_living_allowance)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from funding import allowance_errors as errors
from funding import allowance_selectors as selectors
from funding import allowance_services as services
from funding.allowance_errors import AllowanceError
from funding.models import AllowancePayment
from teams.models import Membership, Region
from tests.builders import serving
from tests.clock import TODAY
from tests.funding.allowance_builders import (
    MONTH,
    YEAR,
    certified,
    certify,
    county_rate,
    fill,
    posting_of,
    uncertified,
    user,
)

pytestmark = pytest.mark.django_db


def row_of(m: Membership) -> selectors.AllowanceRow:
    [row] = selectors.allowance(Membership.objects.filter(cadre_id=m.cadre_id), YEAR, MONTH)
    return row


def test_allowance_from_certified_days_only() -> None:
    # Moved from the attendance-day service tests: 平阴县 (Jinan) sets no rate; switched to Qinghai.
    county = Region.objects.get(name="平阴县")
    Region.objects.filter(pk=county.pk).update(policy_code="qinghai")
    m = serving("孔村镇")
    fill(m, 21)
    row = row_of(m)
    assert (row.certified, row.amount) == (False, None)
    certify(m)
    row = row_of(m)
    assert (row.certified, row.days, row.amount, row.provision) == (True, 21, Decimal(1260), "QH10-ALLOWANCE")


@pytest.mark.parametrize(("days", "due"), [(0, Decimal(0)), (1, Decimal(60)), (22, Decimal(1320))])
def test_qinghai_pays_60_yuan_per_certified_day(days: int, due: Decimal) -> None:
    m = posting_of("乐都区")
    fill(m, days)
    certify(m)
    row = row_of(m)
    assert (row.days, row.per_day, row.amount, row.provision) == (days, Decimal(60), due, "QH10-ALLOWANCE")


def test_an_uncertified_month_has_no_days_and_no_amount() -> None:
    m = posting_of("乐都区")
    fill(m, 22)
    row = row_of(m)
    assert (row.certified, row.days, row.amount, row.difference, row.findings) == (
        False,
        None,
        None,
        None,
        [],
    )


def test_a_county_of_a_local_standard_pays_its_own_rate() -> None:
    m = posting_of("西平县")
    fill(m, 22)
    certify(m)
    assert (
        selectors.allowance(Membership.objects.filter(cadre_id=m.cadre_id), YEAR, MONTH) == []
    )  # no rate yet
    county_rate("county", "50")
    row = row_of(m)
    assert (row.per_day, row.amount, row.provision) == (Decimal(50), Decimal(1100), "ZMD-ALLOWANCE")


def test_sichuan_has_no_rate_so_no_row() -> None:
    m = posting_of("苍溪县")
    fill(m, 22)
    certify(m)
    assert selectors.allowance(Membership.objects.filter(cadre_id=m.cadre_id), YEAR, MONTH) == []


def pay(m: Membership, amount: object, *, by: str = "county_qh") -> AllowancePayment:
    return services.allowance_payment_record(
        actor=user(by), cadre=m.cadre, year=YEAR, month=MONTH, paid_on=TODAY, amount=amount, today=TODAY
    )


def test_an_underpaid_month_is_a_finding_with_its_provision() -> None:
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    pay(m, "1000")
    row = row_of(m)
    assert (row.amount, row.paid, row.difference) == (Decimal(1320), Decimal(1000), Decimal(320))
    [finding] = row.findings
    assert finding.provision == "QH10-ALLOWANCE" and "1000" in finding.message


def test_a_month_paid_in_full_has_no_finding() -> None:
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    pay(m, "1320.00")
    row = row_of(m)
    assert (row.difference, row.findings) == (Decimal(0), [])


def test_a_second_payment_for_the_same_month_is_refused() -> None:
    m = certified(posting_of("乐都区"))
    pay(m, "600")
    with pytest.raises(AllowanceError) as refused:
        pay(m, "600")
    assert refused.value.code == errors.DUPLICATE
    assert refused.value.message == errors.DUPLICATE_PAYMENT_MSG.format(
        name=m.cadre.name, year=YEAR, month=MONTH
    )
    assert AllowancePayment.objects.filter(cadre=m.cadre).count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", errors.AMOUNT_NOT_POSITIVE_MSG),
        ("-5", errors.AMOUNT_NOT_POSITIVE_MSG),
        ("31000.01", errors.AMOUNT_TOO_LARGE_MSG.format(high="31000.00")),
        ("1E+309", errors.AMOUNT_TOO_LARGE_MSG.format(high="31000.00")),
        ("NaN", errors.AMOUNT_NOT_NUMBER_MSG.format(value="NaN")),
        ("12.345", errors.AMOUNT_PLACES_MSG),
        ("一千", errors.AMOUNT_NOT_NUMBER_MSG.format(value="一千")),
        ("", errors.AMOUNT_MISSING_MSG),
    ],
)
def test_an_absurd_amount_is_refused(amount: str, message: str) -> None:
    m = posting_of("乐都区")
    with pytest.raises(AllowanceError) as refused:
        pay(m, amount)
    assert refused.value.message == message
    assert not AllowancePayment.objects.filter(cadre=m.cadre).exists()


def test_the_bound_itself_is_accepted() -> None:
    assert pay(certified(posting_of("乐都区")), "31000").amount == Decimal(31000)


def test_a_unit_pays_only_its_own_cadres() -> None:
    unit = user("unit").dispatching_unit
    own = certified(posting_of("西平县", unit=unit))
    other = (
        Membership.objects.filter(team__village__township__parent__name="西平县")
        .exclude(cadre__memberships__dispatching_unit=unit)
        .first()
    )
    assert other is not None
    assert pay(own, "100", by="unit").dispatching_unit == unit
    with pytest.raises(AllowanceError) as refused:
        pay(other, "100", by="unit")
    assert refused.value.code == errors.NOT_ALLOWED


@pytest.mark.parametrize("login", ["township_qh", "county", "cadre"])
def test_only_the_unit_or_the_county_of_the_cadre_enters(login: str) -> None:
    with pytest.raises(AllowanceError) as refused:
        pay(posting_of("乐都区"), "100", by=login)
    assert refused.value.code == errors.NOT_ALLOWED


def test_a_payment_before_the_month_is_refused() -> None:
    m = posting_of("乐都区")
    with pytest.raises(AllowanceError) as refused:
        services.allowance_payment_record(
            actor=user("county_qh"),
            cadre=m.cadre,
            year=YEAR,
            month=MONTH,
            paid_on=TODAY.replace(year=YEAR, month=MONTH - 1, day=30),
            amount="100",
            today=TODAY,
        )
    assert refused.value.code == errors.BAD_DATE


def test_a_month_not_yet_certified_is_not_paid() -> None:
    m = uncertified(posting_of("乐都区"))
    with pytest.raises(AllowanceError) as refused:
        pay(m, "600")
    assert refused.value.message == errors.NOT_CERTIFIED_MSG.format(
        township=m.team.village.township.name, year=YEAR, month=MONTH
    )
    assert not AllowancePayment.objects.filter(cadre=m.cadre).exists()
