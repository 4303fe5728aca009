"""Grades (SC-GRADES, SC-QUOTA-EXC) and the consequences of absence, recall and 不称职."""

from __future__ import annotations

import datetime

import pytest

from teams.rules import MemberYearFacts, UnitYearFacts, policy_for

D = datetime.date
SC = policy_for("sichuan", D(2019, 1, 1))
QH = policy_for("qinghai", D(2019, 1, 1))


def grades(members: int, excellent: int, first_secretaries_excellent: int = 0) -> list[tuple[str, str]]:
    rows = [("member", "excellent")] * excellent + [("member", "competent")] * (members - excellent)
    return rows + [("first_secretary", "excellent")] * first_secretaries_excellent


@pytest.mark.parametrize(
    ("members", "excellent", "broken"),
    [(4, 1, True), (5, 1, False), (5, 2, True), (9, 1, False), (10, 2, False), (10, 3, True), (11, 2, False)],
)
def test_sichuan_excellent_quota(members: int, excellent: int, broken: bool) -> None:
    found = SC.check_grades(grades(members, excellent))
    assert [f.provision for f in found] == (["SC-QUOTA-EXC"] if broken else [])


def test_first_secretaries_are_outside_the_quota() -> None:
    assert SC.check_grades(grades(5, 1, first_secretaries_excellent=3)) == []


def test_sichuan_has_no_basically_competent() -> None:
    found = SC.check_grades([("member", "basically_competent")])
    assert [f.provision for f in found] == ["SC-GRADES"]
    assert "基本称职" in found[0].message


@pytest.mark.parametrize("code", ["jinan", "qinghai", "zhumadian"])
def test_other_policies_accept_four_grades(code: str) -> None:
    policy = policy_for(code, D(2023, 1, 1))
    assert policy.check_grades([("member", "basically_competent"), ("member", "excellent")]) == []


def test_unknown_grade_is_refused() -> None:
    with pytest.raises(ValueError, match="无效的职务或等次：'member', 'good'"):
        SC.check_grades([("member", "good")])


@pytest.mark.parametrize(
    ("facts", "provision"),
    [
        (MemberYearFacts(2019, grade="excellent", unexcused_absence=True), "QH10-ABSENT"),
        (MemberYearFacts(2019, grade="excellent", called_back_by_unit=True), "QH10-ABSENT"),
        (MemberYearFacts(2019, grade="excellent", recalled_on=D(2019, 5, 1)), "QH-RECALL"),
        (MemberYearFacts(2019, grade="competent", recalled_on=D(2019, 5, 1), is_reserve=True), "QH-RECALL"),
        (MemberYearFacts(2020, grade="excellent", incompetent_recall_on=D(2019, 3, 1)), "QH10-BAN"),
        (MemberYearFacts(2020, promoted_on=D(2020, 6, 1), incompetent_recall_on=D(2019, 3, 1)), "QH10-BAN"),
        (
            MemberYearFacts(2020, important_post_on=D(2021, 2, 28), incompetent_recall_on=D(2019, 3, 1)),
            "QH10-BAN",
        ),
    ],
)
def test_qinghai_member_year_breaks(facts: MemberYearFacts, provision: str) -> None:
    assert [f.provision for f in QH.check_member_year(facts)] == [provision]


@pytest.mark.parametrize(
    "facts",
    [
        MemberYearFacts(2019, grade="competent", unexcused_absence=True),
        MemberYearFacts(2019, grade="excellent", recalled_on=D(2018, 12, 1)),
        MemberYearFacts(2022, grade="excellent", incompetent_recall_on=D(2019, 3, 1)),
        MemberYearFacts(2021, promoted_on=D(2021, 3, 1), incompetent_recall_on=D(2019, 3, 1)),
    ],
)
def test_qinghai_member_year_passes(facts: MemberYearFacts) -> None:
    assert QH.check_member_year(facts) == []


def test_sichuan_does_not_judge_qinghai_rules() -> None:
    assert SC.check_member_year(MemberYearFacts(2019, grade="excellent", unexcused_absence=True)) == []


