"""Issue 9 §3.1: every year, month, date, time and id parameter of the attendance pages and APIs is
checked at the edge. A page says what was wrong (200 with the Chinese message, or a refused write: 302
back with the message and nothing written); the API answers 400 with the message as ``detail``; an id
that does not parse names no record (404). Never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from attendance.days import errors
from attendance.models import AttendanceDay, LeaveRequest, MonthCertification, SpotCheck, WorkCalendarDay
from core import params
from teams.models import Cadre, Membership, Region, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

BAD_YEARS = ["20266", "10000", "1999", "2101", "0", "-1", "abc", "2026.5", "99999999999999999999", "²"]
BAD_MONTHS = [
    "2026-13",
    "2026-00",
    "20266-01",
    "10000-01",
    "1999-12",
    "abc",
    "2026-1-1",
    "-2026-01",
    "2026-²",
]
BAD_DATES = ["2026-13-45", "2026-02-30", "abc", "99999-01-01", "1999-12-31", "0001-01-01", "-2026-01-01"]
BAD_TIMES = ["2026-13-45T10:00", "abc", "0001-01-01T00:00", "99999-01-01T00:00", "2026-11-24T25:00"]
BAD_IDS = ["abc", "²", "-1", "1.5", "12345678901234567890123"]


def client(username: str) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(User.objects.get(username=username))
    return c


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def wugouying() -> Region:
    return Region.objects.get(name="五沟营镇")


def serving_cadre() -> Cadre:
    m = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name="五沟营镇")
        .exclude(cadre__user__username="cadre")
        .order_by("cadre_id")
        .first()
    )
    assert m is not None
    return m.cadre


def follow_message(c: Client, response) -> str:  # type: ignore[no-untyped-def]
    """The page a refused write redirects to, with its message."""
    assert response.status_code == 302
    return text(c.get(response["Location"]))


# --- pages that read: 200 with the message, the default period shown -----------------------------


@pytest.mark.parametrize("value", BAD_YEARS)
def test_calendar_year(value: str) -> None:
    response = client("county").get(reverse("attendance:calendar_form"), {"year": value})
    assert response.status_code == 200
    assert params.BAD_YEAR_MSG.format(value=value) in text(response)
    assert response.context["year"] == TODAY.year


@pytest.mark.parametrize("value", BAD_YEARS)
def test_compliance_year(value: str) -> None:
    response = client("county").get(reverse("attendance:compliance_list"), {"period": "year", "year": value})
    assert response.status_code == 200
    assert params.BAD_YEAR_MSG.format(value=value) in text(response)
    assert response.context["year"] == TODAY.year


@pytest.mark.parametrize("value", BAD_MONTHS)
@pytest.mark.parametrize(
    "who,name",
    [
        ("county", "compliance_list"),
        ("township", "grid_form"),
        ("county", "explanation_list"),
    ],
)
def test_month_of_a_page(who: str, name: str, value: str) -> None:
    response = client(who).get(reverse(f"attendance:{name}"), {"month": value})
    assert response.status_code == 200
    assert params.BAD_MONTH_MSG.format(value=value) in text(response)


@pytest.mark.parametrize("name", ["compliance_list", "explanation_list"])
def test_a_bad_month_downloads_nothing(name: str) -> None:
    """The export of a month nobody asked for is not made: the page says why instead."""
    response = client("county").get(reverse(f"attendance:{name}"), {"month": "2026-13", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert params.BAD_MONTH_MSG.format(value="2026-13") in text(response)


def test_a_long_value_is_cut_short_in_the_message() -> None:
    value = "9" * 5000
    response = client("county").get(reverse("attendance:calendar_form"), {"year": value})
    assert response.status_code == 200
    assert params.BAD_YEAR_MSG.format(value="9" * 20 + "…") in text(response)


def test_the_year_inputs_show_the_served_range() -> None:
    for name in ("compliance_list", "calendar_form"):
        page = text(client("county").get(reverse(f"attendance:{name}")))
        assert f'min="{params.MIN_YEAR}" max="{params.MAX_YEAR}"' in page


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize(
    "who,name,param",
    [
        ("county", "compliance_list", "county"),
        ("county", "compliance_list", "township"),
        ("county", "compliance_list", "team"),
        ("county", "calendar_form", "county"),
        ("township", "grid_form", "team"),
        ("township", "grid_form", "township"),
    ],
)
def test_an_id_that_does_not_parse_is_404(who: str, name: str, param: str, value: str) -> None:
    assert client(who).get(reverse(f"attendance:{name}"), {param: value}).status_code == 404


# --- writes: refused with the message, nothing written ----------------------------------------------


@pytest.mark.parametrize("value", BAD_MONTHS)
def test_grid_save_in_a_bad_month_writes_nothing(value: str) -> None:
    cadre = serving_cadre()
    c = client("township")
    AttendanceDay.objects.filter(cadre=cadre, date=TODAY).delete()
    response = c.post(
        reverse("attendance:grid_form"),
        {"month": value, "township": wugouying().pk, f"c_{cadre.pk}_{TODAY.day}": "Z"},
    )
    assert response["Location"] == reverse("attendance:grid_form") + f"?township={wugouying().pk}"
    assert params.BAD_MONTH_MSG.format(value=value) in follow_message(c, response)
    assert not AttendanceDay.objects.filter(cadre=cadre, date=TODAY).exists()


@pytest.mark.parametrize("field,label", [("fill_from", "填充起始日"), ("fill_to", "填充截止日")])
@pytest.mark.parametrize("value", ["0", "31", "-1", "abc", "²", "99999999999999999999"])
def test_grid_fill_day_out_of_the_month(field: str, label: str, value: str) -> None:
    c = client("township")
    before = AttendanceDay.objects.count()
    response = c.post(
        reverse("attendance:grid_form"),
        {"month": "2026-11", "township": wugouying().pk, "action": "fill", "fill_code": "Z", field: value},
    )
    message = params.BAD_NUMBER_MSG.format(label=label, value=value, low=1, high=30)
    assert message in follow_message(c, response)
    assert AttendanceDay.objects.count() == before


@pytest.mark.parametrize("value", ["abc", "²"])
def test_grid_fill_cadre_that_does_not_parse_is_404(value: str) -> None:
    response = client("township").post(
        reverse("attendance:grid_form"),
        {
            "month": "2026-11",
            "township": wugouying().pk,
            "action": "fill",
            "fill_code": "Z",
            "fill_cadre": value,
        },
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", BAD_MONTHS)
def test_certify_a_bad_month_certifies_nothing(value: str) -> None:
    c = client("township")
    response = c.post(
        reverse("attendance:certification_form"), {"month": value, "township": wugouying().pk, "confirm": "1"}
    )
    assert params.BAD_MONTH_MSG.format(value=value) in follow_message(c, response)
    assert not MonthCertification.objects.filter(
        township=wugouying(), year=TODAY.year, month=TODAY.month
    ).exists()


@pytest.mark.parametrize("value", [*BAD_DATES, ""])
def test_calendar_day_bad_date(value: str) -> None:
    c = client("county")
    before = WorkCalendarDay.objects.count()
    response = c.post(reverse("attendance:calendar_form"), {"date": value, "kind": "holiday", "name": "x"})
    shown = value or "（未填写）"
    assert params.BAD_DATE_MSG.format(value=shown) in follow_message(c, response)
    assert WorkCalendarDay.objects.count() == before


@pytest.mark.parametrize("value", BAD_TIMES)
def test_spot_check_bad_time(value: str) -> None:
    c = client("township")
    before = SpotCheck.objects.count()
    response = c.post(
        reverse("attendance:spot_check_list"),
        {"cadre": serving_cadre().pk, "at": value, "method": "phone", "result": "present"},
    )
    assert params.BAD_TIME_MSG.format(value=value) in follow_message(c, response)
    assert SpotCheck.objects.count() == before


@pytest.mark.parametrize("value", BAD_IDS)
def test_spot_check_cadre_that_does_not_parse_is_404(value: str) -> None:
    response = client("township").post(
        reverse("attendance:spot_check_list"), {"cadre": value, "method": "phone", "result": "present"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-inf", "1e999999"])
def test_checkin_coordinates_that_are_not_numbers(value: str) -> None:
    c = client("cadre")
    response = c.post(
        reverse("attendance:checkin_form"), {"latitude": value, "longitude": value, "accuracy": value}
    )
    assert errors.BAD_COORDINATES_MSG in follow_message(c, response)


@pytest.mark.parametrize("value", ["9999-12-30", "0001-01-01", "2101-01-01", "1999-12-31"])
def test_leave_form_date_outside_the_served_years(value: str) -> None:
    response = client("township").post(
        reverse("attendance:leave_form"),
        {"cadre": serving_cadre().pk, "kind": "personal", "start": value, "end": value, "reason": "家中有事"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == [params.DATE_OUT_OF_RANGE_MSG]


# --- the APIs: 400 with a Chinese detail ---------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_MONTHS)
def test_api_attendance_month(value: str) -> None:
    response = client("county").get("/api/v1/attendance/", {"cadre": str(serving_cadre().pk), "month": value})
    assert response.status_code == 400
    assert response.json()["detail"] == params.BAD_MONTH_MSG.format(value=value)


@pytest.mark.parametrize("value", ["abc", "²", "-1", "1.5"])
def test_api_attendance_cadre(value: str) -> None:
    response = client("county").get("/api/v1/attendance/", {"cadre": value, "month": "2026-10"})
    assert response.status_code == 400
    assert response.json()["detail"] == "驻村干部：干部编号应为整数"


def test_api_attendance_cadre_too_large_is_404() -> None:
    response = client("county").get("/api/v1/attendance/", {"cadre": "9" * 30, "month": "2026-10"})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["9999-12-30", "0001-01-01", "2101-01-01"])
def test_api_leave_date_outside_the_served_years(value: str) -> None:
    response = client("township").post(
        "/api/v1/leave-requests/",
        {"cadre": serving_cadre().pk, "kind": "personal", "start": value, "end": value, "reason": "家中有事"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"开始日期：{params.DATE_OUT_OF_RANGE_MSG}"


def test_api_return_date_outside_the_served_years() -> None:
    leave = LeaveRequest.objects.for_user(User.objects.get(username="township")).first()
    assert leave is not None
    response = client("township").post(
        f"/api/v1/leave-requests/{leave.pk}/return/",
        {"returned_on": "9999-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"返岗日期：{params.DATE_OUT_OF_RANGE_MSG}"


def test_a_team_grid_still_opens_with_a_good_id() -> None:
    """The checks refuse only what is wrong: a plain id and month still open the team's grid."""
    team = Team.objects.filter(village__township=wugouying()).first()
    assert team is not None
    response = client("township").get(
        reverse("attendance:grid_form"), {"team": str(team.pk), "month": "2026-10"}
    )
    assert response.status_code == 200
    assert (response.context["year"], response.context["month"]) == (2026, 10)
