"""Who proposes and who decides comes from the county's policy (JN-ANNUAL, QH-ANNUAL, SC-GRADES,
ZMD-ANNUAL); a grade outside the policy's grades is refused with its provision."""

from __future__ import annotations

import pytest

from assessment import errors, services
from assessment.errors import AssessmentError
from assessment.models import Grade
from tests.clock import TODAY

from .helpers import entries, entry_in_township, open_round, user

pytestmark = pytest.mark.django_db


def _refused(call: object) -> AssessmentError:
    with pytest.raises(AssessmentError) as caught:
        call()  # type: ignore[operator]
    return caught.value


# --- Jinan: the county assesses; nobody proposes -----------------------------------------------------


def test_jinan_the_county_decides() -> None:
    entry = entries(open_round("county2"))[0]
    done = services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT, comment="合格")
    assert (done.grade, done.decided_by) == (Grade.COMPETENT, user("county2"))


def test_jinan_a_township_may_not_propose() -> None:
    entry = entry_in_township(open_round("county2"), "孔村镇")
    refused = _refused(
        lambda: services.entry_propose(user=user("township2"), entry=entry, grade=Grade.COMPETENT)
    )
    assert refused.code == errors.NOT_PROPOSER and refused.code in errors.FORBIDDEN_CODES
    assert refused.provision == "JN-ANNUAL"


def test_jinan_a_township_may_not_decide() -> None:
    entry = entry_in_township(open_round("county2"), "孔村镇")
    refused = _refused(
        lambda: services.entry_decide(user=user("township2"), entry=entry, grade=Grade.COMPETENT)
    )
    assert refused.code == errors.NOT_DECIDER
    entry.refresh_from_db()
    assert entry.grade == ""


# --- Qinghai: the township proposes, the county organisation department decides ---------------------


def test_qinghai_the_township_proposes_and_the_county_decides() -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    services.entry_propose(user=user("township_qh"), entry=entry, grade=Grade.COMPETENT, comment="表现良好")
    done = services.entry_decide(user=user("county_qh"), entry=entry, grade=Grade.BASICALLY_COMPETENT)
    assert (done.proposed_grade, done.proposed_by, done.grade) == (
        Grade.COMPETENT,
        user("township_qh"),
        Grade.BASICALLY_COMPETENT,
    )


def test_qinghai_the_county_waits_for_the_townships_proposal() -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    refused = _refused(
        lambda: services.entry_decide(user=user("county_qh"), entry=entry, grade=Grade.COMPETENT)
    )
    assert (refused.code, refused.provision) == (errors.NEEDS_PROPOSAL, "QH-ANNUAL")


def test_qinghai_the_township_may_not_decide() -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    refused = _refused(
        lambda: services.entry_decide(user=user("township_qh"), entry=entry, grade=Grade.COMPETENT)
    )
    assert (refused.code, refused.provision) == (errors.NOT_DECIDER, "QH-ANNUAL")


def test_qinghai_the_county_may_not_propose() -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    refused = _refused(
        lambda: services.entry_propose(user=user("county_qh"), entry=entry, grade=Grade.COMPETENT)
    )
    assert refused.code == errors.NOT_PROPOSER


def test_qinghai_a_township_cannot_reach_another_townships_cadre() -> None:
    from django.http import Http404

    entry = entry_in_township(open_round("county_qh"), "雨润镇")
    with pytest.raises(Http404):
        services.entry_propose(user=user("township_qh"), entry=entry, grade=Grade.COMPETENT)


# --- Sichuan: the county decides with 优秀 / 称职 / 不称职 ----------------------------------------------


def test_sichuan_the_county_decides() -> None:
    entry = entries(open_round("county_sc"))[0]
    done = services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.INCOMPETENT)
    assert done.grade == Grade.INCOMPETENT


def test_sichuan_has_no_basically_competent() -> None:
    entry = entries(open_round("county_sc"))[0]
    refused = _refused(
        lambda: services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.BASICALLY_COMPETENT)
    )
    assert (refused.code, refused.provision) == (errors.GRADE_NOT_ALLOWED, "SC-GRADES")
    assert "SC-GRADES" in refused.message
    entry.refresh_from_db()
    assert entry.grade == ""


# --- Zhumadian: the dispatching unit assesses its own members ------------------------------------------


def test_zhumadian_the_unit_decides_for_its_own_cadre() -> None:
    round_ = open_round("county")
    entry = round_.entries.filter(dispatching_unit__name="西平县教育局").first()
    assert entry is not None
    done = services.entry_decide(user=user("unit"), entry=entry, grade=Grade.EXCELLENT)
    assert (done.grade, done.decided_by) == (Grade.EXCELLENT, user("unit"))


def test_zhumadian_the_unit_cannot_reach_another_units_cadre() -> None:
    from django.http import Http404

    round_ = open_round("county")
    entry = round_.entries.exclude(dispatching_unit__name="西平县教育局").first()
    assert entry is not None
    with pytest.raises(Http404):
        services.entry_decide(user=user("unit"), entry=entry, grade=Grade.COMPETENT)


def test_zhumadian_the_county_does_not_decide() -> None:
    entry = entries(open_round("county"))[0]
    refused = _refused(lambda: services.entry_decide(user=user("county"), entry=entry, grade=Grade.COMPETENT))
    assert (refused.code, refused.provision) == (errors.NOT_DECIDER, "ZMD-ANNUAL")


# --- any policy ------------------------------------------------------------------------------------------


def test_an_unknown_grade_is_refused() -> None:
    entry = entries(open_round("county2"))[0]
    refused = _refused(lambda: services.entry_decide(user=user("county2"), entry=entry, grade="outstanding"))
    assert refused.code == errors.BAD_GRADE


def test_a_closed_round_takes_no_decision() -> None:
    round_ = open_round("county2")
    for entry in round_.entries.all():
        services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT)
    services.round_close(user=user("county2"), round_=round_, today=TODAY)
    entry = entries(round_)[0]
    refused = _refused(
        lambda: services.entry_decide(user=user("county2"), entry=entry, grade=Grade.EXCELLENT)
    )
    assert refused.code == errors.CLOSED
    entry.refresh_from_db()
    assert entry.grade == Grade.COMPETENT
