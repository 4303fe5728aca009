"""SC-QUOTA-EXC: 优秀 among a Sichuan county's team members never exceeds 20 % of them (first secretaries
neither counted nor capped), rounded down; the cap box says how it was computed."""

from __future__ import annotations

import pytest

from assessment import errors, selectors, services
from assessment.errors import AssessmentError
from assessment.models import Grade
from teams.choices import Role

from .helpers import entries, keep_members, open_round, user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("members", "cap"), [(4, 0), (5, 1), (9, 1), (10, 2)])
def test_the_cap_on_its_boundaries(members: int, cap: int) -> None:
    round_ = open_round("county_sc")
    kept = keep_members(round_, members)
    for entry in kept[:cap]:
        services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.EXCELLENT)
    with pytest.raises(AssessmentError) as caught:
        services.entry_decide(user=user("county_sc"), entry=kept[cap], grade=Grade.EXCELLENT)
    assert (caught.value.code, caught.value.provision) == (errors.CAP_REACHED, "SC-QUOTA-EXC")
    assert round_.entries.filter(grade=Grade.EXCELLENT).count() == cap


def test_the_cap_box_shows_base_percent_rounding_and_slots_left() -> None:
    round_ = open_round("county_sc")
    kept = keep_members(round_, 9)
    services.entry_decide(user=user("county_sc"), entry=kept[0], grade=Grade.EXCELLENT)
    box = selectors.cap_for(round_)
    assert box is not None
    first_secretaries = round_.entries.filter(role=Role.FIRST_SECRETARY).count()
    assert (box.members, box.first_secretaries, box.percent, box.cap, box.used, box.left) == (
        9,
        first_secretaries,
        20,
        1,
        1,
        0,
    )
    assert box.rounding == "向下取整"


def test_first_secretaries_are_not_counted_against_the_cap() -> None:
    round_ = open_round("county_sc")
    keep_members(round_, 4)  # cap 0 for the members
    first = entries(round_, Role.FIRST_SECRETARY)
    assert len(first) >= 2
    for entry in first:
        services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.EXCELLENT)
    assert round_.entries.filter(role=Role.FIRST_SECRETARY, grade=Grade.EXCELLENT).count() == len(first)
    assert selectors.cap_for(round_).used == 0  # type: ignore[union-attr]


def test_the_same_member_graded_excellent_twice_takes_one_slot() -> None:
    round_ = open_round("county_sc")
    kept = keep_members(round_, 5)
    services.entry_decide(user=user("county_sc"), entry=kept[0], grade=Grade.EXCELLENT)
    services.entry_decide(user=user("county_sc"), entry=kept[0], grade=Grade.EXCELLENT, comment="再次确认")
    assert round_.entries.filter(grade=Grade.EXCELLENT).count() == 1


def test_a_slot_freed_by_regrading_can_be_used() -> None:
    round_ = open_round("county_sc")
    kept = keep_members(round_, 5)
    services.entry_decide(user=user("county_sc"), entry=kept[0], grade=Grade.EXCELLENT)
    services.entry_decide(user=user("county_sc"), entry=kept[0], grade=Grade.COMPETENT)
    services.entry_decide(user=user("county_sc"), entry=kept[1], grade=Grade.EXCELLENT)
    assert list(round_.entries.filter(grade=Grade.EXCELLENT).values_list("pk", flat=True)) == [kept[1].pk]


@pytest.mark.parametrize("login", ["county", "county2", "county_qh"])
def test_other_policies_have_no_cap(login: str) -> None:
    assert selectors.cap_for(open_round(login)) is None
