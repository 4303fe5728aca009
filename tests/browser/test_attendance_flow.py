"""Issue 6 in the browser: the township enters a month of attendance for a team by keyboard (with
fill-down), saves and certifies it; the certified month is locked for the township, the county changes it
with a reason; the county's compliance page shows the cadre under the minimum with the provision id."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.clock import TODAY

from .helpers import PHONE, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEAM = "李楼村驻村工作队"


def _last_month() -> str:
    return f"{TODAY.replace(day=1) - datetime.timedelta(days=1):%Y-%m}"


def _open_grid(page: Any, month: str, *, township: str = "五沟营镇", team: str = TEAM) -> None:
    page.click("nav.nav >> text=考勤")
    page.fill("#grid-filter input[name=month]", month)
    page.select_option("#grid-filter select[name=township]", label=township)
    page.click("#grid-filter button[type=submit]")
    # The choice shows the team's term after its name.
    choice = page.locator("#grid-filter select[name=team] option", has_text=team).get_attribute("value")
    page.select_option("#grid-filter select[name=team]", choice)
    page.click("#grid-filter button[type=submit]")
    page.wait_for_selector(f"h1:has-text('{team}')")


def _row(page: Any, name: str) -> Any:
    return page.locator("#grid tbody tr").filter(has=page.locator(f"th:text-is('{name}')"))


def test_the_township_enters_and_certifies_a_month_then_only_the_county_may_change_it(login) -> None:  # type: ignore[no-untyped-def]
    month = _last_month()
    page = login("township")
    _open_grid(page, month)
    rows = page.locator("#grid tbody tr")
    assert rows.count() >= 3
    first = rows.nth(0)
    name = first.locator("th").inner_text()

    # Typing a code moves to the next day; F4 fills the column down to every cadre of the team.
    first.locator("input.cell").nth(0).click()
    page.keyboard.type("zzb")
    assert first.locator("input.cell").nth(3).evaluate("e => e === document.activeElement")
    first.locator("input.cell").nth(0).click()
    page.keyboard.press("F4")
    assert rows.nth(rows.count() - 1).locator("input.cell").nth(0).input_value() == "Z"
    page.click("#grid-save")
    assert f"新增{2 + rows.count()}天" in flash(page, "已保存")
    assert _row(page, name).locator("td").last.inner_text() == "3"  # days in the village

    page.click("#certify-form button[type=submit]")  # asks first (issue 9 §3)
    page.click("#certify-confirm-form button[name=confirm]")
    flash(page, "考勤已确认并锁定")
    assert page.locator("h1", has_text=TEAM).count() == 1  # still on the team's grid
    assert page.locator("#certify-form").count() == 0

    # A certified month is locked for the township: its days are greyed out and take no typing ...
    locked = _row(page, name).locator("input.cell").nth(3)
    assert locked.is_disabled() and "locked" in locked.evaluate("e => e.parentElement.className")
    assert locked.input_value() == ""

    # ... and the county changes it, with a reason, on the record.
    county = login("county")
    _open_grid(county, month)
    assert "确认锁定" in county.inner_text("main .flash-warning")
    _row(county, name).locator("input.cell").nth(3).fill("Q")
    county.click("#grid-save")
    flash(county, "修改已确认月份的考勤须填写理由")
    _row(county, name).locator("input.cell").nth(3).fill("Q")
    county.fill("#grid-reason", "乡镇漏报：经查当日不在岗")
    county.click("#grid-save")
    flash(county, "修改记录1条")
    assert _row(county, name).locator("input.cell").nth(3).input_value() == "Q"

    # The county's compliance page: the cadre was in the village 3 days of the month.
    county.click("nav.nav >> text=在岗情况")
    county.fill("input[name=month]", month)
    county.check("input[name=failing]")
    county.click("form.filters button[type=submit]")
    county.wait_for_selector("table >> text=" + name)
    found = county.locator("tbody tr").filter(has=county.locator(f"a:text-is('{name}')"))
    assert found.locator("td").nth(3).inner_text() == "3"
    assert "ZMD-" in found.locator("td").last.inner_text()


def test_the_month_grid_stays_a_grid_on_a_phone(login) -> None:  # type: ignore[no-untyped-def]
    """The phone layout turns table rows into cards; the grid used to become one day per line
    (a page 24,000 pixels tall). It scrolls sideways instead, the names staying in view."""
    page = login("township", **PHONE)
    page.goto(page.url + "attendance/grid/")
    first = page.locator("#grid tbody tr").first
    assert first.locator("td").first.evaluate("e => getComputedStyle(e).display") == "table-cell"
    assert first.bounding_box()["height"] < 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # only the grid itself scrolls
    page.locator("#grid .table-wrap").evaluate("e => e.scrollLeft = 400")
    name = first.locator("th").bounding_box()
    assert name["x"] >= 0 and name["x"] < 40  # sticky
