"""Issue 9 §3: the check-in page says one thing about today. It used to flash "今天计为在村" after a
check-in while its own month showed 不在岗 for today (a spot check had written the day); the statement,
the flash and the API now read the day as counted (``days.selectors.cadre_days``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from attendance.days import months
from attendance.days import selectors as sel
from attendance.days import services as ps
from attendance.models import AttendanceDay, AttendanceStatus, SpotCheck
from teams.models import Membership
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db

CHECKIN = reverse("attendance:checkin_form")
SPOT_ABSENT = sel.SPOT_ABSENT_MSG.format(day="今天")


def cadre_user() -> User:
    return User.objects.get(username="cadre")


def cadre_id() -> int:
    found = cadre_user().cadre_id
    assert found is not None
    return found


def village_position() -> tuple[Decimal, Decimal]:
    post = Membership.objects.filter(cadre_id=cadre_id()).active_on(TODAY).get()
    village = post.team.village
    assert village.latitude is not None and village.longitude is not None
    return village.latitude, village.longitude


def check_in_near(client):  # type: ignore[no-untyped-def]
    lat, lon = village_position()
    return client.post(
        CHECKIN, {"latitude": str(lat + Decimal("0.001")), "longitude": str(lon), "accuracy": "20"}
    )


def spot_check_absent() -> SpotCheck:
    cadre = cadre_user().cadre
    assert cadre is not None
    return ps.spot_check_record(
        actor=User.objects.get(username="township"),
        cadre=cadre,
        at=NOW,
        method=SpotCheck.Method.ON_SITE,
        result=SpotCheck.Result.UNEXCUSED,
        note="实地查岗不在村",
    )


def today_tag(page: str) -> str:
    """The month view's tag of today (the one marked aria-current)."""
    start = page.index('aria-current="date"')
    return page[start : page.index("</span>", start)]


def statement(page: str) -> str:
    start = page.index('id="today-status"')
    return page[start : page.index("</div>", start)]


def test_a_check_in_after_a_spot_check_found_the_cadre_absent_says_absent_with_the_reason(as_user) -> None:  # type: ignore[no-untyped-def]
    assert not AttendanceDay.objects.filter(cadre_id=cadre_id(), date=TODAY).exists()
    check = spot_check_absent()
    client = as_user("cadre")
    page = check_in_near(client)
    assert page.status_code == 302
    page = client.get(CHECKIN).content.decode()
    assert "今天计为在村" not in page
    assert "不在岗" in today_tag(page)
    said = statement(page)
    assert SPOT_ABSENT in said
    assert reverse("attendance:explanation_detail", args=[check.explanation.pk]) in said
    assert "填写情况说明" in said
    assert SPOT_ABSENT in page[page.index('class="flash') :]  # the check-in's flash says the same


def test_a_spot_check_after_the_check_in_turns_the_statement_too(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("cadre")
    check_in_near(client)
    page = client.get(CHECKIN).content.decode()
    assert "今天计为在村" in statement(page) and "在村" in today_tag(page)
    spot_check_absent()
    page = client.get(CHECKIN).content.decode()
    assert SPOT_ABSENT in statement(page) and "不在岗" in today_tag(page)


def test_the_statement_follows_the_day_as_the_township_entered_it(as_user) -> None:  # type: ignore[no-untyped-def]
    ps.attendance_grid_save(
        actor=User.objects.get(username="township"),
        entries={(cadre_id(), TODAY): (AttendanceStatus.BUSINESS, False)},
        today=TODAY,
    )
    client = as_user("cadre")
    check_in_near(client)
    page = client.get(CHECKIN).content.decode()
    assert "今天计为公务外出（乡镇录入）" in statement(page) and "公务外出" in today_tag(page)
    assert "今天计为在村" not in page


def test_nothing_counted_yet_says_so() -> None:
    day = sel.counted_day(actor=cadre_user(), day=TODAY)
    assert day.row is None and day.text == sel.NOT_COUNTED_MSG.format(day="今天")


def test_the_api_answers_from_the_same_selector(as_user) -> None:  # type: ignore[no-untyped-def]
    spot_check_absent()
    lat, lon = village_position()
    body = (
        as_user("cadre")
        .post(
            "/api/v1/checkins/",
            {"latitude": str(lat + Decimal("0.001")), "longitude": str(lon), "accuracy": 20},
            content_type="application/json",
        )
        .json()
    )
    assert body["counted"] is False and body["far"] is False
    assert body["day"]["status"] == AttendanceStatus.ABSENT
    assert SPOT_ABSENT in body["message"] and "计为在村" not in body["message"]


def test_the_month_and_today_come_from_the_same_rows() -> None:
    spot_check_absent()
    first, last = months.month_bounds(TODAY.year, TODAY.month)
    month = sel.cadre_days(actor=cadre_user(), first=first, last=last, today=TODAY)
    (row,) = [d for d in month.days if d.date == TODAY]
    assert month.today.row == row and row.status == AttendanceStatus.ABSENT
    assert month.today.spot_check is not None
    assert [d.date for d in month.days] == sorted(d.date for d in month.days)
    assert all(first <= d.date <= last for d in month.days)
    assert month.days[0].date < TODAY - datetime.timedelta(days=1)  # the earlier days of the month too
