"""Issue 9 §3 in the browser: the month grid on a laptop (the whole month and the total in view),
status colours with their letters, locked and future days that look and behave differently, a
confirmation step before a month is locked, and the cadre's check-in page saying one thing about today."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest

from accounts.models import User
from attendance.days import months
from attendance.days import services as ps
from attendance.models import AttendanceStatus, MonthCertification, SpotCheck
from teams.models import Membership, Region
from tests.clock import NOW, TODAY

from .helpers import PHONE, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
# October: 31 days, over (the month may be certified), not certified in the test world.
LAST_MONTH = TODAY.replace(day=1) - datetime.timedelta(days=1)
BEFORE = LAST_MONTH.replace(day=1) - datetime.timedelta(days=1)
CODES = [
    (AttendanceStatus.IN_VILLAGE, True),
    (AttendanceStatus.IN_VILLAGE, False),
    (AttendanceStatus.LEAVE, False),
    (AttendanceStatus.BUSINESS, False),
    (AttendanceStatus.ABSENT, False),
]


def _township() -> Region:
    return Region.objects.get(name="五沟营镇", level="township")


def _enter(month: datetime.date) -> None:
    """Every status on some day of ``month`` for every cadre of the township (up to today), a few days
    left empty."""
    first, last = months.month_bounds(month.year, month.month)
    entries: dict[tuple[int, datetime.date], ps.Cell] = {}
    for i, m in enumerate(Membership.objects.active_on(first).filter(team__village__township=_township())):
        day = first
        while day <= min(last, TODAY):
            if (day.day + i) % 6:
                entries[(m.cadre_id, day)] = CODES[(day.day + i) % len(CODES)]
            day += datetime.timedelta(days=1)
    ps.attendance_grid_save(actor=User.objects.get(username="township"), entries=entries, today=TODAY)


def _grid(page: Any, month: datetime.date) -> None:
    """The township's grid of ``month`` (the page starts where the login left it: the home page)."""
    root = page.url.split("/attendance/")[0].rstrip("/")
    page.goto(f"{root}/attendance/grid/?month={month:%Y-%m}&township={_township().pk}")
    page.wait_for_selector("#grid tbody tr")


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _contrast(a: str, b: str) -> float:
    def lum(rgb: tuple[float, ...]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_whole_month_and_the_total_are_in_view_on_a_laptop(login) -> None:  # type: ignore[no-untyped-def]
    """At 1366 px the last days and the total column used to be cut off by the page's frame."""
    _enter(LAST_MONTH)
    page = login("township", **LAPTOP)
    _grid(page, LAST_MONTH)
    heads = page.locator("#grid thead th")
    assert heads.count() == 1 + 31 + 1  # the name, every day, the total
    wrap = page.locator("#grid .table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing hidden to scroll to
    total = heads.last.bounding_box()
    last_day = heads.nth(31).bounding_box()
    frame = wrap.bounding_box()
    assert last_day["x"] + last_day["width"] <= total["x"] + 1
    assert total["x"] + total["width"] <= min(frame["x"] + frame["width"], 1366) + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path="/tmp/zhucun-grid-1366.png")


def test_on_a_narrower_screen_the_grid_scrolls_with_names_and_total_in_view(login) -> None:  # type: ignore[no-untyped-def]
    page = login("township", viewport={"width": 1000, "height": 700})
    _grid(page, LAST_MONTH)
    wrap = page.locator("#grid .table-wrap")
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1000  # only the grid scrolls
    frame = wrap.bounding_box()
    for scroll in (0, 200, 10_000):
        wrap.evaluate(f"e => e.scrollLeft = {scroll}")
        name = page.locator("#grid tbody tr").first.locator("th").bounding_box()
        total = page.locator("#grid tbody tr").first.locator("td").last.bounding_box()
        assert abs(name["x"] - frame["x"]) < 3  # sticky at the left edge
        assert total["x"] + total["width"] <= frame["x"] + frame["width"] + 1  # sticky at the right
        assert total["x"] > frame["x"] + frame["width"] - 100


def test_each_status_has_its_own_readable_colour_and_keeps_its_letter(login) -> None:  # type: ignore[no-untyped-def]
    _enter(LAST_MONTH)
    page = login("township", **LAPTOP)
    _grid(page, LAST_MONTH)
    seen: dict[str, str] = {}
    for code in "ZBJGQ":
        cell = page.locator(f"#grid input.cell[value={code}]").first
        assert cell.input_value() == code  # the letter stays: colour is not the only cue
        style = cell.evaluate("e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }")
        assert _contrast(*style) >= 4.5, (code, style)
        seen[code] = style[1]
    assert len(set(seen.values())) == 5, seen  # five statuses, five backgrounds
    empty = page.locator("#grid input.cell[value='']:not([disabled])").first
    assert empty.evaluate("e => getComputedStyle(e).backgroundColor") not in seen.values()
    # Legend: a swatch per status, and for locked, future and not-serving days.
    legend = page.inner_text("#grid-legend")
    for text in (
        "在村（含住宿）",
        "请假",
        "公务外出",
        "不在岗",
        "未录入",
        "已确认锁定",
        "未到日期",
        "不在任职期",
    ):
        assert text in legend
    # The colour follows what the clerk types, before saving.
    empty.click()
    page.keyboard.type("q")
    assert empty.evaluate("e => getComputedStyle(e).backgroundColor") == seen["Q"]


def test_locked_and_future_days_look_different_and_take_no_typing(login) -> None:  # type: ignore[no-untyped-def]
    _enter(BEFORE)
    _enter(TODAY)
    township = _township()
    MonthCertification.objects.create(
        township=township,
        year=BEFORE.year,
        month=BEFORE.month,
        certified_by=User.objects.get(username="township"),
    )
    page = login("township", **LAPTOP)
    _grid(page, BEFORE)
    locked = page.locator("#grid td.day.locked")
    assert locked.count() == page.locator("#grid td.day:not(.off)").count() > 0
    assert page.locator("#grid td.locked input.cell:not([disabled])").count() == 0
    assert "锁定" in (locked.first.get_attribute("title") or "")
    looks = locked.first.evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e, '::after').backgroundImage]"
    )
    assert looks[0] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") and "lock.svg" in looks[1]
    page.locator("#grid td.locked").first.screenshot(path="/tmp/zhucun-grid-locked-cell.png")

    # The county office changes a certified month (with a reason): locked, but open to it.
    county = login("county", **LAPTOP)
    _grid(county, BEFORE)
    assert county.locator("#grid td.locked input.cell[disabled]").count() == 0
    assert county.locator("#grid td.locked").count() > 0

    # This month: the days after today are hatched and take no typing.
    _grid(page, TODAY)
    future = page.locator("#grid td.day.future")
    assert future.count() > 0
    assert page.locator("#grid td.future input.cell:not([disabled])").count() == 0
    after_today = page.locator("#grid tbody tr").first.locator("td.day").all()[TODAY.day :]
    assert all("future" in (td.get_attribute("class") or "") for td in after_today)
    hatch = future.first.locator("input").evaluate("e => getComputedStyle(e).backgroundImage")
    assert "gradient" in hatch
    today = page.locator("#grid tbody tr").first.locator("td.day").nth(TODAY.day - 1)
    assert "future" not in (today.get_attribute("class") or "") and today.locator("input").is_enabled()
    page.screenshot(path="/tmp/zhucun-grid-future.png")


