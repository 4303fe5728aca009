"""Opening a round: the county organisation department, once per county and year, an entry per cadre."""

from __future__ import annotations

import datetime

import pytest

from assessment import errors
from assessment.errors import AssessmentError
from assessment.models import AssessmentRound
from teams.choices import Role
from teams.models import Membership
from tests.builders import make_posting
from tests.clock import TODAY

from .helpers import YEAR, open_round, user

pytestmark = pytest.mark.django_db


def _served_in_year(county: str) -> set[int]:
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    return set(
        Membership.objects.filter(team__village__township__parent__name=county, start__lte=end)
        .exclude(end__lt=start)
        .values_list("cadre_id", flat=True)
    )


def test_every_cadre_who_served_that_year_has_an_entry() -> None:
    round_ = open_round("county")
    assert set(round_.entries.values_list("cadre_id", flat=True)) == _served_in_year("西平县")


def test_first_secretaries_are_marked() -> None:
    round_ = open_round("county_sc")
    first = round_.entries.filter(role=Role.FIRST_SECRETARY)
    assert first.exists()
    assert all(
        Membership.objects.filter(cadre_id=e.cadre_id, role=Role.FIRST_SECRETARY).exists() for e in first
    )


def test_service_days_are_pro_rated_for_a_cadre_who_joined_in_the_year() -> None:
    posting = make_posting(start=datetime.date(YEAR, 10, 1))
    round_ = open_round("county")
    entry = round_.entries.get(cadre=posting.cadre)
    last = min(posting.end or datetime.date(YEAR, 12, 31), datetime.date(YEAR, 12, 31))
    assert (entry.service_days, entry.period_days) == ((last - posting.start).days + 1, 365)


def test_a_second_round_for_the_same_year_is_refused() -> None:
    open_round("county")
    with pytest.raises(AssessmentError) as caught:
        open_round("county")
    assert caught.value.code == errors.DUPLICATE
    assert AssessmentRound.objects.filter(county__name="西平县", year=YEAR).count() == 1


@pytest.mark.parametrize("login", ["township", "bureau", "unit", "city"])
def test_only_the_county_organisation_department_opens_a_round(login: str) -> None:
    with pytest.raises(AssessmentError) as caught:
        open_round(login)
    assert caught.value.code == errors.NOT_ALLOWED
    assert not AssessmentRound.objects.exists()


@pytest.mark.parametrize("year", [YEAR + 1, 1999])
def test_a_year_not_yet_begun_or_out_of_range_is_refused(year: int) -> None:
    with pytest.raises(AssessmentError) as caught:
        open_round("county", year)
    assert caught.value.code == errors.BAD_YEAR


def test_the_round_records_who_opened_it() -> None:
    round_ = open_round("county_qh")
    assert round_.opened_by == user("county_qh") and round_.is_open and round_.year == TODAY.year
