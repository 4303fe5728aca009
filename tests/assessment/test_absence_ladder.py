"""A county's own ladder of unexcused absences (issue 12: 1 → no 优秀, 2 → at most 基本称职, 3 → 不称职).

No seed sets one: the three steps are county settings (本县规定) carried by the row that says who assesses
(JN-ANNUAL for 平阴县, Jinan's four grades; QH-ANNUAL for 乐都区), off until the county sets them. A step
reached caps the grade: the reason is shown with the row it rests on, and a grade above the cap is refused.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from assessment import errors, services
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, AssessmentRound, Grade
from attendance.days import services as days
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import PolicyOverride, Region
from teams.overrides import policy_override_set
from teams.rules.config import CONFIG_BY_KEY, NOT_INTEGER_MSG
from tests.clock import NOW, TODAY

from .helpers import entries, entry_in_township, open_round, user

pytestmark = pytest.mark.django_db

JINAN = "平阴县"
LADDER = ("absences_no_excellent", "absences_at_most_basic", "absences_incompetent")


def _set(key: str, value: Any, *, county: str = JINAN, by: str = "county2") -> PolicyOverride:
    row, _ = policy_override_set(
        actor=user(by), county=Region.objects.get(name=county), key=key, value=value, reason="县委常委会决定"
    )
    return row


def _absent(entry: AssessmentEntry, times: int, *, by: str = "county2") -> None:
    for day in range(times):
        days.spot_check_record(
            actor=user(by),
            cadre=entry.cadre,
            at=NOW - datetime.timedelta(days=3 + day),
            method="on_site",
            result="unexcused",
            note="实地查岗不在村",
        )


def _jinan_entry(absences: int) -> tuple[AssessmentRound, AssessmentEntry]:
    round_ = open_round("county2")
    entry = entries(round_)[0]
    _absent(entry, absences)
    return round_, entry


def _refused(entry: AssessmentEntry, grade: str) -> AssessmentError:
    with pytest.raises(AssessmentError) as caught:
        services.entry_decide(user=user("county2"), entry=entry, grade=grade)
    entry.refresh_from_db()
    assert entry.grade == "", "a refused grade writes nothing"
    return caught.value


def test_no_ladder_is_set_by_default() -> None:
    policy = county_policy(Region.objects.get(name=JINAN), TODAY)
    assert all(policy.provision("JN-ANNUAL").values[key] is None for key in LADDER)
    assert policy.absence_grade_cap(366) is None


def test_without_a_ladder_absences_leave_every_grade_open_in_jinan() -> None:
    _, entry = _jinan_entry(3)
    assert (
        services.entry_decide(user=user("county2"), entry=entry, grade=Grade.EXCELLENT).grade == "excellent"
    )


def test_one_absence_short_of_the_step_keeps_excellent() -> None:
    _set("absences_no_excellent", 2)
    _, entry = _jinan_entry(1)
    assert (
        services.entry_decide(user=user("county2"), entry=entry, grade=Grade.EXCELLENT).grade == "excellent"
    )


def test_reaching_the_no_excellent_step_refuses_excellent_citing_the_row() -> None:
    _set("absences_no_excellent", 2)
    _, entry = _jinan_entry(2)
    refusal = _refused(entry, Grade.EXCELLENT)
    assert (refusal.code, refusal.provision) == (errors.ABOVE_ABSENCE_CAP, "JN-ANNUAL")
    assert "本县规定" in refusal.message and "无故脱岗2次" in refusal.message


def test_the_no_excellent_step_leaves_competent() -> None:
    _set("absences_no_excellent", 2)
    _, entry = _jinan_entry(2)
    assert (
        services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT).grade == "competent"
    )


def test_the_at_most_basic_step_refuses_competent() -> None:
    _set("absences_at_most_basic", 2)
    _, entry = _jinan_entry(2)
    assert _refused(entry, Grade.COMPETENT).code == errors.ABOVE_ABSENCE_CAP


def test_the_at_most_basic_step_leaves_basically_competent() -> None:
    _set("absences_at_most_basic", 2)
    _, entry = _jinan_entry(2)
    done = services.entry_decide(user=user("county2"), entry=entry, grade=Grade.BASICALLY_COMPETENT)
    assert done.grade == Grade.BASICALLY_COMPETENT


def test_the_incompetent_step_leaves_only_incompetent() -> None:
    _set("absences_incompetent", 1)
    _, entry = _jinan_entry(1)
    assert _refused(entry, Grade.BASICALLY_COMPETENT).code == errors.ABOVE_ABSENCE_CAP
    assert (
        services.entry_decide(user=user("county2"), entry=entry, grade=Grade.INCOMPETENT).grade
        == "incompetent"
    )


def test_the_harshest_step_reached_wins() -> None:
    for key, value in zip(LADDER, (1, 2, 3), strict=True):
        _set(key, value)
    policy = county_policy(Region.objects.get(name=JINAN), TODAY)
    caps = [policy.absence_grade_cap(n) for n in range(5)]
    assert [cap.best if cap else None for cap in caps] == [
        None,
        Grade.COMPETENT,
        Grade.BASICALLY_COMPETENT,
        Grade.INCOMPETENT,
        Grade.INCOMPETENT,
    ]


def test_a_proposal_above_the_cap_is_refused_in_qinghai() -> None:
    _set("absences_at_most_basic", 1, county="乐都区", by="county_qh")
    round_ = open_round("county_qh")
    entry = entry_in_township(round_, "碾伯镇")
    _absent(entry, 1, by="county_qh")
    with pytest.raises(AssessmentError) as caught:
        services.entry_propose(user=user("township_qh"), entry=entry, grade=Grade.COMPETENT)
    entry.refresh_from_db()
    assert (caught.value.code, caught.value.provision, entry.proposed_grade) == (
        errors.ABOVE_ABSENCE_CAP,
        "QH-ANNUAL",
        "",
    )


def test_the_round_page_says_why_with_the_row(as_user: Any) -> None:
    _set("absences_no_excellent", 1)
    round_, entry = _jinan_entry(1)
    page = as_user("county2").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()
    assert f"本县规定（县级设置，JN-ANNUAL）：{round_.year}年无故脱岗1次，达到1次的不得评为优秀" in page


def test_the_api_lists_the_step_among_the_reasons(as_user: Any) -> None:
    _set("absences_no_excellent", 1)
    round_, entry = _jinan_entry(1)
    rows = as_user("county2").get(f"/api/v1/assessment-rounds/{round_.pk}/entries/").json()
    row = next(r for r in rows if r["id"] == entry.pk)
    assert row["may_be_excellent"] is False
    assert [r["provision"] for r in row["reasons"]] == ["JN-ANNUAL"]


def test_the_policy_page_lists_the_steps_as_the_countys_rule(as_user: Any) -> None:
    county = Region.objects.get(name=JINAN)
    page = as_user("county2").get(reverse("teams:policy_detail", args=[county.pk])).content.decode()
    for key in LADDER:
        assert f'id="setting-{key}"' in page
    assert "无故脱岗次数：不得评为优秀" in page


@pytest.mark.parametrize(("value", "accepted"), [("0", False), ("1", True), ("366", True), ("367", False)])
def test_a_step_lies_between_1_and_366(value: str, accepted: bool) -> None:
    county = Region.objects.get(name=JINAN)
    if accepted:
        assert _set("absences_incompetent", value).value == int(value)
        return
    with pytest.raises(ServiceError) as caught:
        _set("absences_incompetent", value)
    config = CONFIG_BY_KEY["absences_incompetent"]
    assert caught.value.message == NOT_INTEGER_MSG.format(label=config.label, low="1", high="366")
    assert not PolicyOverride.objects.filter(county=county, key="absences_incompetent").exists()


def test_a_half_step_is_refused_on_the_form(as_user: Any) -> None:
    county = Region.objects.get(name=JINAN)
    url = reverse("teams:policy_override", args=[county.pk, "absences_no_excellent"])
    response = as_user("county2").post(url, {"value": "1.5", "reason": "县委决定"})
    config = CONFIG_BY_KEY["absences_no_excellent"]
    assert NOT_INTEGER_MSG.format(label=config.label, low="1", high="366") in response.content.decode()
    assert not PolicyOverride.objects.filter(county=county, key="absences_no_excellent").exists()


def test_a_step_may_be_cleared_again() -> None:
    _set("absences_no_excellent", 1)
    _set("absences_no_excellent", "")
    assert county_policy(Region.objects.get(name=JINAN), TODAY).absence_grade_cap(5) is None
