"""Length and range limits on free text and dates (issue 16, item 12).

Free text (reasons, notes, comments, explanations) is at most ``params.TEXT_MAX_LENGTH`` characters,
refused with a Chinese message by the service (whatever calls it: a page, a raw form post, the API) and
declared as ``max_length`` on the forms and serializers; dates of terms, postings and calendar days lie in
the years served; a spot check's time that does not parse is refused, never recorded as "now".
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from attendance.days import services as ps
from attendance.models import AbsenceExplanation, LeaveRequest, SpotCheck, WorkCalendarDay
from core import params
from teams.errors import ServiceError
from teams.forms import MembershipEndForm, TeamForm
from teams.models import Region, Team
from tests.builders import make_posting, serving
from tests.clock import TODAY

from .helpers import submit, user

pytestmark = pytest.mark.django_db

LIMIT = params.TEXT_MAX_LENGTH
HUGE = "长" * 100_000  # the 100 KB leave reason


def client(username: str) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(User.objects.get(username=username))
    return c


def too_long(label: str, length: int, limit: int = LIMIT) -> str:
    return params.TOO_LONG_MSG.format(label=label, limit=limit, length=length)


# --- free text --------------------------------------------------------------------------------------


def test_a_reason_of_exactly_the_limit_is_kept() -> None:
    leave = submit(cadre=make_posting().cadre, reason="由" * LIMIT)
    assert len(leave.reason) == LIMIT


def test_a_reason_one_over_the_limit_is_refused_by_the_service() -> None:
    before = LeaveRequest.objects.count()
    with pytest.raises(ServiceError) as caught:
        submit(cadre=make_posting().cadre, reason="由" * (LIMIT + 1))
    assert caught.value.message == too_long("请假事由", LIMIT + 1)
    assert LeaveRequest.objects.count() == before


def test_a_100kb_reason_is_refused_by_the_page() -> None:
    before = LeaveRequest.objects.count()
    response = client("township").post(
        reverse("attendance:leave_form"),
        {
            "cadre": serving().cadre_id,
            "kind": "personal",
            "start": "2026-12-01",
            "end": "2026-12-02",
            "reason": HUGE,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert LeaveRequest.objects.count() == before


def test_a_100kb_reason_is_refused_by_the_api() -> None:
    response = client("township").post(
        "/api/v1/leave-requests/",
        {
            "cadre": serving().cadre_id,
            "kind": "personal",
            "start": "2026-12-01",
            "end": "2026-12-02",
            "reason": HUGE,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("请假事由：")


def test_a_long_decision_comment_is_refused_and_decides_nothing() -> None:
    from attendance.leave import services

    leave = submit(cadre=make_posting().cadre)
    with pytest.raises(ServiceError) as caught:
        services.leave_request_decide(actor=user("township"), leave=leave, decision="approve", comment=HUGE)
    assert caught.value.message == too_long("审批意见", len(HUGE))
    leave.refresh_from_db()
    assert leave.awaiting == ["township_committee"]


def test_a_100kb_spot_check_note_is_refused_and_nothing_is_written() -> None:
    c = client("township")
    before = SpotCheck.objects.count()
    response = c.post(
        reverse("attendance:spot_check_list"),
        {
            "cadre": serving().cadre_id,
            "at": "2026-11-24T09:00",
            "method": "phone",
            "result": "present",
            "note": HUGE,
        },
    )
    assert too_long("查岗情况", len(HUGE)) in c.get(response["Location"]).content.decode()
    assert SpotCheck.objects.count() == before


def test_a_long_explanation_is_refused() -> None:
    explanation = AbsenceExplanation.objects.filter(state__in=["pending", "written"]).first()
    assert explanation is not None, "the demo has open explanations"
    writer = User.objects.filter(cadre=explanation.cadre).first() or User.objects.create_user(
        username=f"cadre-{explanation.cadre_id}", password="x", office="cadre", cadre=explanation.cadre
    )
    with pytest.raises(ServiceError) as caught:
        ps.explanation_write(actor=writer, explanation=explanation, text=HUGE)
    assert caught.value.message == too_long("情况说明", len(HUGE))
    explanation.refresh_from_db()
    assert explanation.text != HUGE


def test_a_signer_name_longer_than_its_column_is_refused() -> None:
    explanation = AbsenceExplanation.objects.exclude(dispatching_unit=None).first()
    assert explanation is not None
    signer = User.objects.filter(
        office="dispatching_unit", dispatching_unit=explanation.dispatching_unit
    ).first()
    if signer is None:
        pytest.skip("no login of that unit in the demo")
    with pytest.raises(ServiceError) as caught:
        ps.explanation_sign(actor=signer, explanation=explanation, signer_name="王" * 33)
    assert caught.value.message == too_long("签字负责人", 33, 32)


def test_a_long_policy_reason_is_refused(as_user: Any) -> None:
    county = Region.objects.get(name="西平县")
    url = reverse("teams:policy_override", args=[county.pk, "leave_threshold_days"])
    response = as_user("county").post(url, {"value": "5", "reason": HUGE})
    assert response.status_code == 200 and response.context["form"].errors["reason"]


def test_a_team_note_is_bounded() -> None:
    team = Team.objects.active_on(TODAY).filter(village__township__parent__name="西平县").first()
    assert team is not None
    form = TeamForm(
        data={"village": team.village_id, "term_start": "2027-01-01", "term_end": "2028-12-31", "note": HUGE},
        user=user("county"),
    )
    assert not form.is_valid() and form.errors["note"]


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("term_start", "9999-12-31"), ("term_end", "9999-12-31"), ("term_start", "0001-01-01")],
)
def test_a_team_term_outside_the_served_years_is_refused(field: str, value: str) -> None:
    team = Team.objects.active_on(TODAY).filter(village__township__parent__name="西平县").first()
    assert team is not None
    data = {"village": team.village_id, "term_start": "2027-01-01", "term_end": "2028-12-31", field: value}
    form = TeamForm(data=data, user=user("county"))
    assert not form.is_valid()
    assert params.DATE_OUT_OF_RANGE_MSG in form.errors[field]


def test_a_posting_cannot_end_in_9999() -> None:
    form = MembershipEndForm(data={"end": "9999-12-31", "reason": "工作调整"})
    assert not form.is_valid() and form.errors["end"] == [params.DATE_OUT_OF_RANGE_MSG]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2101-01-01", "1999-12-31"])
def test_a_calendar_day_outside_the_served_years_is_refused(value: str) -> None:
    c = client("county")
    before = WorkCalendarDay.objects.count()
    response = c.post(reverse("attendance:calendar_form"), {"date": value, "kind": "holiday", "name": "x"})
    assert params.BAD_DATE_MSG.format(value=value) in c.get(response["Location"]).content.decode()
    assert WorkCalendarDay.objects.count() == before


@pytest.mark.parametrize("value", ["24/11/2026 09:00", "2026-11-24 9点", "now", "2026-11-24T09:00\u00b2"])
def test_a_spot_check_time_that_does_not_parse_is_refused_not_now(value: str) -> None:
    c = client("township")
    before = SpotCheck.objects.count()
    response = c.post(
        reverse("attendance:spot_check_list"),
        {"cadre": serving().cadre_id, "at": value, "method": "phone", "result": "present"},
    )
    assert params.BAD_TIME_MSG.format(value=value) in c.get(response["Location"]).content.decode()
    assert SpotCheck.objects.count() == before


def test_a_calendar_day_inside_the_served_years_is_kept() -> None:
    c = client("county")
    c.post(reverse("attendance:calendar_form"), {"date": "2100-12-31", "kind": "holiday", "name": "界内"})
    assert WorkCalendarDay.objects.filter(date=datetime.date(2100, 12, 31)).exists()
