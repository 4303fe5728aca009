"""The Qinghai and Sichuan demo counties in the browser: 苍溪县 sees its rule-breaking team with the
Sichuan provision named; a leave that 乐都区碾伯镇 asks goes where the page says, is decided there, and
stays out of the other counties' reach."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from attendance.models import LeaveRequest
from tests.clock import TODAY

from .helpers import flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The office named in a route → the demo login of 乐都区 that holds it.
QINGHAI_APPROVERS = {"县（区）委组织部": "county_qh", "乡镇（街道）党（工）委": "township_qh"}


def test_sichuan_sees_its_team_without_a_first_secretary_with_the_sc_provision(login) -> None:  # type: ignore[no-untyped-def]
    page = login("county_sc")
    page.click("nav.nav >> text=工作队")
    page.fill("input[name=q]", "柏杨村")
    page.keyboard.press("Enter")
    page.locator("table tbody tr", has_text="柏杨村").first.locator("a").first.click()
    page.wait_for_selector("h1:has-text('柏杨村')")

    body = page.inner_text("main")

    assert "工作队应含第一书记" in body and "SC-TEAM" in body
    assert "QH-" not in body and "ZMD-" not in body and "JN-" not in body


def _ask(page: Any, start: datetime.date, end: datetime.date) -> str:
    """The township asks leave for its first cadre; returns the cadre's name."""
    page.click("nav.nav >> text=请销假")
    page.click("#ask-leave")
    option = page.locator("#id_cadre option").nth(1)
    cadre = option.inner_text().split("（")[0]
    page.select_option("#id_cadre", value=option.get_attribute("value"))
    page.select_option("#id_kind", "personal")
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.fill("#id_reason", "回家处理承包地流转手续")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector("#leave-status")
    return cadre


def test_a_qinghai_leave_goes_where_the_page_says_and_only_there(login, live_server) -> None:  # type: ignore[no-untyped-def]
    start = TODAY + datetime.timedelta(days=50)
    end = start + datetime.timedelta(days=4)
    page = login("township_qh")
    cadre = _ask(page, start, end)
    assert f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}" in page.inner_text("#leave-period")
    route = page.inner_text("#leave-route")
    approvers = [login_ for office, login_ in QINGHAI_APPROVERS.items() if office in route]
    assert approvers, route  # the route names an office of the county
    assert page.inner_text("#leave-status") == "待审批"
    leave = LeaveRequest.objects.get(cadre__name=cadre, start=start)
    assert leave.county.code == "630202"
    assert leave.route_provision.startswith("QH-")

    for username in ("county_sc", "county2", "county"):
        other = login(username)
        assert other.goto(f"{live_server.url}/leave/{leave.pk}/").status == 404

    for username in approvers:
        approver = login(username)
        approver.goto(f"{live_server.url}/leave/{leave.pk}/")
        approver.check("#decision-form input[value=approve]")
        approver.click("#decision-form button[type=submit]")
        flash(approver, "本单位")
    page.reload()
    assert page.inner_text("#leave-status") == "已批准"
