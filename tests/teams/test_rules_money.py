"""Work funds (Qinghai before and after the Ten Measures), living allowance, the 优秀 cap, SC-QUOTA."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teams.rules import policy_for

D = datetime.date


@pytest.mark.parametrize(
    ("code", "on", "floor", "provision"),
    [
        ("qinghai", D(2018, 6, 1), 10000, "QH-FUNDS"),
        ("qinghai", D(2018, 10, 22), 10000, "QH-FUNDS"),
        ("qinghai", D(2018, 10, 23), 20000, "QH10-FUNDS"),
        ("qinghai", D(2019, 1, 1), 20000, "QH10-FUNDS"),
        ("sichuan", D(2019, 1, 1), 20000, "SC-FUNDS"),
        ("jinan", D(2019, 1, 1), None, "JN-FUNDS"),
        ("zhumadian", D(2023, 1, 1), None, None),
    ],
)
def test_work_funds_floor(code: str, on: datetime.date, floor: int | None, provision: str | None) -> None:
    policy = policy_for(code, on)
    assert policy.min_work_funds == floor
    assert (policy.funds_provision.id if policy.funds_provision else None) == provision


@pytest.mark.parametrize(
    ("on", "amount", "provision"),
    [
        (D(2018, 6, 1), 9999, "QH-FUNDS"),
        (D(2018, 6, 1), 10000, None),
        (D(2019, 1, 1), 15000, "QH10-FUNDS"),
        (D(2019, 1, 1), 20000, None),
    ],
)
def test_qinghai_funds_check(on: datetime.date, amount: int, provision: str | None) -> None:
    found = policy_for("qinghai", on).check_funds(amount)
    assert [f.provision for f in found] == ([provision] if provision else [])


@pytest.mark.parametrize(("amount", "broken"), [(19999, True), (20000, False)])
def test_sichuan_funds_check(amount: int, broken: bool) -> None:
    assert bool(policy_for("sichuan", D(2019, 1, 1)).check_funds(amount)) is broken


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("qinghai", D(2018, 10, 22), None),
        ("qinghai", D(2018, 10, 23), Decimal(600)),
        ("jinan", D(2019, 1, 1), None),
        ("sichuan", D(2019, 1, 1), None),
        ("zhumadian", D(2023, 1, 1), None),
    ],
)
def test_living_allowance_for_ten_days(code: str, on: datetime.date, expected: Decimal | None) -> None:
    assert policy_for(code, on).living_allowance(10) == expected


@pytest.mark.parametrize(("paid", "broken"), [(1199, True), (1200, False)])
def test_qinghai_allowance_check(paid: int, broken: bool) -> None:
    found = policy_for("qinghai", D(2019, 1, 1)).check_living_allowance(20, paid)
    assert [f.provision for f in found] == (["QH10-ALLOWANCE"] if broken else [])


@pytest.mark.parametrize(("members", "cap"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (11, 2), (100, 20)])
def test_sichuan_excellent_cap(members: int, cap: int) -> None:
    assert policy_for("sichuan", D(2019, 1, 1)).max_excellent(members) == cap


@pytest.mark.parametrize("code", ["jinan", "qinghai", "zhumadian"])
def test_no_excellent_cap_elsewhere(code: str) -> None:
    assert policy_for(code, D(2023, 1, 1)).max_excellent(10) is None


@pytest.mark.parametrize(("staff", "required"), [(0, 1), (49, 1), (50, 2), (99, 2), (100, 4), (500, 4)])
def test_sichuan_dispatch_quota_brackets(staff: int, required: int) -> None:
    policy = policy_for("sichuan", D(2019, 1, 1))
    assert policy.required_dispatch(staff) == required
    assert [f.provision for f in policy.check_dispatch_quota(staff, required - 1)] == ["SC-QUOTA"]
    assert policy.check_dispatch_quota(staff, required) == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [("jinan", Decimal(5)), ("qinghai", Decimal(4)), ("sichuan", Decimal(5)), ("zhumadian", Decimal(3))],
)
def test_min_training_days(code: str, expected: Decimal) -> None:
    assert policy_for(code, D(2023, 1, 1)).min_training_days == expected
