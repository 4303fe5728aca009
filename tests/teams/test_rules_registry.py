"""For every provision with a registered check: a case that breaks it, and the check finds it.

BREAKS maps each id in `CHECKS` to (policy code, date, call). The call runs the registered check on
values that break exactly that rule; the test asserts a finding with the id, the severity of its
strength and a Chinese message that names the id.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from teams.rules import (
    CHECKS,
    MemberFacts,
    MemberYearFacts,
    Policy,
    TeamFacts,
    TrainingFacts,
    UnitYearFacts,
    policy_for,
)

D = datetime.date
Call = Callable[[Policy], list]


def member(**changes: object) -> MemberFacts:
    base = MemberFacts(
        role="member",
        is_leader=False,
        birth_date=D(1985, 1, 1),
        party_status="member",
        rank="section",
        is_reserve=False,
        unit_level="county",
        unit_kind="organ",
        from_township=False,
        expertise="economic",
        start=D(2019, 1, 1),
        end=None,
        name="队员",
        is_bilingual=True,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def team(*extra: MemberFacts, **changes: object) -> TeamFacts:
    members = [
        member(
            role="first_secretary",
            is_leader=True,
            rank="division",
            unit_level="province",
            expertise="party_mass",
            name="书记",
        ),
        member(name="甲"),
        member(name="乙", from_township=True),
    ]
    base = TeamFacts(term_start=D(2019, 1, 1), term_end=D(2020, 12, 31), members=members)
    return dataclasses.replace(base, members=[*base.members, *extra], **changes)  # type: ignore[arg-type]


def swap(first: MemberFacts | None = None, *, drop: int | None = None, **changes: object) -> TeamFacts:
    """The sound team with its first secretary changed (or one member dropped)."""
    base = team(**changes)
    members = list(base.members)
    if first is not None:
        members[0] = first
    if drop is not None:
        members.pop(drop)
    return dataclasses.replace(base, members=members)


FS = team().members[0]
TODAY = D(2019, 6, 1)


def check_team(t: TeamFacts, today: datetime.date = TODAY) -> Call:
    return lambda p: p.check_team(t, today=today)


BREAKS: dict[str, tuple[str, datetime.date, Call]] = {
    "JN-TEAM-SIZE": ("jinan", TODAY, check_team(swap(drop=2))),
    "JN-TEAM-ORIGIN": (
        "jinan",
        TODAY,
        check_team(team(member(unit_level="township", name="丙"), is_key_village=True)),
    ),
    "JN-LEADER": ("jinan", TODAY, check_team(swap(dataclasses.replace(FS, is_leader=False)))),
    "JN-TERM": ("jinan", TODAY, check_team(team(term_end=D(2020, 6, 30)))),
    "JN-MATCH": ("jinan", TODAY, check_team(team(has_untapped_resources=True))),
    "QH-TEAM": ("qinghai", TODAY, check_team(team(member(name="丙")))),
    # 46 on the posting day (2019-01-01): QH-AGE judges the selection, not today.
    "QH-AGE": ("qinghai", TODAY, check_team(swap(dataclasses.replace(FS, birth_date=D(1972, 6, 1))))),
    "QH-FS-PARTY": ("qinghai", TODAY, check_team(swap(dataclasses.replace(FS, party_status="probationary")))),
    "QH-FS-RANK": ("qinghai", TODAY, check_team(swap(dataclasses.replace(FS, rank="section")))),
    "QH-BILINGUAL": (
        "qinghai",
        TODAY,
        check_team(
            dataclasses.replace(
                team(is_ethnic_area=True),
                members=[dataclasses.replace(m, is_bilingual=False) for m in team().members],
            )
        ),
    ),
    "QH-MATCH": (
        "qinghai",
        TODAY,
        check_team(
            dataclasses.replace(
                team(is_weak_party_org=True),
                members=[dataclasses.replace(m, expertise="economic") for m in team().members],
            )
        ),
    ),
    "QH10-TERM": (
        "qinghai",
        TODAY,
        check_team(
            swap(
                dataclasses.replace(FS, start=D(2018, 11, 1), end=D(2019, 12, 31)), term_start=D(2018, 11, 1)
            )
        ),
    ),
    "SC-STAFF": ("sichuan", TODAY, check_team(team(member(is_on_staff=False, name="丙")))),
    "SC-TEAM": ("sichuan", TODAY, check_team(swap(drop=2))),
    "SC-TERM": ("sichuan", TODAY, check_team(team(term_end=D(2021, 6, 30)))),
    # 8 members: more than SC-LIANGSHAN's 可增配到…７人 (a team of 3 is lawful there).
    "SC-LIANGSHAN": (
        "sichuan",
        TODAY,
        check_team(team(*(member(name=f"丙{i}") for i in range(5)), in_liangshan=True)),
    ),
    "ZMD-TEAM": ("zhumadian", D(2022, 6, 1), check_team(swap(drop=2), D(2019, 6, 1))),
    "ZMD-TERM": ("zhumadian", D(2022, 6, 1), check_team(team(term_end=D(2020, 6, 30)))),
    "ALL-NO-WITHDRAW": (
        "sichuan",
        TODAY,
        check_team(team(exited_on=D(2019, 12, 1), withdrawn_on=D(2020, 1, 1))),
    ),
    "SC-COVER": ("sichuan", TODAY, lambda p: p.check_coverage({"大坪村": 1, "新华村": 0})),
    "SC-QUOTA": ("sichuan", TODAY, lambda p: p.check_dispatch_quota(100, 3)),
    "SC-AID": ("sichuan", TODAY, lambda p: p.check_aid_share(101, 30)),
    "ZMD-CHANGE": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_membership_change(D(2022, 6, 1), None, D(2022, 6, 5)),
    ),
    "JN-MONTH": ("jinan", TODAY, lambda p: p.check_attendance_month(2019, 5, 19)),
    "ZMD-MONTH": ("zhumadian", D(2022, 6, 1), lambda p: p.check_attendance_month(2022, 5, 19)),
    "ZMD-WEEK": ("zhumadian", D(2022, 6, 1), lambda p: p.check_week(5, 3)),
    # The team's year (QH-YEAR names 驻村工作队): 199 days with a majority of members in the village.
    "QH-YEAR": ("qinghai", TODAY, lambda p: p.check_team_attendance_year(2019, 199)),
    "SC-ATT": ("sichuan", TODAY, lambda p: p.check_attendance_statistics(2019, 4, None, D(2019, 5, 11))),
    "JN-LEAVE": ("jinan", TODAY, lambda p: p.check_leave_approval(Decimal("3.5"), {"township_committee"})),
    "ZMD-LEAVE": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_leave_approval(Decimal(8), {"county_org_dept"}),
    ),
    "ALL-RETURN": ("qinghai", TODAY, lambda p: p.check_leave_return(D(2019, 5, 1), None, D(2019, 5, 2))),
    "QH10-ABSENT": (
        "qinghai",
        TODAY,
        lambda p: p.check_member_year(MemberYearFacts(2019, grade="excellent", called_back_by_unit=True)),
    ),
    "ZMD-ABSENT": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_absence_explanation(D(2022, 6, 3), D(2022, 6, 26)),
    ),
    "JN-ANNUAL": ("jinan", TODAY, lambda p: p.check_annual_assessment(2019, D(2020, 1, 15))),
    "QH-ANNUAL": (
        "qinghai",
        TODAY,
        lambda p: p.check_annual_assessment(
            2019,
            D(2020, 1, 15),
            assessed_on=D(2019, 12, 20),
            proposed_by="county_org_dept",
            decided_by="county_org_dept",
        ),
    ),
    "ZMD-ANNUAL": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_annual_assessment(
            2022,
            D(2023, 1, 15),
            assessed_on=D(2022, 12, 20),
            decided_by="county_org_dept",
            reported_to={"county_rural_bureau"},
        ),
    ),
    "JN-ENDTERM": (
        "jinan",
        TODAY,
        lambda p: p.check_term_review(
            D(2020, 12, 31), D(2021, 2, 1), reviewed_on=D(2021, 1, 10), in_personal_file=False
        ),
    ),
    "QH-ENDTERM": ("qinghai", TODAY, lambda p: p.check_term_review(D(2020, 12, 31), D(2021, 2, 1))),
    "QH-RECALL": (
        "qinghai",
        TODAY,
        lambda p: p.check_member_year(
            MemberYearFacts(2019, grade="competent", recalled_on=D(2019, 4, 1), is_reserve=True)
        ),
    ),
    "QH10-BAN": (
        "qinghai",
        TODAY,
        lambda p: p.check_member_year(
            MemberYearFacts(2019, promoted_on=D(2019, 9, 1), incompetent_recall_on=D(2018, 12, 1))
        ),
    ),
    "SC-GRADES": ("sichuan", TODAY, lambda p: p.check_grades([("member", "basically_competent")])),
    "SC-QUOTA-EXC": (
        "sichuan",
        TODAY,
        lambda p: p.check_grades([("member", "excellent")] * 2 + [("member", "competent")] * 7),
    ),
    "SC-INCOMPETENT": (
        "sichuan",
        TODAY,
        lambda p: p.check_unit_year(
            UnitYearFacts(2019, head_grade="excellent", member_grades=("incompetent",))
        ),
    ),
    "SC-TARGET": ("sichuan", TODAY, lambda p: p.check_targets(2019, None, D(2019, 4, 1))),
    "JN-TRAIN": ("jinan", TODAY, lambda p: p.check_training_year(Decimal("4.5"))),
    "QH-TRAIN": ("qinghai", TODAY, lambda p: p.check_training_year(Decimal("3.5"))),
    "SC-TRAIN": ("sichuan", TODAY, lambda p: p.check_training_year(Decimal("4.5"))),
    "ZMD-TRAIN": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_training_year(trainings=[TrainingFacts(Decimal(5), "township")]),
    ),
    "QH10-TRAIN-SPLIT": (
        "qinghai",
        TODAY,
        lambda p: p.check_training_split(10, {"province": 0, "city": 3, "county": 7}, 10),
    ),
    "QH-FUNDS": ("qinghai", D(2018, 6, 1), lambda p: p.check_funds(9999)),
    "QH10-FUNDS": ("qinghai", TODAY, lambda p: p.check_funds(19999)),
    "SC-FUNDS": ("sichuan", TODAY, lambda p: p.check_funds(19999)),
    "QH10-ALLOWANCE": ("qinghai", TODAY, lambda p: p.check_living_allowance(20, Decimal(1000))),
    "JN-MEET": ("jinan", TODAY, lambda p: p.check_meetings(township_in_month=0)),
    "QH-MEET": ("qinghai", TODAY, lambda p: p.check_meetings(county_in_quarter=0)),
    "SC-MEET": ("sichuan", TODAY, lambda p: p.check_meetings(county_in_quarter=0)),
    "JN-REPORT": ("jinan", TODAY, lambda p: p.check_team_reports(2019, D(2019, 7, 1), [D(2018, 12, 30)])),
    "QH-COMMIT": (
        "qinghai",
        TODAY,
        lambda p: p.check_team_reports(2019, D(2019, 4, 1), [D(2019, 3, 20)], commitment_on=None),
    ),
    "SC-REPORT": ("sichuan", TODAY, lambda p: p.check_team_reports(2019, D(2019, 4, 1), [])),
    "SC-HOUSEHOLDS": ("sichuan", TODAY, lambda p: p.check_household_visits(120, 119)),
    "QH10-LINK": ("qinghai", TODAY, lambda p: p.check_link_visits(0)),
    "QH10-CARE": ("qinghai", TODAY, lambda p: p.check_care_visits([("hospitalised", False)])),
    "ZMD-UNIT": (
        "zhumadian",
        D(2022, 6, 1),
        lambda p: p.check_unit_support(hearings=2, head_visits=1, other_leader_visits=3),
    ),
}


def test_every_registered_check_has_a_breaking_case() -> None:
    assert set(BREAKS) == set(CHECKS)


@pytest.mark.parametrize("provision_id", sorted(CHECKS))
def test_the_registered_check_finds_the_break(provision_id: str) -> None:
    code, on, call = BREAKS[provision_id]
    policy = policy_for(code, on)
    provision = policy.provision(provision_id)
    found = [f for f in call(policy) if f.provision == provision_id]
    assert found, f"{CHECKS[provision_id]} did not find {provision_id}"
    for finding in found:
        assert finding.severity in {"error", "warning"}
        if provision.strengths == {provision.strength}:
            assert finding.severity == ("warning" if provision.strength == "soft" else "error")
        assert finding.message.endswith(f"（{provision_id}）")


@pytest.mark.parametrize(
    ("provision_id", "sound"),
    [
        ("SC-COVER", lambda p: p.check_coverage({"大坪村": 1})),
        ("SC-AID", lambda p: p.check_aid_share(100, 30)),
        ("SC-TARGET", lambda p: p.check_targets(2019, D(2019, 3, 31), D(2019, 6, 1))),
        ("SC-HOUSEHOLDS", lambda p: p.check_household_visits(120, 120)),
        ("SC-REPORT", lambda p: p.check_team_reports(2019, D(2019, 7, 1), [D(2019, 3, 30), D(2019, 6, 30)])),
        ("SC-MEET", lambda p: p.check_meetings(county_in_quarter=1)),
    ],
)
def test_sound_values_pass_in_sichuan(provision_id: str, sound: Call) -> None:
    assert [f for f in sound(policy_for("sichuan", TODAY)) if f.provision == provision_id] == []


@pytest.mark.parametrize(
    ("provision_id", "sound"),
    [
        ("QH10-LINK", lambda p: p.check_link_visits(1)),
        ("QH10-CARE", lambda p: p.check_care_visits([("hospitalised", True), ("injured", True)])),
        (
            "QH-COMMIT",
            lambda p: p.check_team_reports(
                2019, D(2019, 4, 1), [D(2019, 3, 20)], commitment_on=D(2019, 1, 15)
            ),
        ),
        ("QH-MEET", lambda p: p.check_meetings(county_in_quarter=1)),
    ],
)
def test_sound_values_pass_in_qinghai(provision_id: str, sound: Call) -> None:
    assert [f for f in sound(policy_for("qinghai", TODAY)) if f.provision == provision_id] == []


@pytest.mark.parametrize(
    ("kwargs", "broken"),
    [
        ({"hearings": 2, "head_visits": 1, "other_leader_visits": 4}, False),
        ({"hearings": 1, "head_visits": 1, "other_leader_visits": 4}, True),
        ({"hearings": 2, "head_visits": 0, "other_leader_visits": 4}, True),
    ],
)
def test_zhumadian_unit_support(kwargs: dict[str, int], broken: bool) -> None:
    assert bool(policy_for("zhumadian", D(2022, 6, 1)).check_unit_support(**kwargs)) is broken


@pytest.mark.parametrize(
    ("reports", "expected"),
    [([D(2019, 3, 1)], 0), ([], 1)],
)
def test_jinan_half_year_reports(reports: list[datetime.date], expected: int) -> None:
    assert len(policy_for("jinan", TODAY).check_team_reports(2019, D(2019, 7, 1), reports)) == expected


@pytest.mark.parametrize("code", ["jinan", "qinghai", "sichuan"])
def test_a_check_ignores_provisions_of_other_policies(code: str) -> None:
    assert policy_for(code, TODAY).check_week(0, 0) == []
