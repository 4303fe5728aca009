"""No 500 from any input (issue 16, item 7), across the teams and attendance pages and the JSON API.

Every query parameter a page reads goes through ``core.params``: a Unicode digit (``²``, ``١``:
digits to ``str.isdigit`` but not to ``int``), NaN, a 30-digit number or a negative one is either a
filter that narrows nothing (the roster lists), a Chinese message (periods and dates) or a 404 (a record
id). A NUL character anywhere in a query or form is a 400 before any view runs (PostgreSQL cannot hold
it). The API answers JSON whatever happens, an unknown address and an unexpected error included.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from attendance.models import LeaveRequest, SpotCheck
from config import errors
from teams.models import Region
from tests.builders import serving

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "١", "NaN", "inf", "9" * 30, "-1", "1e309", "0x1F", " 7"]

# (user, url name, parameter) of every list filter and period a page reads from its query string.
PAGE_PARAMS = [
    ("county", "teams:village_list", ["q", "township", "flag", "page"]),
    ("county", "teams:team_list", ["q", "township", "status", "page"]),
    ("county", "teams:cadre_list", ["q", "party", "role", "unit", "serving", "page"]),
    ("county", "teams:unit_list", ["q", "level", "kind", "page"]),
    ("county", "teams:team_create", ["village"]),
    ("county", "teams:policy_detail", ["on"]),
    ("county", "teams:membership_create", ["role", "dispatching_unit", "start", "is_leader"]),
    ("county", "attendance:leave_list", ["view", "q", "status", "kind"]),
    ("county", "attendance:compliance_list", ["period", "year", "month", "failing"]),
    ("county", "attendance:calendar_form", ["year"]),
    ("township", "attendance:grid_form", ["month"]),
    ("county", "funding:allowance", ["month", "unit", "format"]),
    ("county", "funding:insurance", ["county", "year", "format"]),
    ("county", "funding:fund_list", ["year", "township", "under", "format"]),
    ("county", "funding:allocation_create", ["team", "year"]),
    ("county", "attendance:explanation_list", ["month"]),
    ("township", "attendance:spot_check_list", ["page"]),
    ("township", "attendance:checkin_list", ["page", "month"]),
    ("county", "accounts:user_list", ["q", "office", "status"]),
    ("county", "assessment:term_review_list", ["county"]),
    ("county_sc", "assessment:target_list", ["county", "year"]),
    ("county_qh", "assessment:report_list", ["year", "kind", "status", "page"]),
    ("county_qh", "assessment:duty_overdue_list", ["county", "year", "township", "kind"]),
    ("cadre", "worklog:entry_list", ["q", "kind", "month", "page"]),
    ("county_sc", "worklog:household_list", ["year", "quarter", "page"]),
    ("county2", "worklog:meeting_list", ["year", "quarter", "page"]),
    ("city", "teams:change_list", ["county", "start", "end"]),
    ("county", "teams:change_export", ["county", "start", "end"]),
    ("county_qh", "worklog:support_list", ["year", "quarter", "page"]),
    ("county", "training:event_list", ["year", "level", "page"]),
    ("county_qh", "training:status_list", ["county", "year", "short", "q", "page"]),
    ("city", "training:short_export", ["county", "year"]),
    ("city", "training:no_pre_service", ["county"]),
    ("county", "training:no_pre_service_export", ["county"]),
]
CASES = [(who, name, param) for who, name, params in PAGE_PARAMS for param in params]


def client(username: str) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(User.objects.get(username=username))
    return c


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("who", "name", "param"), CASES)
def test_a_hostile_query_parameter_is_never_a_500(who: str, name: str, param: str, value: str) -> None:
    args = {
        "teams:policy_detail": lambda: [Region.objects.get(name="西平县").pk],
        "teams:membership_create": lambda: [serving().team_id],
    }.get(name, list)()
    response = client(who).get(reverse(name, args=args), {param: value})
    assert response.status_code in (200, 404), (name, param, value, response.status_code)


@pytest.mark.parametrize("value", ["²", "١", "9" * 30])
@pytest.mark.parametrize(
    ("name", "param"),
    [("teams:village_list", "township"), ("teams:team_list", "township"), ("teams:cadre_list", "unit")],
)
def test_a_roster_filter_that_is_no_number_shows_the_whole_list(name: str, param: str, value: str) -> None:
    c = client("county")
    whole = c.get(reverse(name)).context["page"].paginator.count
    response = c.get(reverse(name), {param: value})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == whole > 0


@pytest.mark.parametrize("value", ["²", "١", "NaN", "9" * 30])
def test_the_attendance_api_answers_a_hostile_cadre_in_json(value: str) -> None:
    response = client("county").get("/api/v1/attendance/", {"cadre": value, "month": "2026-10"})
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("value", ["²", "١", "9" * 30, "NaN"])
def test_the_leave_api_refuses_a_hostile_cadre_in_json(value: str) -> None:
    response = client("township").post(
        "/api/v1/leave-requests/",
        {
            "cadre": value,
            "kind": "personal",
            "start": "2026-12-01",
            "end": "2026-12-02",
            "reason": "家中有事",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e309", "²", "9" * 400])
def test_the_checkin_api_refuses_coordinates_that_are_no_numbers(value: str) -> None:
    response = client("cadre").post(
        "/api/v1/checkins/",
        {"latitude": value, "longitude": value, "accuracy": "10"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]


# --- NUL characters: refused before any view, on SQLite and PostgreSQL alike --------------------------


@pytest.mark.parametrize(
    ("who", "name", "param"),
    [
        ("county", "teams:cadre_list", "q"),
        ("county", "teams:village_list", "q"),
        ("county", "attendance:leave_list", "q"),
        ("county", "accounts:user_list", "q"),
    ],
)
def test_a_nul_in_a_search_is_a_400(who: str, name: str, param: str) -> None:
    response = client(who).get(reverse(name), {param: "张\x00三"})
    assert response.status_code == 400
    assert errors.NUL_MSG in response.content.decode()


def test_a_nul_in_a_spot_check_note_is_a_400_and_nothing_is_written() -> None:
    before = SpotCheck.objects.count()
    response = client("township").post(
        reverse("attendance:spot_check_list"),
        {"cadre": serving().cadre_id, "method": "phone", "result": "present", "note": "在村\x00"},
    )
    assert response.status_code == 400
    assert SpotCheck.objects.count() == before


def test_a_nul_in_an_api_query_is_a_json_400() -> None:
    response = client("county").get("/api/v1/leave-requests/", {"q": "\x00"})
    assert response.status_code == 400
    assert response.json() == {"detail": errors.NUL_MSG, "code": "bad_param"}


def test_a_nul_in_a_json_body_is_refused_by_the_serializer() -> None:
    before = LeaveRequest.objects.count()
    response = client("township").post(
        "/api/v1/leave-requests/",
        {
            "cadre": serving().cadre_id,
            "kind": "personal",
            "start": "2026-12-01",
            "end": "2026-12-02",
            "reason": "家中\x00有事",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]
    assert LeaveRequest.objects.count() == before


@pytest.mark.postgres
def test_a_nul_search_on_postgres_is_a_400_not_a_database_error(postgres: None) -> None:
    assert connection.vendor == "postgresql"
    for name in ("teams:cadre_list", "attendance:leave_list"):
        assert client("county").get(reverse(name), {"q": "\x00"}).status_code == 400


# --- the API always answers JSON ----------------------------------------------------------------------


def test_an_unknown_api_address_is_a_json_404() -> None:
    response = client("county").get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": errors.NOT_FOUND_MSG, "code": "not_found"}


def test_a_missing_page_outside_the_api_is_still_the_chinese_page() -> None:
    response = client("county").get("/no-such-page/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_an_unexpected_error_in_the_api_is_a_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Region.objects, "for_user", boom, raising=False)
    monkeypatch.setattr("teams.models.Cadre.objects.for_user", boom)
    response = client("county").get("/api/v1/attendance/", {"cadre": "1", "month": "2026-10"})
    assert response.status_code == 500
    assert response.json() == {"detail": errors.SERVER_ERROR_MSG, "code": "server_error"}


@pytest.mark.parametrize("value", ["²", "١", "9" * 30])
def test_a_county_that_is_no_number_shows_the_users_own_county(value: str) -> None:
    response = client("county").get(reverse("assessment:term_review_list"), {"county": value})
    assert response.status_code == 200
    assert response.context["county"] == Region.objects.get(name="西平县")


@pytest.mark.parametrize("value", ["²", "١", "9" * 30])
def test_a_target_for_a_team_that_is_no_number_is_refused_in_chinese(value: str) -> None:
    from assessment.models import TeamTarget

    before = TeamTarget.objects.count()
    response = client("county_sc").post(
        reverse("assessment:target_list"), {"team": value, "signed_on": "2026-03-01"}, follow=True
    )
    assert response.status_code == 200
    assert "请选择工作队并填写签订日期" in response.content.decode()
    assert TeamTarget.objects.count() == before
