"""Issue 5 in the browser: a 7.5-day leave in 西平县 (Zhumadian) needs the county organisation
department, the rural-revitalisation bureau and the dispatching unit, each from its own inbox; the cadre
then reports return. A 3.5-day leave in 平阴县 (Jinan) goes to its county alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import Office, User
from attendance.leave.demo import LEAVE_LOGINS
from teams.demo import DEMO_PASSWORD
from teams.models import Region
from tests.clock import TODAY

from .helpers import PHONE, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ask(page: Any, start: datetime.date, end: datetime.date, *, half_day_end: bool, cadre: str = "") -> None:
    page.click("nav.nav >> text=请销假")
    page.click("#ask-leave")
    if cadre:
        page.select_option("#id_cadre", label=cadre)
    page.select_option("#id_kind", "personal")
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    if half_day_end:
        page.check("#id_half_day_end")
    page.fill("#id_reason", "家中老人住院")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector("#leave-status")


def _period(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}上午"


def _approve_from_inbox(page: Any, cadre: str, period: str) -> str:
    """Opens the request from the office's inbox (the demo may hold other requests of the same cadre)."""
    page.click("nav.nav >> text=请销假")
    page.wait_for_selector("text=请销假 · 待我审批")
    page.locator("#results tbody tr").filter(has_text=cadre).locator(f"a:text-is('{period}')").click()
    page.check("#decision-form input[value=approve]")
    page.click("#decision-form button[type=submit]")
    return flash(page, "本单位")


def test_a_long_leave_in_xiping_needs_three_offices_then_the_cadre_reports_return(login) -> None:  # type: ignore[no-untyped-def]
    cadre = User.objects.get(username="cadre").cadre
    assert cadre is not None
    today = TODAY
    end = today + datetime.timedelta(days=7)

    page = login("cadre", **PHONE)  # the cadre asks from a phone
    page.click("label.nav-toggle-label")
    _ask(page, today, end, half_day_end=True)
    assert "共 7.5 天" in page.inner_text("#leave-period")
    route = page.inner_text("#leave-route")
    assert "县（区）委组织部" in route and "县（区）乡村振兴局" in route and "派出单位" in route
    assert page.inner_text("#leave-status") == "待审批"

    for approver in ("county", "bureau"):
        approver_page = login(approver)
        assert "本单位已批准" in _approve_from_inbox(approver_page, cadre.name, _period(today, end))
        assert approver_page.inner_text("#leave-status") == "待审批"  # a joint route needs every office
    unit_page = login("unit")
    assert "本单位已批准" in _approve_from_inbox(unit_page, cadre.name, _period(today, end))
    assert unit_page.inner_text("#leave-status") == "已批准"

    page.reload()
    assert page.inner_text("#leave-status") == "已批准"
    decided = page.inner_text("table:below(h2:text('审批意见'))")
    assert decided.count("批准") >= 3
    page.fill("#return-form #id_returned_on", today.isoformat())
    page.click("#return-form button[type=submit]")
    flash(page, "已销假")
    assert page.inner_text("#leave-status") == "已销假"


@pytest.fixture
def township2() -> User:
    """The 平阴县孔村镇 clerk of the leave demo (the transactional tests' world holds the teams demo only)."""
    clerk, created = User.objects.get_or_create(
        username="township2",
        defaults={
            "office": Office.TOWNSHIP_COMMITTEE,
            "first_name": LEAVE_LOGINS[0].description,
            "region": Region.objects.get(name="孔村镇", level="township"),
        },
    )
    if created:
        clerk.set_password(DEMO_PASSWORD)
        clerk.save()
    return clerk


def test_a_three_and_a_half_day_leave_in_pingyin_goes_to_its_county_alone(login, township2) -> None:  # type: ignore[no-untyped-def]
    start = TODAY + datetime.timedelta(days=50)  # after every demo leave
    end = start + datetime.timedelta(days=3)
    page = login("township2")
    page.click("nav.nav >> text=请销假")
    page.click("#ask-leave")
    cadre = page.locator("#id_cadre option").nth(1).inner_text()
    _ask(page, start, end, half_day_end=True, cadre=cadre)
    assert "共 3.5 天" in page.inner_text("#leave-period")
    assert page.inner_text("#leave-route").startswith("由县（区）委组织部批准")

    page.click("nav.nav >> text=请销假")
    assert _period(start, end) not in page.inner_text("#results")  # nothing waits for the township

    county2 = login("county2")
    assert "本单位已批准" in _approve_from_inbox(county2, cadre.split("（")[0], _period(start, end))
    assert county2.inner_text("#leave-status") == "已批准"
