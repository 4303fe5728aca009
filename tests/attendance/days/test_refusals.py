"""Issue 9 §3.3: refusals of the attendance-day services say the real reason — a spot check dated ahead of
now, a spot check on a day outside the cadre's terms (not "outside your jurisdiction"), a reversed or
wholly future fill-down range (which used to add nothing, silently)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from attendance.days import errors
from attendance.days import services as ps
from attendance.models import AttendanceDay, MonthCertification, SpotCheck
from teams.errors import ServiceError
from teams.models import Membership, Region
from tests.builders import serving
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db


def township() -> User:
    return User.objects.get(username="township")


def check(m: Membership, at: datetime.datetime, now: datetime.datetime | None = None) -> SpotCheck:
    return ps.spot_check_record(
        actor=township(), cadre=m.cadre, at=at, method="phone", result="present", now=now
    )


# --- spot checks --------------------------------------------------------------------------------------


def test_a_spot_check_ahead_of_now_is_refused() -> None:
    m = serving()
    now = NOW
    at = now + datetime.timedelta(hours=2)  # 12:00 in Shanghai
    with pytest.raises(ServiceError) as refused:
        check(m, at, now=now)
    assert refused.value.code == errors.SPOT_CHECK_FUTURE
    assert refused.value.message == errors.SPOT_CHECK_FUTURE_MSG.format(
        at="2026-11-24 12:00", now="2026-11-24 10:00"
    )
    assert not SpotCheck.objects.filter(cadre=m.cadre, at=at).exists()
    # Exactly now, and just before, is a check that happened.
    assert check(m, now, now=now).at == now


def test_the_page_refuses_a_spot_check_tomorrow() -> None:
    m = serving()
    c = Client()
    c.force_login(township())
    before = SpotCheck.objects.count()
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = c.post(
        reverse("attendance:spot_check_list"),
        {"cadre": m.cadre_id, "at": f"{tomorrow}T09:30", "method": "phone", "result": "present"},
    )
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert f"查岗时间（{tomorrow} 09:30）晚于现在" in page
    assert SpotCheck.objects.count() == before


def test_a_spot_check_outside_the_cadres_terms_says_so() -> None:
    m = serving()
    day = m.start - datetime.timedelta(days=1)
    assert not Membership.objects.filter(cadre=m.cadre).active_on(day).exists()
    with pytest.raises(ServiceError) as refused:
        check(m, timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10)))
    assert refused.value.code == errors.SPOT_CHECK_OFF_DUTY
    assert refused.value.message == errors.SPOT_CHECK_OFF_DUTY_MSG.format(cadre=m.cadre.name, day=day)
    assert "不在驻村任期内" in refused.value.message and "管辖范围" not in refused.value.message


def test_a_spot_check_of_a_cadre_serving_elsewhere_is_outside_the_jurisdiction() -> None:
    m = serving("孔村镇")
    at = NOW - datetime.timedelta(hours=1)
    with pytest.raises(ServiceError) as refused:
        check(m, at)
    assert refused.value.code == errors.NOT_SERVING
    assert refused.value.message == errors.NOT_SERVING_MSG.format(cadre=m.cadre.name, day=TODAY)


# --- the month grid's fill-down ------------------------------------------------------------------------


def fill(first: int, last: int) -> ps.GridResult:
    m = serving()
    return ps.attendance_fill(
        actor=township(),
        cadres=[m.cadre_id],
        first=TODAY.replace(day=first),
        last=TODAY.replace(day=last),
        status="in_village",
        night=True,
        only_empty=False,
        today=TODAY,
    )


def test_a_reversed_fill_range_is_refused() -> None:
    before = AttendanceDay.objects.count()
    with pytest.raises(ServiceError) as refused:
        fill(20, 5)
    assert refused.value.code == errors.FILL_REVERSED
    assert refused.value.message == errors.FILL_REVERSED_MSG.format(first="11月20日", last="11月5日")
    assert AttendanceDay.objects.count() == before


def test_a_fill_range_after_today_is_refused() -> None:
    with pytest.raises(ServiceError) as refused:
        fill(TODAY.day + 1, 30)
    assert refused.value.code == errors.FUTURE_DAY
    assert refused.value.message == errors.FUTURE_DAY_MSG.format(today=TODAY.isoformat())


def test_a_fill_of_one_day_and_up_to_today_still_works() -> None:
    MonthCertification.objects.filter(year=TODAY.year, month=TODAY.month).delete()
    one = fill(5, 5)
    assert one.created + one.updated + one.unchanged == 1
    m = serving()
    fill(TODAY.day - 1, 30)  # runs past today: filled up to today
    assert AttendanceDay.objects.get(cadre=m.cadre, date=TODAY).status == "in_village"
    assert not AttendanceDay.objects.filter(cadre=m.cadre, date__gt=TODAY).exclude(source="leave").exists()


def test_the_grid_page_says_the_fill_range_is_reversed() -> None:
    c = Client()
    c.force_login(township())
    township_id = Region.objects.get(name="五沟营镇").pk
    before = AttendanceDay.objects.count()
    response = c.post(
        reverse("attendance:grid_form"),
        {
            "month": f"{TODAY:%Y-%m}",
            "township": township_id,
            "action": "fill",
            "fill_code": "Z",
            "fill_from": "20",
            "fill_to": "5",
        },
    )
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert errors.FILL_REVERSED_MSG.format(first="11月20日", last="11月5日") in page
    assert AttendanceDay.objects.count() == before