def test_certifying_a_month_asks_first_and_says_what_gets_locked(login) -> None:  # type: ignore[no-untyped-def]
    _enter(LAST_MONTH)
    township = _township()
    page = login("township", **LAPTOP)
    _grid(page, LAST_MONTH)
    page.click("#certify-form button[type=submit]")
    heading = page.inner_text("#certify-confirm h1")
    assert heading == f"确认锁定 {LAST_MONTH.year}年{LAST_MONTH.month}月 五沟营镇考勤？"
    assert "锁定后乡镇不能修改" in page.inner_text("#certify-confirm")
    assert not MonthCertification.objects.filter(
        township=township, year=LAST_MONTH.year, month=LAST_MONTH.month
    ).exists()
    page.screenshot(path="/tmp/zhucun-certify-confirm.png")

    page.click("text=返回考勤表，暂不锁定")  # changed one's mind: nothing locked
    page.wait_for_selector("#certify-form")
    assert not MonthCertification.objects.filter(
        township=township, year=LAST_MONTH.year, month=LAST_MONTH.month
    ).exists()
    assert page.locator("#grid td.locked").count() == 0

    page.click("#certify-form button[type=submit]")
    page.click("#certify-confirm-form button[name=confirm]")
    flash(page, "考勤已确认并锁定")
    assert MonthCertification.objects.filter(
        township=township, year=LAST_MONTH.year, month=LAST_MONTH.month
    ).exists()
    assert page.locator("#grid td.locked").count() > 0
    assert page.locator("#grid td.locked input.cell:not([disabled])").count() == 0


def test_the_check_in_page_says_for_today_what_its_month_shows(login) -> None:  # type: ignore[no-untyped-def]
    """After a spot check found the cadre away, a check-in said "今天计为在村" while the month below
    said 不在岗: both now read the day as counted, with the spot check as the reason."""
    cadre = User.objects.get(username="cadre").cadre
    assert cadre is not None
    post = Membership.objects.filter(cadre=cadre).active_on(TODAY).get()
    village = post.team.village
    assert village.latitude is not None and village.longitude is not None
    ps.spot_check_record(
        actor=User.objects.get(username="township"),
        cadre=cadre,
        at=NOW,
        method=SpotCheck.Method.ON_SITE,
        result=SpotCheck.Result.UNEXCUSED,
        note="实地查岗不在村，未请假",
    )
    near = {"latitude": float(village.latitude + Decimal("0.001")), "longitude": float(village.longitude)}
    page = login("cadre", **PHONE, geolocation=near, permissions=["geolocation"])
    page.goto(page.url + "attendance/checkin/")
    page.click("#locate")
    said = flash(page, "已打卡")
    assert "计为在村" not in said and "今天查岗未在村，计为不在岗" in said
    statement = page.inner_text("#today-status")
    assert "今天查岗未在村，计为不在岗；如有原因请填写情况说明" in statement
    today_tag = page.inner_text("#month-days [aria-current=date]")
    assert "不在岗" in today_tag and f"{TODAY.day}日" in today_tag
    assert "今天计为在村" not in page.inner_text("main")
    box = page.locator("#today-status").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path="/tmp/zhucun-checkin-phone.png", full_page=True)
    page.click("#today-status >> text=填写情况说明")
    page.wait_for_selector("textarea[name=text]")
