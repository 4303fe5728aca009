"""Issue 10, correction 4: QH-YEAR (001: 完善考勤管理制度,驻村工作队每年驻村工作时间不少于200天) names the team.

Reading (teams/rules/NOTES.md): a day counts for the team when more than half of the members serving that
day were in the village; a team that did not have members all year is pro-rated by the days it had them
(convention 4); each cadre's own days stay beside it as information (``Row.reference``), never a finding.

The boundary: a team of three with two members in the village on 200 days passes, on 199 days fails, and a
day with only one of the three there does not count — although two of the three cadres have only 100
days of their own."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from attendance.days import compliance
from attendance.days.summary import summaries_refresh
from attendance.models import AttendanceDay, AttendanceSource, AttendanceStatus, CadreMonthSummary
from teams.models import DispatchingUnit, Membership, Region, Team, Village
from tests.builders import make_cadre

pytestmark = pytest.mark.django_db

YEAR = 2025
JAN_1 = datetime.date(YEAR, 1, 1)
AFTER = datetime.date(YEAR + 1, 1, 5)  # the year is over


def qinghai_team(start: datetime.date = JAN_1) -> tuple[Team, list[Membership]]:
    """A three-member team in 平阴县 turned Qinghai, in a village of its own, members from ``start``."""
    county = Region.objects.get(name="平阴县", level="county")
    Region.objects.filter(pk=county.pk).update(policy_code="qinghai")
    township = Region.objects.get(name="孔村镇")
    village = Village.objects.create(township=township, name=f"测试村{start:%m%d}")
    team = Team.objects.create(village=village, term_start=start, term_end=datetime.date(YEAR + 1, 12, 31))
    unit = DispatchingUnit.objects.order_by("pk").first()
    assert unit is not None
    roles = ["first_secretary", "member", "member"]
    memberships = [
        Membership.objects.create(
            team=team,
            cadre=make_cadre("平阴县", name=f"队员{i}"),
            role=role,
            is_leader=i == 0,
            dispatching_unit=unit,
            start=start,
            end=team.term_end,
        )
        for i, role in enumerate(roles)
    ]
    return team, memberships


def in_village(team: Team, m: Membership, days: list[datetime.date]) -> None:
    township = team.village.township
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            cadre_id=m.cadre_id,
            date=d,
            status=AttendanceStatus.IN_VILLAGE,
            night_in_village=True,
            team=team,
            county_id=township.parent_pk,
            township=township,
            source=AttendanceSource.GRID,
        )
        for d in days
    )
    for month in sorted({d.month for d in days}):
        summaries_refresh(cadre_ids=[m.cadre_id], year=YEAR, month=month)


def days_from(first: datetime.date, n: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range(n)]


def two_of_three_on(team: Team, ms: list[Membership], n: int, *, lone_days: int = 0) -> None:
    """The first secretary on ``n`` days, the two members sharing them (each about half); then
    ``lone_days`` more days with the first secretary alone."""
    days = days_from(JAN_1, n + lone_days)
    shared = days[:n]
    in_village(team, ms[0], days)
    in_village(team, ms[1], shared[::2])
    in_village(team, ms[2], shared[1::2])


def team_row(team: Team, ms: list[Membership], today: datetime.date = AFTER) -> compliance.TeamYearRow:
    scope = Membership.objects.filter(team=team)
    members = compliance.year_compliance(scope, YEAR, today=today)
    [row] = compliance.team_year_compliance(scope, YEAR, today=today, members=members)
    return row


@pytest.mark.parametrize(("days", "compliant"), [(199, False), (200, True)])
def test_the_team_is_judged_on_days_with_a_majority_in_the_village(days: int, compliant: bool) -> None:
    team, ms = qinghai_team()
    two_of_three_on(team, ms, days, lone_days=30)  # 30 days with one of three: not the team's
    row = team_row(team, ms)
    assert (row.team_days, row.days_in_village, row.required) == (365, days, 200)
    assert row.compliant is compliant
    if not compliant:
        assert [f.message for f in row.findings] == ["工作队2025年过半数队员在村199天，少于200天（QH-YEAR）"]


def test_each_cadres_own_year_is_information_not_a_finding() -> None:
    """Before the correction a cadre with 100 days of his own failed QH-YEAR; now the team passes and
    the cadres' figures are shown for information."""
    team, ms = qinghai_team()
    two_of_three_on(team, ms, 200)
    row = team_row(team, ms)
    assert row.compliant is True
    by_cadre = {m.cadre_id: m for m in row.members}
    assert sorted(m.in_village for m in by_cadre.values()) == [100, 100, 200]
    for cadre_row in row.members:
        assert cadre_row.reference and cadre_row.findings == []
        assert cadre_row.compliant is None and cadre_row.result == compliance.RESULT_REFERENCE
    summary_rows = compliance.county_year(Membership.objects.filter(team=team), YEAR, today=AFTER)
    assert all(r.reference and not r.findings for r in summary_rows)
    assert CadreMonthSummary.objects.filter(cadre_id__in=[m.cadre_id for m in ms], year=YEAR).exists()


def test_a_team_formed_in_july_is_pro_rated_by_the_days_it_had_members() -> None:
    """1 July to 31 December 2025 is 184 days: ceil(200 × 184 / 365) = 101."""
    team, ms = qinghai_team(start=datetime.date(YEAR, 7, 1))
    july = datetime.date(YEAR, 7, 1)
    for m in ms[:2]:
        in_village(team, m, days_from(july, 100))
    row = team_row(team, ms)
    assert (row.team_days, row.required, row.days_in_village, row.prorated) == (184, 101, 100, True)
    assert row.compliant is False
    assert "按有队员在任的184天折算的101天" in row.findings[0].message


def test_a_year_in_progress_fails_only_when_out_of_reach() -> None:
    team, ms = qinghai_team()
    two_of_three_on(team, ms, 100)
    on = datetime.date(YEAR, 6, 30)
    row = team_row(team, ms, today=on)
    assert row.in_progress and row.compliant is None and row.result == compliance.IN_PROGRESS["year"]
    assert row.still_possible == 365 - 100


def test_other_policies_have_no_team_year() -> None:
    scope = Membership.objects.filter(team__village__township__name="五沟营镇")
    assert compliance.team_year_compliance(scope, 2026, today=datetime.date(2027, 1, 1)) == []


def test_the_compliance_page_shows_the_team_year_and_the_cadres_beside_it() -> None:
    team, ms = qinghai_team()
    two_of_three_on(team, ms, 199)
    client = Client()
    client.force_login(User.objects.get(username="county2"))
    county = Region.objects.get(name="平阴县", level="county")
    with_time: dict[str, int | str] = {"county": county.pk, "period": "year", "year": YEAR}
    page = client.get(reverse("attendance:compliance_list"), with_time).content.decode()
    assert 'id="team-year"' in page and "工作队全年在村" in page
    assert f'id="team-year-{team.pk}"' in page
    assert "工作队2025年过半数队员在村199天，少于200天（QH-YEAR）" in page
    assert "队员0 199天" in page and "队员1 100天" in page
    assert compliance.RESULT_REFERENCE in page


def test_the_policy_page_says_how_the_team_year_is_judged() -> None:
    county = Region.objects.get(name="平阴县", level="county")
    Region.objects.filter(pk=county.pk).update(policy_code="qinghai")
    client = Client()
    client.force_login(User.objects.get(username="county2"))
    page = client.get(reverse("teams:policy_detail", args=[county.pk])).content.decode()
    assert "当天在任队员过半数在村的，计为工作队在村一天" in page
