"""County overrides: what a county may set, how values are coerced, and how the change is marked."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teams.rules import Override, policy_for

ON = datetime.date(2023, 6, 1)
AT = datetime.datetime(2023, 5, 1, 9, 30)


def test_override_keeps_the_provision_id_and_who_when_why() -> None:
    policy = policy_for("qinghai", ON).with_overrides(
        {"leave_threshold_days": Override(value="2", by="县委组织部 王科长", at=AT, reason="县委常委会决定")}
    )
    provision = policy.provision("QH-LEAVE")
    assert provision.values["threshold_days"] == Decimal(2)
    assert provision.override == Override(
        value=Decimal(2),
        by="县委组织部 王科长",
        at=AT,
        reason="县委常委会决定",
        key="leave_threshold_days",
        default=Decimal(3),  # the product's default for a silent policy (correction 5), not the seed's
    )
    assert policy_for("qinghai", ON).provision("QH-LEAVE").override is None  # the shipped policy is untouched


@pytest.mark.parametrize(
    ("code", "key", "value"),
    [
        ("jinan", "leave_threshold_days", 5),  # JN-LEAVE is hard
        ("zhumadian", "work_funds_min", 1000),  # no floor to set
        ("qinghai", "living_allowance_per_day", 80),  # QH10-ALLOWANCE is a fixed standard
        ("sichuan", "work_funds_min", 19999),  # a floor may only be raised
        ("qinghai", "no_such_key", 1),
        ("zhumadian", "leave_threshold_days", "1.25"),
        ("sichuan", "start_of_year_due_month", 13),
        ("jinan", "leave_count_working_days", "yes"),
    ],
)
def test_refused_overrides(code: str, key: str, value: object) -> None:
    with pytest.raises(ValueError, match=r"[\u4e00-\u9fff]"):
        policy_for(code, ON).with_overrides(**{key: value})


@pytest.mark.parametrize(
    ("code", "key", "value", "check"),
    [
        ("jinan", "work_funds_min", 15000, lambda p: p.min_work_funds == 15000),
        ("jinan", "living_allowance_per_day", "50", lambda p: p.living_allowance(2) == Decimal(100)),
        ("zhumadian", "living_allowance_per_day", 40.5, lambda p: p.living_allowance(2) == Decimal(81)),
        ("sichuan", "work_funds_min", 30000, lambda p: p.min_work_funds == 30000),
        ("qinghai", "leave_threshold_days", None, lambda p: p.leave_route(Decimal(1)).upper),
        (
            "sichuan",
            "start_of_year_due_month",
            1,
            lambda p: p.provision("SC-TARGET").values["due_month"] == 1,
        ),
    ],
)
def test_allowed_overrides(code: str, key: str, value: object, check: object) -> None:
    policy = policy_for(code, ON).with_overrides(**{key: value})
    assert check(policy)  # type: ignore[operator]


def test_county_funds_standard_is_enforced() -> None:
    policy = policy_for("jinan", ON).with_overrides(work_funds_min=15000)
    assert [f.provision for f in policy.check_funds(14000)] == ["JN-FUNDS"]
    assert policy_for("jinan", ON).check_funds(0) == []


# The county's own ladder of unexcused absences: a county rule under every policy (no seed sets one).
LADDER = {"absences_no_excellent", "absences_at_most_basic", "absences_incompetent"}


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        (
            "jinan",
            {
                "leave_count_working_days",
                "living_allowance_per_day",
                "work_funds_min",
                "month_count_working_days",
            },
        ),
        (
            "qinghai",
            {"leave_threshold_days", "leave_count_working_days", "work_funds_min", "start_of_year_due_month"},
        ),
        (
            "sichuan",
            {
                "leave_threshold_days",
                "leave_count_working_days",
                "work_funds_min",
                "start_of_year_due_month",
                "attendance_statistics_grace_days",
            },
        ),
        (
            "zhumadian",
            {
                "leave_threshold_days",
                "leave_count_working_days",
                "living_allowance_per_day",
                "month_count_working_days",
            },
        ),
    ],
)
def test_configurable_keys(code: str, keys: set[str]) -> None:
    assert {c.key for c in policy_for(code, ON).configurable()} == keys | LADDER


def test_configurable_shows_current_and_default() -> None:
    policy = policy_for("zhumadian", ON).with_overrides(
        leave_threshold_days=Override(5, by="甲", reason="乙")
    )
    [entry] = [c for c in policy.configurable() if c.key == "leave_threshold_days"]
    assert (entry.provision, entry.value, entry.default, entry.override.by if entry.override else None) == (
        "ZMD-LEAVE",
        Decimal(5),
        Decimal(7),
        "甲",
    )


def test_qinghai_funds_override_follows_the_provision_in_force() -> None:
    before = policy_for("qinghai", datetime.date(2018, 6, 1)).with_overrides(work_funds_min=12000)
    assert before.provision("QH-FUNDS").override is not None
    with pytest.raises(ValueError, match=r"不得低于文件标准20000（QH10-FUNDS）"):
        policy_for("qinghai", datetime.date(2019, 6, 1)).with_overrides(work_funds_min=12000)
