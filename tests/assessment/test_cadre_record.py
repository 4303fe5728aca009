"""The grade written into the cadre's record when the round closes (issue 12): the cadre's page lists the
年度考核 results of closed rounds by year, each with a link to its 考核登记表. The closed round's entry is
the record (frozen on close); an open round's grade is not a result yet."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import AssessmentRound, Grade
from assessment.selectors import cadre_results
from tests.clock import TODAY

from .helpers import entries, open_round, user

pytestmark = pytest.mark.django_db


def _graded(round_: AssessmentRound, grade: str = Grade.COMPETENT) -> None:
    for entry in round_.entries.all():
        services.entry_decide(user=user("county2"), entry=entry, grade=grade)


def _cadre_page(as_user: Any, login: str, cadre_pk: int) -> Any:
    return as_user(login).get(reverse("teams:cadre_detail", args=[cadre_pk]))


def test_a_closed_rounds_grade_is_on_the_cadre_page_with_its_registration_form(as_user: Any) -> None:
    round_ = open_round("county2")
    _graded(round_)
    services.round_close(user=user("county2"), round_=round_, today=TODAY)
    entry = entries(round_)[0]

    page = _cadre_page(as_user, "county2", entry.cadre_id).content.decode()

    section = page.split('id="assessment-results"', 1)[1]
    assert f'<td data-label="年度">{round_.year}年</td>' in section
    assert '<td data-label="考核等次">称职</td>' in section
    assert reverse("assessment:entry_detail", args=[entry.pk]) in section


def test_an_open_rounds_grade_is_not_a_result_yet(as_user: Any) -> None:
    round_ = open_round("county2")
    _graded(round_, Grade.BASICALLY_COMPETENT)
    entry = entries(round_)[0]

    section = (
        _cadre_page(as_user, "county2", entry.cadre_id)
        .content.decode()
        .split('id="assessment-results"', 1)[1]
    )

    assert "暂无已结束的年度考核" in section
    assert reverse("assessment:entry_detail", args=[entry.pk]) not in section


def test_results_are_listed_newest_year_first(as_user: Any) -> None:
    for year in (TODAY.year - 1, TODAY.year):
        round_ = open_round("county2", year)
        _graded(round_)
        services.round_close(user=user("county2"), round_=round_, today=TODAY)
    cadre = entries(round_)[0].cadre

    years = [e.round.year for e in cadre_results(user("county2"), cadre)]

    assert years == [TODAY.year, TODAY.year - 1]
