"""leave_route under convention 1 (≤ N lower, > N upper), the silent policies, approvals and 销假."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teams.rules import COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU, DISPATCHING_UNIT, TOWNSHIP_COMMITTEE, policy_for
from teams.rules.attendance import return_rule
from teams.rules.provisions import SILENT_LEAVE_THRESHOLD_DAYS

ON = datetime.date(2023, 6, 1)
TOWNSHIP = frozenset({TOWNSHIP_COMMITTEE})
ORG = frozenset({COUNTY_ORG_DEPT})
COUNTY_PAIR = frozenset({COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU})
JOINT = frozenset({COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU, DISPATCHING_UNIT})
NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("code", "days", "approvers", "filed_with", "provision"),
    [
        ("jinan", "3", TOWNSHIP, NONE, "JN-LEAVE"),
        ("jinan", "3.5", ORG, NONE, "JN-LEAVE"),
        ("jinan", "4", ORG, NONE, "JN-LEAVE"),
        ("jinan", "7", ORG, NONE, "JN-LEAVE"),
        ("jinan", "0.5", TOWNSHIP, NONE, "JN-LEAVE"),
        ("zhumadian", "3", TOWNSHIP, COUNTY_PAIR, "ZMD-LEAVE"),
        ("zhumadian", "7", TOWNSHIP, COUNTY_PAIR, "ZMD-LEAVE"),
        ("zhumadian", "7.5", JOINT, NONE, "ZMD-LEAVE"),
        ("zhumadian", "8", JOINT, NONE, "ZMD-LEAVE"),
    ],
)
def test_threshold_policies(
    code: str, days: str, approvers: frozenset[str], filed_with: frozenset[str], provision: str
) -> None:
    route = policy_for(code, ON).leave_route(Decimal(days))
    assert (route.approvers, route.filed_with, route.provision) == (approvers, filed_with, provision)


@pytest.mark.parametrize(("code", "provision"), [("qinghai", "QH-LEAVE"), ("sichuan", "SC-LEAVE")])
@pytest.mark.parametrize(
    ("days", "approvers"),
    [("0.5", TOWNSHIP), ("1", TOWNSHIP), ("3", TOWNSHIP), ("3.5", ORG), ("4", ORG), ("30", ORG)],
)
def test_silent_policies_ship_the_county_rule_default_of_three_days(
    code: str, provision: str, days: str, approvers: frozenset[str]
) -> None:
    """Issue 10, correction 5: the seeds name no route (001: 明确驻村干部请销假报批程序; 003: none), so the
    route is the county's own rule with a stated default — township up to 3 days, then the county org
    dept. Before, every leave (even half a day) went to the county org dept."""
    route = policy_for(code, ON).leave_route(Decimal(days))
    assert (route.approvers, route.filed_with, route.provision) == (approvers, NONE, provision)
    assert route.threshold_days == SILENT_LEAVE_THRESHOLD_DAYS == Decimal(3)
    assert route.is_county_rule and not route.is_county_value


@pytest.mark.parametrize("code", ["jinan", "zhumadian"])
def test_a_route_the_seed_sets_is_no_county_rule(code: str) -> None:
    assert not policy_for(code, ON).leave_route(Decimal(1)).is_county_rule
    assert not policy_for(code, ON).leave_provision.county_rule  # type: ignore[union-attr]


@pytest.mark.parametrize("code", ["qinghai", "sichuan"])
def test_a_silent_policy_county_may_send_every_leave_to_the_county(code: str) -> None:
    policy = policy_for(code, ON).with_overrides(leave_threshold_days=None)
    route = policy.leave_route(Decimal("0.5"))
    assert route.approvers == ORG and route.threshold_days is None and route.is_county_rule


@pytest.mark.parametrize("code", ["qinghai", "sichuan"])
@pytest.mark.parametrize(("days", "approvers"), [("3", TOWNSHIP), ("3.5", ORG), ("4", ORG)])
def test_silent_policies_after_a_county_threshold(code: str, days: str, approvers: frozenset[str]) -> None:
    policy = policy_for(code, ON).with_overrides(leave_threshold_days=Decimal(3))
    route = policy.leave_route(Decimal(days))
    assert route.approvers == approvers and route.is_county_value


@pytest.mark.parametrize(("days", "approvers"), [("5", TOWNSHIP), ("5.5", JOINT)])
def test_zhumadian_county_may_move_its_threshold(days: str, approvers: frozenset[str]) -> None:
    policy = policy_for("zhumadian", ON).with_overrides(leave_threshold_days="5")
    assert policy.leave_route(Decimal(days)).approvers == approvers


@pytest.mark.parametrize(
    "days,message",
    [
        ("0", "请假天数应大于0"),
        ("-1", "请假天数应大于0"),
        ("1.25", "请假天数应以半天为单位"),
        ("3.3", "请假天数应以半天为单位"),
        ("abc", "请假天数无效：'abc'"),
    ],
)
def test_leave_days_must_be_positive_halves(days: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        policy_for("jinan", ON).leave_route(days)


def test_float_days_are_refused() -> None:
    with pytest.raises(ValueError, match="请假天数应为整数或半天的十进制数"):
        policy_for("jinan", ON).leave_route(3.5)  # type: ignore[arg-type]


def test_route_describes_itself_in_chinese() -> None:
    route = policy_for("zhumadian", ON).leave_route(Decimal(2))
    assert route.description == "由乡镇（街道）党（工）委批准，并报县（区）委组织部、县（区）乡村振兴局备案"


@pytest.mark.parametrize(
    ("code", "days", "approved", "filed", "broken"),
    [
        ("jinan", "4", {TOWNSHIP_COMMITTEE}, set(), True),
        ("jinan", "4", {COUNTY_ORG_DEPT}, set(), False),
        ("zhumadian", "8", {COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU}, set(), True),
        ("zhumadian", "8", set(JOINT), set(), False),
        ("zhumadian", "2", {TOWNSHIP_COMMITTEE}, {COUNTY_ORG_DEPT}, True),
        ("zhumadian", "2", {TOWNSHIP_COMMITTEE}, set(COUNTY_PAIR), False),
    ],
)
def test_leave_approvals_follow_the_route(
    code: str, days: str, approved: set[str], filed: set[str], broken: bool
) -> None:
    found = policy_for(code, ON).check_leave_approval(Decimal(days), approved, filed)
    assert bool(found) is broken
    assert all(f.severity == "error" for f in found)


@pytest.mark.parametrize("code", ["jinan", "qinghai", "sichuan", "zhumadian"])
@pytest.mark.parametrize(
    ("returned", "today", "broken"),
    [
        (None, datetime.date(2023, 6, 10), False),
        (None, datetime.date(2023, 6, 11), True),
        (datetime.date(2023, 6, 10), datetime.date(2023, 7, 1), False),
    ],
)
def test_a_leave_ends_with_a_return_report(
    code: str, returned: datetime.date | None, today: datetime.date, broken: bool
) -> None:
    found = policy_for(code, ON).check_leave_return(datetime.date(2023, 6, 10), returned, today)
    assert [f.provision for f in found] == (["ALL-RETURN"] if broken and code != "sichuan" else [])


@pytest.mark.parametrize(
    ("code", "provision", "county_rule", "citation"),
    [
        ("jinan", "ALL-RETURN", False, "ALL-RETURN"),
        ("qinghai", "ALL-RETURN", False, "ALL-RETURN"),
        ("zhumadian", "ALL-RETURN", False, "ALL-RETURN"),
        # seed 003 has no 销假 clause: the return step is the Sichuan county's own rule (correction 5)
        ("sichuan", "SC-LEAVE", True, "本县规定，SC-LEAVE"),
    ],
)
def test_the_return_report_is_cited_only_where_a_seed_asks_for_it(
    code: str, provision: str, county_rule: bool, citation: str
) -> None:
    policy = policy_for(code, ON)
    assert (policy.in_force("ALL-RETURN") is not None) is (code != "sichuan")
    rule = return_rule(policy)
    assert rule is not None and (rule.provision, rule.is_county_rule, rule.citation) == (
        provision,
        county_rule,
        citation,
    )


def test_working_days_switch() -> None:
    policy = policy_for("jinan", ON)
    assert not policy.leave_counts_working_days
    assert policy.with_overrides(leave_count_working_days=True).leave_counts_working_days
