"""policy_override_set: only the county's own org dept, a reason, one row per real change, later requests only.

西平县 (county) follows Zhumadian: ZMD-LEAVE's threshold is the county's to set. 平阴县 (county2) follows
Jinan: JN-LEAVE's 3 days are hard.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from teams import errors
from teams.county_policy import county_policy
from teams.models import PolicyOverride, Region
from teams.overrides import policy_override_set
from teams.rules import COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU, DISPATCHING_UNIT, TOWNSHIP_COMMITTEE
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db


def xiping() -> Region:
    return Region.objects.get(name="西平县")


def pingyin() -> Region:
    return Region.objects.get(name="平阴县")


def set_threshold(actor: Any, value: Any = "5", reason: str = "县委常委会决定：5天以上报县审批") -> Any:
    return policy_override_set(
        actor=actor, county=xiping(), key="leave_threshold_days", value=value, reason=reason
    )


def refused(code: str, **kwargs: Any) -> errors.ServiceError:
    before = PolicyOverride.objects.count()
    with pytest.raises(errors.ServiceError) as caught:
        policy_override_set(**kwargs)
    assert caught.value.code == code
    assert PolicyOverride.objects.count() == before, "a refused change writes nothing"
    return caught.value


def test_county_sets_the_leave_threshold_with_who_and_why(user: Any) -> None:
    row, created = set_threshold(user("county"))

    assert created
    assert (row.county, row.key, row.provision, row.value) == (
        xiping(),
        "leave_threshold_days",
        "ZMD-LEAVE",
        "5",
    )
    assert row.created_by == user("county") and row.reason == "县委常委会决定：5天以上报县审批"
    route = county_policy(xiping(), TODAY).leave_route(Decimal("5.5"))
    assert route.upper and route.is_county_value
    override = county_policy(xiping(), TODAY).provision("ZMD-LEAVE").override
    assert override is not None
    assert (override.by, override.reason, override.default) == (
        "王建国（西平县委组织部）",
        row.reason,
        Decimal(7),
    )


@pytest.mark.parametrize("again", ["5", 5, "5.0", Decimal("5.00")])
def test_a_double_post_of_the_same_value_writes_no_second_row(user: Any, again: Any) -> None:
    first, _ = set_threshold(user("county"))

    row, created = set_threshold(user("county"), again, reason="重复提交")

    assert not created and row == first
    assert PolicyOverride.objects.filter(county=xiping()).count() == 1
    assert row.reason == "县委常委会决定：5天以上报县审批", "the first reason stands"


def test_a_new_value_is_a_new_row_and_the_old_one_stays(user: Any) -> None:
    first, _ = set_threshold(user("county"), "5")
    second, created = set_threshold(user("county"), "7.5", reason="恢复为7天半")
    back, created_back = set_threshold(user("county"), "5", reason="再次改为5天")

    assert created and created_back
    assert [r.value for r in PolicyOverride.objects.filter(county=xiping()).order_by("created_at", "pk")] == [
        "5",
        "7.5",
        "5",
    ]
    first.refresh_from_db()
    assert first.value == "5" and first.reason == "县委常委会决定：5天以上报县审批"


def test_a_change_applies_to_requests_made_after_it(user: Any) -> None:
    today = TODAY
    before = NOW  # the session starts at NOW, before this test sets anything
    row, _ = set_threshold(user("county"), "5")

    old = county_policy(xiping(), today, as_of=before)
    just_before = county_policy(xiping(), today, as_of=row.created_at - datetime.timedelta(microseconds=1))
    at_change = county_policy(xiping(), today, as_of=row.created_at)
    later = county_policy(xiping(), today)

    six_days = Decimal(6)
    for policy in (old, just_before):
        route = policy.leave_route(six_days)
        assert not route.upper and route.threshold_days == 7 and not route.is_county_value
        assert route.approvers == {TOWNSHIP_COMMITTEE}
        assert route.filed_with == {COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU}
    for policy in (at_change, later):
        route = policy.leave_route(six_days)
        assert route.upper and route.threshold_days == 5 and route.is_county_value
        assert route.approvers == {COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU, DISPATCHING_UNIT}


def test_a_hard_provision_cannot_be_overridden(user: Any) -> None:
    error = refused(
        errors.POLICY_HARD,
        actor=user("county2"),
        county=pingyin(),
        key="leave_threshold_days",
        value="5",
        reason="想改为5天",
    )

    assert error.message == errors.POLICY_HARD_MSG.format(
        label="请假审批天数界限（天）", provision="JN-LEAVE"
    )
    assert error.message == "“请假审批天数界限（天）”是JN-LEAVE的刚性规定，县级不能修改"
    assert county_policy(pingyin(), TODAY).leave_route(Decimal("3.5")).upper


def test_a_value_the_policy_does_not_have_is_refused(user: Any) -> None:
    error = refused(
        errors.POLICY_NOT_CONFIGURABLE,
        actor=user("county"),
        county=xiping(),
        key="work_funds_min",
        value=20000,
        reason="设下限",
    )
    assert error.message == "驻马店市政策没有可由县级设置的“工作经费下限（元/队/年）”"
    refused(
        errors.POLICY_UNKNOWN_KEY, actor=user("county"), county=xiping(), key="nonsense", value=1, reason="x"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "“请假审批天数界限（天）”应为0.5至30之间的数字"),
        ("2.3", "“请假审批天数界限（天）”应为大于0的整数或半天，在0.5至30之间"),
        ("-1", "“请假审批天数界限（天）”应为大于0的整数或半天，在0.5至30之间"),
    ],
)
def test_a_bad_value_is_refused_with_the_rules_message(user: Any, value: str, message: str) -> None:
    error = refused(
        errors.POLICY_BAD_VALUE,
        actor=user("county"),
        county=xiping(),
        key="leave_threshold_days",
        value=value,
        reason="测试",
    )
    assert error.message == message and error.field == "value"


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_reason_is_required(user: Any, reason: str) -> None:
    error = refused(
        errors.POLICY_REASON_REQUIRED,
        actor=user("county"),
        county=xiping(),
        key="leave_threshold_days",
        value="5",
        reason=reason,
    )
    assert error.message == errors.POLICY_REASON_REQUIRED_MSG and error.field == "reason"


@pytest.mark.parametrize("username", ["bureau", "township", "unit", "cadre", "city", "county2"])
def test_only_the_county_org_dept_of_that_county_sets_its_policy(user: Any, username: str) -> None:
    error = refused(
        errors.POLICY_NOT_ALLOWED,
        actor=user(username),
        county=xiping(),
        key="leave_threshold_days",
        value="5",
        reason="越权",
    )
    assert error.message == errors.POLICY_NOT_ALLOWED_MSG


def test_other_config_values_of_zhumadian(user: Any) -> None:
    row, _ = policy_override_set(
        actor=user("county"),
        county=xiping(),
        key="living_allowance_per_day",
        value="50",
        reason="参照第一书记",
    )
    working, _ = policy_override_set(
        actor=user("county"), county=xiping(), key="leave_count_working_days", value=True, reason="本地制度"
    )

    policy = county_policy(xiping(), TODAY)
    assert (row.provision, row.value, working.value) == ("ZMD-ALLOWANCE", "50", True)
    assert policy.living_allowance(20) == Decimal(1000)
    assert policy.leave_counts_working_days


def qinghai_county() -> Region:
    return Region.objects.get(code="630202")  # the demo's 乐都区 (Qinghai), without overrides


def test_a_fund_floor_may_be_raised_never_lowered(user: Any) -> None:
    ledu = qinghai_county()

    error = refused(
        errors.POLICY_BAD_VALUE,
        actor=user("admin"),
        county=ledu,
        key="work_funds_min",
        value=15000,
        reason="降低",
    )
    row, _ = policy_override_set(
        actor=user("admin"), county=ledu, key="work_funds_min", value=30000, reason="提高"
    )

    assert error.message == "“工作经费下限（元/队/年）”不得低于文件标准20000（QH10-FUNDS）"
    assert (row.provision, row.value) == ("QH10-FUNDS", 30000)
    assert county_policy(ledu, TODAY).min_work_funds == 30000
