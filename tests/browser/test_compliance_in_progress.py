"""Issue 9 §3.2 in the browser: the county's compliance page for a month still running says so and calls
nobody compliant — the browser tests' world has no attendance at all, which used to read "达标" for
every cadre of the current month and "达标率100.0%" for every township. On the last day of a month it
is still running; on the first day of the next it is judged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tests.clock import TODAY, TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_compliance(page: Any, month: str) -> None:
    page.click("nav.nav >> text=在岗情况")
    page.fill("form.filters input[name=month]", month)
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(f"h1:has-text('{int(month[5:])}月')")


def _results(page: Any) -> list[str]:
    # The cadres' table only: the county's charts join the page below it, with tables of their own.
    return [t.strip() for t in page.locator("#cadre-results tbody tr td:last-child").all_inner_texts()]


def test_the_current_month_is_in_progress_and_nobody_is_compliant(login) -> None:  # type: ignore[no-untyped-def]
    # 平阴县 (Jinan): a monthly minimum and no week rule, so every row waits for the month's end.
    page = login("county2")
    _open_compliance(page, f"{TODAY:%Y-%m}")
    notice = page.locator("#in-progress")
    assert notice.is_visible() and "本月进行中" in notice.inner_text()
    results = _results(page)
    assert results and all(r.startswith("本月进行中") for r in results)
    assert all("已在村0天" in r for r in results)  # nothing entered in this world
    cards = page.locator(".stats .card").all_inner_texts()
    assert cards and all("达标0" in c and "达标率—" in c for c in cards)
    # 西平县 (Zhumadian) also judges the weeks already over: those fail now; still nobody is compliant.
    page = login("county")
    _open_compliance(page, f"{TODAY:%Y-%m}")
    results = _results(page)
    assert results and "达标" not in results
    assert all(r.startswith("本月进行中") or "ZMD-WEEK" in r for r in results)


@pytest.mark.parametrize(
    "day,running", [(datetime.date(2026, 10, 31), True), (datetime.date(2026, 11, 1), False)]
)
def test_october_on_its_last_day_and_on_the_first_of_november(
    login, day: datetime.date, running: bool
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)):
        page = login("county2")
        _open_compliance(page, "2026-10")
        results = _results(page)
        assert results
        if running:
            assert "本月进行中" in page.inner_text("#in-progress")
            assert all(r.startswith("本月进行中") and "尚可计入" in r for r in results)
        else:
            assert page.locator("#in-progress").count() == 0
            # Nothing entered all October: every cadre below the minimum, none compliant.
            assert all("在村0天，少于" in r for r in results)