@pytest.mark.parametrize(
    ("policy_code", "facts", "provision"),
    [
        (
            "qinghai",
            UnitYearFacts(2019, leadership_grade="excellent", member_absent_or_called_back=True),
            "QH10-ABSENT",
        ),
        (
            "sichuan",
            UnitYearFacts(2019, head_grade="excellent", member_grades=("incompetent",)),
            "SC-INCOMPETENT",
        ),
        (
            "sichuan",
            UnitYearFacts(2019, leadership_grade="excellent", member_grades=("incompetent",)),
            "SC-INCOMPETENT",
        ),
        ("sichuan", UnitYearFacts(2019, leadership_grade="excellent", member_grades=("competent",)), None),
        (
            "qinghai",
            UnitYearFacts(2019, leadership_grade="competent", member_absent_or_called_back=True),
            None,
        ),
    ],
)
def test_unit_year(policy_code: str, facts: UnitYearFacts, provision: str | None) -> None:
    found = policy_for(policy_code, D(2019, 1, 1)).check_unit_year(facts)
    assert [f.provision for f in found] == ([provision] if provision else [])


@pytest.mark.parametrize(
    ("code", "kwargs", "expected"),
    [
        ("jinan", {}, ["JN-ANNUAL"]),
        ("jinan", {"assessed_on": D(2023, 12, 20), "reported_to": {"dispatching_unit"}}, []),
        ("jinan", {"assessed_on": D(2023, 12, 20)}, ["JN-ANNUAL"]),
        (
            "qinghai",
            {
                "assessed_on": D(2023, 12, 20),
                "proposed_by": "township_committee",
                "decided_by": "county_org_dept",
            },
            [],
        ),
        (
            "qinghai",
            {
                "assessed_on": D(2023, 12, 20),
                "proposed_by": "township_committee",
                "decided_by": "township_committee",
            },
            ["QH-ANNUAL"],
        ),
        (
            "zhumadian",
            {
                "assessed_on": D(2023, 12, 20),
                "decided_by": "dispatching_unit",
                "reported_to": {"county_rural_bureau"},
            },
            [],
        ),
        ("zhumadian", {"assessed_on": D(2023, 12, 20), "decided_by": "dispatching_unit"}, ["ZMD-ANNUAL"]),
        ("sichuan", {}, []),
    ],
)
def test_annual_assessment(code: str, kwargs: dict[str, object], expected: list[str]) -> None:
    found = policy_for(code, D(2023, 1, 1)).check_annual_assessment(2023, D(2024, 1, 2), **kwargs)  # type: ignore[arg-type]
    assert sorted({f.provision for f in found}) == expected


def test_annual_assessment_not_due_before_year_end() -> None:
    assert policy_for("jinan", D(2023, 1, 1)).check_annual_assessment(2023, D(2023, 12, 31)) == []


ALL_METHODS = {"work_report", "document_review", "site_visit", "villager_visits", "democratic_evaluation"}


@pytest.mark.parametrize(
    ("code", "kwargs", "broken"),
    [
        ("jinan", {"reviewed_on": D(2024, 1, 5), "in_personal_file": True}, False),
        ("jinan", {"reviewed_on": D(2024, 1, 5)}, True),
        ("jinan", {}, True),
        ("qinghai", {"reviewed_on": D(2024, 1, 5), "methods": ALL_METHODS, "published": True}, False),
        (
            "qinghai",
            {"reviewed_on": D(2024, 1, 5), "methods": ALL_METHODS - {"villager_visits"}, "published": True},
            True,
        ),
        ("qinghai", {"reviewed_on": D(2024, 1, 5), "methods": ALL_METHODS}, True),
    ],
)
def test_end_of_term_review(code: str, kwargs: dict[str, object], broken: bool) -> None:
    found = policy_for(code, D(2023, 1, 1)).check_term_review(D(2023, 12, 31), D(2024, 2, 1), **kwargs)  # type: ignore[arg-type]
    assert bool(found) is broken
