"""Leave where the seed is silent (issue 10, correction 5): in a Qinghai or Sichuan county the route is
the county's own rule (本县规定) with a stated default — the township party committee approves up to 3
days, the county org dept longer — and the county may move the line. 平阴县 is switched to the policy
under test inside the test's transaction (as test_overrides does with a county of its own)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from attendance.leave import services
from attendance.models import EventAction, LeaveRequest
from teams.models import PolicyOverride, Region
from tests.conftest import login

from .helpers import day, decide, free_cadre, submit, user

pytestmark = pytest.mark.django_db

TOWNSHIP = ["township_committee"]
ORG = ["county_org_dept"]

# (start offset, end offset, half_day_end) → days
SPANS = {"2": (20, 21, False), "2.5": (20, 22, True), "3": (20, 22, False), "3.5": (20, 23, True)}


def pingyin_under(code: str) -> Region:
    county = Region.objects.get(name="平阴县")
    county.policy_code = code
    county.save(update_fields=["policy_code"])
    return county


def pingyin_leave(days: str) -> LeaveRequest:
    start, end, half_end = SPANS[days]
    leave = submit(by="township2", cadre=free_cadre("孔村镇"), start=start, end=end, half_day_end=half_end)
    assert leave.days == Decimal(days)
    return leave


@pytest.mark.parametrize(("code", "provision"), [("qinghai", "QH-LEAVE"), ("sichuan", "SC-LEAVE")])
@pytest.mark.parametrize(("days", "approvers"), [("3", TOWNSHIP), ("3.5", ORG)])
def test_the_default_county_rule_splits_at_three_days(
    code: str, provision: str, days: str, approvers: list[str]
) -> None:
    pingyin_under(code)
    leave = pingyin_leave(days)
    assert (leave.approvers, leave.filed_with, leave.route_provision) == (approvers, [], provision)
    assert leave.route_threshold == Decimal(3) and leave.route_is_county_rule
    assert not leave.route_is_county_value  # the product default: the county has not set it yet


@pytest.mark.parametrize("code", ["qinghai", "sichuan"])
@pytest.mark.parametrize(("days", "approvers"), [("2", TOWNSHIP), ("2.5", ORG)])
def test_a_county_sets_its_own_line(code: str, days: str, approvers: list[str]) -> None:
    county = pingyin_under(code)
    PolicyOverride.objects.create(
        county=county,
        key="leave_threshold_days",
        provision="QH-LEAVE" if code == "qinghai" else "SC-LEAVE",
        value="2",
        reason="本县请销假制度",
        created_by=user("county2"),
    )
    leave = pingyin_leave(days)
    assert leave.approvers == approvers
    assert leave.route_threshold == Decimal(2) and leave.route_is_county_rule and leave.route_is_county_value


def test_jinan_route_is_the_documents() -> None:
    leave = pingyin_leave("3.5")
    assert leave.route_provision == "JN-LEAVE" and not leave.route_is_county_rule


def test_a_sichuan_overdue_return_cites_the_county_rule_not_all_return() -> None:
    pingyin_under("sichuan")
    leave = submit(by="township2", cadre=free_cadre("孔村镇"), start=1, end=2)
    decide(leave, "township2")
    assert services.leave_flag_overdue(today=day(4)) >= 1
    event = leave.events.get(action=EventAction.OVERDUE)
    assert event.comment.endswith("尚未销假（本县规定，SC-LEAVE）")
    assert "ALL-RETURN" not in event.comment


def test_a_qinghai_overdue_return_cites_all_return() -> None:
    pingyin_under("qinghai")
    leave = submit(by="township2", cadre=free_cadre("孔村镇"), start=1, end=2)
    decide(leave, "township2")
    assert services.leave_flag_overdue(today=day(4)) >= 1
    assert leave.events.get(action=EventAction.OVERDUE).comment.endswith("尚未销假（ALL-RETURN）")


def page(client: Client, county: Region, **query: str) -> str:
    response = client.get(f"/policy/{county.pk}/", query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("code", ["qinghai", "sichuan"])
def test_the_policy_page_labels_the_route_as_the_countys_own_rule(code: str) -> None:
    county = pingyin_under(code)
    html = page(login("county2"), county)
    assert 'id="leave-county-rule"' in html and "本县规定，不是文件条款" in html
    assert "为系统默认（县委组织部尚未设置" in html
    assert "文件未规定；系统默认3天" in html
    assert ("也没有请销假条款，假满销假同为本县规定" in html) is (code == "sichuan")
    assert ('id="p-ALL-RETURN"' in html) is (code == "qinghai")


def test_a_jinan_policy_page_has_no_county_rule_for_leave() -> None:
    html = page(login("county2"), Region.objects.get(name="平阴县"))
    assert 'id="leave-county-rule"' not in html and "文件未规定；系统默认" not in html


def test_the_leave_page_says_the_route_is_the_countys_own_rule() -> None:
    pingyin_under("qinghai")
    leave = pingyin_leave("3.5")
    html = login("county2").get(f"/leave/{leave.pk}/").content.decode()
    assert "文件未规定请假审批层级，此路线为本县规定" in html


def test_a_user_from_elsewhere_gets_404_on_a_silent_policy_county_page() -> None:
    county = pingyin_under("qinghai")
    assert login("county").get(f"/policy/{county.pk}/").status_code == 404
