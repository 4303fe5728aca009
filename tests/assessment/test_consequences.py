"""What bars 优秀, each with its provision: an unexcused absence (QH10-ABSENT), a recall this year
(QH-RECALL), a recall after 不称职 for two years (QH10-BAN); and the units barred from their own 优秀
(QH10-ABSENT, SC-INCOMPETENT). Other policies attach none of these."""

from __future__ import annotations

import datetime

import pytest

from assessment import errors, selectors, services
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, AssessmentRound, Grade, Recall
from attendance.days import services as days
from tests.clock import NOW, TODAY

from .helpers import entries, entry_in_township, open_round, user

pytestmark = pytest.mark.django_db


def _absent(entry: AssessmentEntry, by: str = "county_qh") -> None:
    days.spot_check_record(
        actor=user(by),
        cadre=entry.cadre,
        at=NOW - datetime.timedelta(days=3),
        method="on_site",
        result="unexcused",
        note="实地查岗不在村",
    )


def _reasons(round_: AssessmentRound, entry: AssessmentEntry) -> list[str]:
    view = selectors.round_view(round_, round_.entries.filter(pk=entry.pk), today=TODAY)
    return [r.provision for r in view.rows[0].reasons]


def _recall(entry: AssessmentEntry, on: datetime.date, *, after_incompetent: bool) -> Recall:
    return Recall.objects.create(
        county=entry.round.county,
        cadre=entry.cadre,
        dispatching_unit=entry.dispatching_unit,
        recalled_on=on,
        reasons="履行职责不力",
        after_incompetent=after_incompetent,
        created_by=user("county_qh"),
    )


def test_the_demo_has_a_qinghai_cadre_who_may_not_be_excellent_for_an_absence() -> None:
    round_ = open_round("county_qh")
    view = selectors.round_view(round_, round_.entries.all(), today=TODAY)
    barred = [row for row in view.rows if any(r.provision == "QH10-ABSENT" for r in row.reasons)]
    assert barred and not barred[0].may_be_excellent
    assert "无故脱岗" in barred[0].reasons[0].message


def test_an_unexcused_absence_bars_excellent_in_qinghai() -> None:
    round_ = open_round("county_qh")
    entry = entry_in_township(round_, "碾伯镇")
    _absent(entry)
    with pytest.raises(AssessmentError) as caught:
        services.entry_propose(user=user("township_qh"), entry=entry, grade=Grade.EXCELLENT)
    assert (caught.value.code, caught.value.provision) == (errors.NOT_ELIGIBLE, "QH10-ABSENT")
    entry.refresh_from_db()
    assert entry.proposed_grade == ""


def test_an_absence_leaves_other_grades_open() -> None:
    round_ = open_round("county_qh")
    entry = entry_in_township(round_, "碾伯镇")
    _absent(entry)
    done = services.entry_propose(user=user("township_qh"), entry=entry, grade=Grade.COMPETENT)
    assert done.proposed_grade == Grade.COMPETENT


def test_an_unexcused_absence_does_not_bar_excellent_in_sichuan() -> None:
    round_ = open_round("county_sc")
    entry = entries(round_)[0]
    _absent(entry, by="county_sc")
    assert _reasons(round_, entry) == []


def test_a_recall_this_year_bars_excellent() -> None:
    round_ = open_round("county_qh")
    entry = entry_in_township(round_, "碾伯镇")
    _recall(entry, TODAY - datetime.timedelta(days=30), after_incompetent=False)
    assert _reasons(round_, entry) == ["QH-RECALL"]


@pytest.mark.parametrize(
    ("recalled", "year", "barred"),
    [
        (datetime.date(2024, 6, 1), 2025, True),
        (datetime.date(2024, 6, 1), 2026, True),
        (datetime.date(2023, 6, 1), 2026, False),
    ],
)
def test_the_ban_after_incompetent_and_recall_lasts_two_years(
    recalled: datetime.date, year: int, barred: bool
) -> None:
    round_ = open_round("county_qh", year)
    entry = entries(round_)[0]
    _recall(entry, recalled, after_incompetent=True)
    assert ("QH10-BAN" in _reasons(round_, entry)) is barred


def test_a_unit_with_an_absent_member_is_barred_from_excellent_in_qinghai() -> None:
    round_ = open_round("county_qh")
    entry = entry_in_township(round_, "碾伯镇")
    _absent(entry)
    view = selectors.round_view(round_, round_.entries.all(), today=TODAY)
    unit = entry.dispatching_unit.name
    assert any(b.unit == unit and b.reasons[0].provision == "QH10-ABSENT" for b in view.unit_bars)


def test_a_unit_with_an_incompetent_member_is_barred_from_excellent_in_sichuan() -> None:
    round_ = open_round("county_sc")
    entry = entries(round_)[0]
    services.entry_decide(user=user("county_sc"), entry=entry, grade=Grade.INCOMPETENT)
    view = selectors.round_view(round_, round_.entries.all(), today=TODAY)
    assert [(b.unit, b.reasons[0].provision) for b in view.unit_bars] == [
        (entry.dispatching_unit.name, "SC-INCOMPETENT")
    ]


def test_recall_record_keeps_the_interview_and_the_replacement() -> None:
    round_ = open_round("county_qh")
    entry, other = entries(round_)[:2]
    recall = services.recall_record(
        user=user("county_qh"),
        cadre=entry.cadre,
        recalled_on=TODAY - datetime.timedelta(days=1),
        reasons="庸懒散拖",
        unit_action="另行选派",
        replacement=other.cadre,
        head_interviewed_on=TODAY,
        head_interview_note="约谈派出单位主要负责人",
        today=TODAY,
    )
    assert (recall.dispatching_unit, recall.replacement, recall.head_interviewed_on) == (
        entry.dispatching_unit,
        other.cadre,
        TODAY,
    )
    assert _reasons(round_, entry) == ["QH-RECALL"]


def test_a_recall_needs_reasons() -> None:
    round_ = open_round("county_qh")
    with pytest.raises(AssessmentError) as caught:
        services.recall_record(
            user=user("county_qh"),
            cadre=entries(round_)[0].cadre,
            recalled_on=TODAY,
            reasons=" ",
            today=TODAY,
        )
    assert caught.value.code == errors.RECALL_NO_REASON
    assert not Recall.objects.exists()
