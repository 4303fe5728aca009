"""check_team and team_size: sizes 2/3/4, Qinghai's exactly 3, Liangshan up to 7, leaders, terms, people."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from teams.rules import ERROR, WARNING, Finding, MemberFacts, TeamFacts, policy_for

TODAY = datetime.date(2023, 6, 1)
D = datetime.date


def make_member(**overrides: Any) -> MemberFacts:
    values: dict[str, Any] = {
        "role": "member",
        "is_leader": False,
        "birth_date": D(1985, 1, 1),
        "party_status": "member",
        "rank": "section",
        "is_reserve": False,
        "unit_level": "county",
        "unit_kind": "organ",
        "from_township": False,
        "expertise": "economic",
        "start": D(2022, 1, 1),
        "end": None,
        "name": "张三",
        "is_bilingual": True,
    }
    values.update(overrides)
    return MemberFacts(**values)


def make_first_secretary(**overrides: Any) -> MemberFacts:
    return make_member(
        **{
            "role": "first_secretary",
            "is_leader": True,
            "name": "李书记",
            "rank": "division",
            "unit_level": "province",
            "expertise": "party_mass",
            **overrides,
        }
    )


def make_team(size: int = 3, **overrides: Any) -> TeamFacts:
    """A team that breaks no rule of any policy: the first secretary leads, one township member."""
    members = [make_first_secretary()]
    if size >= 2:
        members.append(make_member(name="王队员"))
    if size >= 3:
        members.append(make_member(name="赵队员", from_township=True))
    members += [make_member(name=f"队员{i}") for i in range(4, size + 1)]
    values: dict[str, Any] = {"term_start": D(2022, 1, 1), "term_end": D(2023, 12, 31), "members": members}
    values.update(overrides)
    return TeamFacts(**values)


def ids(findings: list[Finding]) -> set[str]:
    return {f.provision for f in findings}


def check(code: str, team: TeamFacts, today: datetime.date = TODAY) -> list[Finding]:
    return policy_for(code, today).check_team(team, today=today)


@pytest.mark.parametrize("code", ["jinan", "qinghai", "sichuan", "zhumadian"])
def test_a_sound_team_has_no_findings(code: str) -> None:
    assert check(code, make_team(3)) == []


@pytest.mark.parametrize(
    ("code", "size", "provision"),
    [
        ("jinan", 2, "JN-TEAM-SIZE"),
        ("zhumadian", 2, "ZMD-TEAM"),
        ("sichuan", 2, "SC-TEAM"),
        ("qinghai", 2, "QH-TEAM"),
        ("qinghai", 4, "QH-TEAM"),
    ],
)
def test_wrong_team_size_is_found(code: str, size: int, provision: str) -> None:
    assert provision in ids(check(code, make_team(size)))


@pytest.mark.parametrize(
    ("code", "size"),
    [
        ("jinan", 3),
        ("jinan", 4),
        ("zhumadian", 3),
        ("zhumadian", 4),
        ("sichuan", 3),
        ("sichuan", 4),
        ("qinghai", 3),
    ],
)
def test_allowed_team_size_passes(code: str, size: int) -> None:
    assert check(code, make_team(size)) == []


@pytest.mark.parametrize(
    ("code", "severity"), [("jinan", WARNING), ("zhumadian", WARNING), ("sichuan", ERROR), ("qinghai", ERROR)]
)
def test_size_severity_follows_strength(code: str, severity: str) -> None:
    size_findings = [
        f
        for f in check(code, make_team(2))
        if "人" in f.message and "少于" in f.message or "组成" in f.message
    ]
    assert size_findings and all(f.severity == severity for f in size_findings)


def test_size_message_names_the_provision() -> None:
    assert Finding("JN-TEAM-SIZE", WARNING, "工作队仅2人，少于3人（JN-TEAM-SIZE）") in check(
        "jinan", make_team(2)
    )


@pytest.mark.parametrize(("size", "broken"), [(3, False), (4, False), (7, False), (8, True)])
def test_liangshan_may_increase_to_seven_and_three_stays_lawful(size: int, broken: bool) -> None:
    """SC-LIANGSHAN 可增配到每村４至７人 is a permission: 3 stays lawful under SC-TEAM, 8 is the finding."""
    found = check("sichuan", make_team(size, in_liangshan=True))
    assert ("SC-LIANGSHAN" in ids(found)) is broken
    if broken:
        assert found == [
            Finding(
                "SC-LIANGSHAN", ERROR, "凉山州工作队现有8人，最多可增配到7人（含第一书记）（SC-LIANGSHAN）"
            )
        ]
    else:
        assert found == []


def test_a_liangshan_team_of_two_breaks_sc_team_not_sc_liangshan() -> None:
    assert ids(check("sichuan", make_team(2, in_liangshan=True))) == {"SC-TEAM"}


@pytest.mark.parametrize(
    ("code", "liangshan", "size"),
    [
        ("jinan", False, (3, None)),
        ("qinghai", False, (3, 3)),
        ("sichuan", False, (3, None)),
        ("sichuan", True, (3, 7)),
        ("zhumadian", False, (3, None)),
        ("jinan", True, (3, None)),
    ],
)
def test_team_size(code: str, liangshan: bool, size: tuple[int, int | None]) -> None:
    policy = policy_for(code, TODAY)
    assert policy.team_size_for(in_liangshan=liangshan) == size
    if not liangshan:
        assert policy.team_size == size


def test_members_count_on_today() -> None:
    team = make_team(3)
    left = dataclasses.replace(
        team, members=[*team.members[:2], dataclasses.replace(team.members[2], end=D(2023, 5, 31))]
    )
    assert "JN-TEAM-SIZE" in ids(check("jinan", left))


@pytest.mark.parametrize(
    ("birth", "warned"),
    [
        (D(1977, 1, 1), False),
        (D(1976, 1, 2), False),
        (D(1976, 1, 1), True),
        (D(1970, 1, 1), True),
    ],
    ids=["45-on-posting-46-today", "45-until-the-day-after-posting", "turns-46-on-posting-day", "52"],
)
def test_qinghai_age_is_judged_on_the_posting_day(birth: datetime.date, warned: bool) -> None:
    """QH-AGE 一般不超过45周岁 is a condition of selection: the age on the membership's start (2022-01-01),
    not on TODAY (2023-06-01); 45 passes, 46 warns, turning 46 after posting is no finding."""
    team = make_team(3)
    team = dataclasses.replace(
        team, members=[dataclasses.replace(team.members[0], birth_date=birth), *team.members[1:]]
    )
    found = [f for f in check("qinghai", team) if f.provision == "QH-AGE"]
    assert bool(found) is warned
    assert all(f.severity == WARNING for f in found)
    if warned:
        assert "于2022-01-01选派时" in found[0].message


def _with_first_secretary(team: TeamFacts, **changes: Any) -> TeamFacts:
    return dataclasses.replace(
        team, members=[dataclasses.replace(team.members[0], **changes), *team.members[1:]]
    )


@pytest.mark.parametrize(("status", "broken"), [("member", False), ("probationary", True), ("none", True)])
def test_qinghai_first_secretary_is_a_full_party_member(status: str, broken: bool) -> None:
    found = ids(check("qinghai", _with_first_secretary(make_team(), party_status=status)))
    assert ("QH-FS-PARTY" in found) is broken


@pytest.mark.parametrize(
    ("level", "kind", "rank", "reserve", "broken"),
    [
        ("province", "organ", "division", False, False),
        ("province", "organ", "section", True, False),
        ("province", "organ", "section", False, True),
        ("city", "organ", "division", False, False),
        ("county", "organ", "section", False, False),
        ("county", "organ", "below_section", True, False),
        ("county", "organ", "below_section", False, True),
        ("township", "organ", "section", False, True),
        ("province", "enterprise", "enterprise_manager", False, False),
        ("county", "institution", "other", False, True),
    ],
)
def test_qinghai_first_secretary_rank(level: str, kind: str, rank: str, reserve: bool, broken: bool) -> None:
    team = _with_first_secretary(make_team(), unit_level=level, unit_kind=kind, rank=rank, is_reserve=reserve)
    assert ("QH-FS-RANK" in ids(check("qinghai", team))) is broken


def test_qinghai_team_needs_one_township_member() -> None:
    team = make_team(3)
    team = dataclasses.replace(
        team, members=[*team.members[:2], dataclasses.replace(team.members[2], from_township=False)]
    )
    found = [f for f in check("qinghai", team) if f.provision == "QH-TEAM"]
    assert any("乡镇" in f.message for f in found)


@pytest.mark.parametrize(
    ("code", "provision", "severity"),
    [
        ("jinan", "JN-LEADER", WARNING),
        ("qinghai", "QH-TEAM", ERROR),
        ("sichuan", "SC-TEAM", WARNING),
        ("zhumadian", "ZMD-TEAM", WARNING),
    ],
)
def test_leader_who_is_not_first_secretary(code: str, provision: str, severity: str) -> None:
    team = make_team(3)
    members = [
        dataclasses.replace(team.members[0], is_leader=False),
        dataclasses.replace(team.members[1], is_leader=True, rank="below_section"),
        team.members[2],
    ]
    found = [f for f in check(code, dataclasses.replace(team, members=members)) if f.provision == provision]
    assert found and found[0].severity == severity


@pytest.mark.parametrize(
    ("level", "rank", "warned"),
    [("city", "division", False), ("county", "section", False), ("city", "section", True)],
)
def test_zhumadian_leader_may_be_a_division_or_section_cadre(level: str, rank: str, warned: bool) -> None:
    team = make_team(3)
    members = [
        dataclasses.replace(team.members[0], is_leader=False),
        dataclasses.replace(team.members[1], is_leader=True, unit_level=level, rank=rank),
        team.members[2],
    ]
    found = ids(check("zhumadian", dataclasses.replace(team, members=members)))
    assert ("ZMD-TEAM" in found) is warned


@pytest.mark.parametrize(
    ("code", "end", "broken"),
    [
        ("jinan", D(2023, 12, 30), True),
        ("jinan", D(2023, 12, 31), False),
        ("zhumadian", D(2023, 12, 30), True),
        ("zhumadian", D(2024, 6, 30), False),
        ("sichuan", D(2023, 12, 31), False),
        ("sichuan", D(2024, 1, 1), False),
        ("sichuan", D(2024, 6, 30), True),
        ("sichuan", D(2023, 6, 30), True),
    ],
)
def test_term_length(code: str, end: datetime.date, broken: bool) -> None:
    provision = {"jinan": "JN-TERM", "zhumadian": "ZMD-TERM", "sichuan": "SC-TERM"}[code]
    found = check(code, make_team(3, term_start=D(2022, 1, 1), term_end=end), today=D(2022, 6, 1))
    assert (provision in ids(found)) is broken


def test_zhumadian_term_may_equal_the_first_secretarys() -> None:
    team = make_team(3, term_start=D(2022, 1, 1), term_end=D(2023, 6, 30))
    team = _with_first_secretary(team, start=D(2022, 1, 1), end=D(2023, 6, 30))
    assert "ZMD-TERM" not in ids(check("zhumadian", team, today=D(2022, 6, 1)))


def test_jinan_rotation_during_the_term_warns() -> None:
    team = make_team(3)
    team = dataclasses.replace(team, members=[*team.members, make_member(name="离队者", end=D(2022, 12, 31))])
    found = [f for f in check("jinan", team) if f.provision == "JN-TERM"]
    assert found and found[0].severity == WARNING


@pytest.mark.parametrize(("level", "broken"), [("county", False), ("central", False), ("township", True)])
def test_jinan_members_come_from_county_level_or_above(level: str, broken: bool) -> None:
    team = make_team(3, is_key_village=True)
    team = dataclasses.replace(
        team, members=[*team.members[:2], dataclasses.replace(team.members[2], unit_level=level)]
    )
    assert ("JN-TEAM-ORIGIN" in ids(check("jinan", team))) is broken


@pytest.mark.parametrize(("key_village", "warned"), [(True, True), (False, False)])
def test_jinan_origin_binds_key_villages_only_and_is_a_warning(key_village: bool, warned: bool) -> None:
    """JN-TEAM-ORIGIN (000 （一）（二）): 重点派驻全省扶贫工作重点村…及脱贫难度较大的村 … 一般…且均应为县级以上…;
    对其他贫困村…注重从…镇（街道）…年轻干部中选拔: a township member of another poor village is no finding,
    and in a key village 均应为 is "should": a warning, not an error."""
    team = make_team(3, is_key_village=key_village, is_registered_poor=True)
    team = dataclasses.replace(
        team, members=[*team.members[:2], dataclasses.replace(team.members[2], unit_level="township")]
    )
    found = [f for f in check("jinan", team) if f.provision == "JN-TEAM-ORIGIN"]
    assert bool(found) is warned
    if warned:
        assert [f.severity for f in found] == [WARNING]
        assert "省扶贫工作重点村" in found[0].message and found[0].message.endswith("（JN-TEAM-ORIGIN）")


@pytest.mark.parametrize(
    ("code", "flag", "expertise", "warned"),
    [
        ("jinan", "is_weak_party_org", "party_mass", False),
        ("jinan", "has_no_industry", "other", True),
        ("jinan", "has_untapped_resources", "business", False),
        ("jinan", "has_untapped_resources", "economic", True),
        ("qinghai", "is_stability_focus", "social", False),
        ("qinghai", "is_stability_focus", "economic", True),
    ],
)
def test_expertise_matches_the_village(code: str, flag: str, expertise: str, warned: bool) -> None:
    team = make_team(3, **{flag: True})
    team = dataclasses.replace(
        team, members=[dataclasses.replace(m, expertise=expertise) for m in team.members]
    )
    provision = "JN-MATCH" if code == "jinan" else "QH-MATCH"
    assert (provision in ids(check(code, team))) is warned


def test_qinghai_ethnic_area_prefers_bilingual_cadres() -> None:
    team = make_team(3, is_ethnic_area=True)
    plain = dataclasses.replace(
        team, members=[dataclasses.replace(m, is_bilingual=False) for m in team.members]
    )
    assert "QH-BILINGUAL" not in ids(check("qinghai", team))
    assert "QH-BILINGUAL" in ids(check("qinghai", plain))


@pytest.mark.parametrize(
    ("recorded", "warned"),
    [((None, None, None), False), ((False, None, False), False), ((False, False, False), True)],
)
def test_qinghai_bilingual_says_nothing_while_unrecorded(
    recorded: tuple[bool | None, ...], warned: bool
) -> None:
    """QH-BILINGUAL (001: 到民族地区工作的，优先选派懂“双语”的干部): only members recorded as not bilingual
    make the warning; an unrecorded member may be the one who speaks both (NOTES.md)."""
    team = make_team(3, is_ethnic_area=True)
    team = dataclasses.replace(
        team,
        members=[dataclasses.replace(m, is_bilingual=b) for m, b in zip(team.members, recorded, strict=True)],
    )
    assert ("QH-BILINGUAL" in ids(check("qinghai", team))) is warned


def test_sichuan_members_are_on_staff() -> None:
    team = make_team(3)
    team = dataclasses.replace(
        team, members=[*team.members[:2], dataclasses.replace(team.members[2], is_on_staff=False)]
    )
    assert "SC-STAFF" in ids(check("sichuan", team))


@pytest.mark.parametrize(("on_staff", "warned"), [(None, False), (True, False), (False, True)])
def test_sichuan_on_staff_says_nothing_while_unrecorded(on_staff: bool | None, warned: bool) -> None:
    """SC-STAFF (003: 原则上应为在编在岗干部职工): an unrecorded 在编在岗 is no finding (NOTES.md)."""
    team = make_team(3)
    team = dataclasses.replace(
        team, members=[dataclasses.replace(m, is_on_staff=on_staff) for m in team.members]
    )
    found = [f for f in check("sichuan", team) if f.provision == "SC-STAFF"]
    assert bool(found) is warned
    assert all(f.severity == WARNING for f in found)


@pytest.mark.parametrize(
    ("code", "exited", "withdrawn", "broken"),
    [
        ("jinan", D(2019, 12, 1), D(2020, 3, 1), True),
        ("qinghai", D(2019, 12, 1), D(2020, 3, 1), True),
        ("sichuan", D(2019, 12, 1), D(2020, 3, 1), True),
        ("sichuan", D(2019, 12, 1), D(2021, 3, 1), False),
        ("sichuan", None, D(2020, 3, 1), False),
        ("zhumadian", D(2022, 12, 1), D(2023, 3, 1), False),
    ],
)
def test_no_withdrawal_after_exit_during_the_campaign(
    code: str, exited: datetime.date | None, withdrawn: datetime.date, broken: bool
) -> None:
    team = make_team(
        3, term_start=D(2018, 11, 1), term_end=D(2020, 10, 31), exited_on=exited, withdrawn_on=withdrawn
    )
    day = max(D(2019, 1, 1), D(2022, 6, 1) if code == "zhumadian" else D(2019, 1, 1))
    assert ("ALL-NO-WITHDRAW" in ids(policy_for(code, day).check_team(team, today=day))) is broken


def test_qinghai_first_secretary_serves_to_end_2020() -> None:
    team = make_team(3, term_start=D(2018, 11, 1), term_end=D(2020, 12, 31))
    early = _with_first_secretary(team, start=D(2018, 11, 1), end=D(2019, 12, 31))
    day = D(2019, 6, 1)
    assert "QH10-TERM" not in ids(policy_for("qinghai", day).check_team(team, today=day))
    assert "QH10-TERM" in ids(policy_for("qinghai", day).check_team(early, today=day))


def test_member_facts_reject_unknown_vocabulary() -> None:
    with pytest.raises(ValueError, match="rank 取值无效：'厅级'"):
        make_member(rank="厅级")
