"""Results sent to each dispatching unit on close (issue 12): the filing is a work item on the unit's home
page (待签收) until the unit acknowledges it (签收); only that unit may, and a second click changes nothing.

西平县 (Zhumadian, ZMD-ANNUAL): each unit grades its own members; the demo login ``unit`` is 西平县教育局.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Office, User
from assessment import errors, services
from assessment.demo import build_assessment_demo
from assessment.errors import AssessmentError
from assessment.models import AssessmentRound, Grade, ResultFiling
from tests.clock import TODAY

from .helpers import open_round, user

pytestmark = pytest.mark.django_db


def _closed_round() -> AssessmentRound:
    build_assessment_demo(TODAY)
    round_ = open_round("county")
    for entry in round_.entries.all():
        unit = User.objects.filter(
            office=Office.DISPATCHING_UNIT, dispatching_unit=entry.dispatching_unit
        ).first()
        assert unit is not None
        services.entry_decide(user=unit, entry=entry, grade=Grade.COMPETENT)
    return services.round_close(user=user("county"), round_=round_, today=TODAY)


def _own_filing(round_: AssessmentRound) -> ResultFiling:
    return round_.filings.get(dispatching_unit=user("unit").dispatching_unit)


def _home(as_user: Any) -> str:
    return as_user("unit").get(reverse("home")).content.decode()


def test_the_units_home_shows_the_results_as_a_work_item(as_user: Any) -> None:
    round_ = _closed_round()
    page = _home(as_user)
    section = page.split('id="unit-results"', 1)[1]
    assert "1项待签收" in section and str(round_) in section
    assert reverse("assessment:filing_receive", args=[_own_filing(round_).pk]) in section


def test_before_any_round_closes_the_home_has_no_results_section(as_user: Any) -> None:
    open_round("county")
    assert 'id="unit-results"' not in _home(as_user)


def test_the_unit_acknowledges_and_the_work_item_is_done(as_user: Any) -> None:
    filing = _own_filing(_closed_round())
    response = as_user("unit").post(reverse("assessment:filing_receive", args=[filing.pk]), {"next": "home"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    filing.refresh_from_db()
    assert filing.received_by == user("unit") and filing.received_at is not None
    assert "待签收" not in _home(as_user).split('id="unit-results"', 1)[1]


def test_a_second_acknowledgement_keeps_the_first(as_user: Any) -> None:
    filing = _own_filing(_closed_round())
    first = services.filing_receive(user=user("unit"), filing=filing)
    second = services.filing_receive(user=user("unit"), filing=filing.pk)
    assert second.received_at == first.received_at and second.received_by_id == first.received_by_id


def test_the_county_may_not_acknowledge_for_the_unit() -> None:
    filing = _own_filing(_closed_round())
    with pytest.raises(AssessmentError) as caught:
        services.filing_receive(user=user("county"), filing=filing)
    filing.refresh_from_db()
    assert (caught.value.code, filing.received_at) == (errors.NOT_OWN_FILING, None)


def test_another_units_filing_is_a_404(as_user: Any) -> None:
    round_ = _closed_round()
    other = round_.filings.exclude(dispatching_unit=user("unit").dispatching_unit).first()
    assert other is not None
    response = as_user("unit").post(reverse("assessment:filing_receive", args=[other.pk]))
    other.refresh_from_db()
    assert (response.status_code, other.received_at) == (404, None)


def test_acknowledging_takes_a_post(as_user: Any) -> None:
    filing = _own_filing(_closed_round())
    assert as_user("unit").get(reverse("assessment:filing_receive", args=[filing.pk])).status_code == 405
