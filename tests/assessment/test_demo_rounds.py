"""Done when: each of the four demo counties can run its round by hand as its policy says, with the
logins the demo gives every office that has a part (assessment.demo)."""

from __future__ import annotations

import pytest

from accounts.models import Office, User
from assessment import errors, selectors, services
from assessment.demo import build_assessment_demo
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, Grade
from tests.clock import TODAY

from .helpers import open_round, user

pytestmark = pytest.mark.django_db


def _township_login(entry: AssessmentEntry) -> User:
    return User.objects.get(office=Office.TOWNSHIP_COMMITTEE, region=entry.township)


def _unit_login(entry: AssessmentEntry) -> User:
    return User.objects.filter(
        office=Office.DISPATCHING_UNIT, dispatching_unit=entry.dispatching_unit
    ).first()  # type: ignore[return-value]


@pytest.mark.parametrize("county", ["county", "county2", "county_qh", "county_sc"])
def test_each_demo_county_runs_its_round_to_the_end(county: str) -> None:
    build_assessment_demo(TODAY)
    round_ = open_round(county)
    route = selectors.capacity(user(county), round_).route
    for entry in round_.entries.select_related("township", "dispatching_unit"):
        if route.proposer == Office.TOWNSHIP_COMMITTEE:
            services.entry_propose(user=_township_login(entry), entry=entry, grade=Grade.COMPETENT)
        decider = _unit_login(entry) if route.decider == Office.DISPATCHING_UNIT else user(county)
        services.entry_decide(user=decider, entry=entry, grade=Grade.COMPETENT)
    closed = services.round_close(user=user(county), round_=round_, today=TODAY)
    assert not closed.is_open and closed.filings.count() == len(
        set(round_.entries.values_list("dispatching_unit_id", flat=True))
    )
    # JN-ANNUAL / QH-ANNUAL / ZMD-ANNUAL: assessed by the right offices, the result sent on.
    assert selectors.procedure_findings(closed, selectors.round_policy(closed), today=TODAY) == []


def test_the_sichuan_demo_refuses_the_one_excellent_too_many() -> None:
    round_ = open_round("county_sc")
    cap = selectors.cap_for(round_)
    assert cap is not None and cap.cap >= 1
    members = list(round_.entries.filter(role="member").order_by("pk"))
    for entry in members[: cap.cap]:
        services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.EXCELLENT)
    with pytest.raises(AssessmentError) as caught:
        services.entry_decide(user=user("county_sc"), entry=members[cap.cap], grade=Grade.EXCELLENT)
    assert caught.value.code == errors.CAP_REACHED


def test_the_qinghai_round_page_cites_what_the_grade_means_for_the_unit(as_user: object) -> None:
    from django.urls import reverse

    round_ = open_round("county_qh")
    page = as_user("county_qh").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()  # type: ignore[operator]
    assert "QH10-EXCELLENT" in page and "QH10-BAN" in page


def test_the_demo_logins_are_added_once() -> None:
    first = build_assessment_demo(TODAY)
    assert first["assessment_logins"] > 0
    assert build_assessment_demo(TODAY)["assessment_logins"] == 0
