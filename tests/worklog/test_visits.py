"""Linked leaders' quarterly visits (QH10-LINK), five must-visit cases closed by a care visit
(QH10-CARE), the dispatching unit's hearings and visits (ZMD-UNIT)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from teams.models import Membership, Team
from tests.clock import TODAY
from worklog import errors, selectors, services
from worklog.errors import WorklogError
from worklog.models import CareCase, LinkLeader, SupportKind, SupportVisit

pytestmark = pytest.mark.django_db

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def _qinghai_team() -> Team:
    team = (
        Team.objects.filter(village__township__parent__name="乐都区").active_on(TODAY).order_by("pk").first()
    )
    assert team is not None
    return team


def _leader(team: Team) -> LinkLeader:
    return services.link_leader_create(
        actor=User.objects.get(username="county_qh"),
        village=team.village,
        name="马副区长",
        position="乐都区人民政府副区长",
        start=datetime.date(2026, 1, 1),
    )


def _link_visit(team: Team, leader: LinkLeader, day: datetime.date) -> SupportVisit:
    return services.support_visit_create(
        actor=User.objects.get(username="county_qh"),
        kind=SupportKind.LINK_VISIT,
        date=day,
        team=team,
        link_leader=leader,
        today=TODAY,
    )


def test_a_link_visit_on_the_last_day_of_the_quarter_meets_the_duty() -> None:
    team = _qinghai_team()
    _link_visit(team, _leader(team), Q3[1])
    row = selectors.link_rows([team.village], *Q3)[0]
    assert row.applies and row.visits == 1 and row.findings == []


def test_no_link_visit_in_the_quarter_is_a_finding() -> None:
    team = _qinghai_team()
    _link_visit(team, _leader(team), Q3[1] + datetime.timedelta(days=1))
    row = selectors.link_rows([team.village], *Q3)[0]
    assert row.visits == 0
    assert [f.provision for f in row.findings] == ["QH10-LINK"]
    assert selectors.link_visits(team.village, *Q3) == 0


def test_a_care_case_is_closed_by_its_visit() -> None:
    team = _qinghai_team()
    member = Membership.objects.filter(team=team).active_on(TODAY).first()
    assert member is not None
    county = User.objects.get(username="county_qh")
    case = services.care_case_open(
        actor=county,
        cadre=member.cadre,
        situation="hospitalised",
        opened_on=TODAY - datetime.timedelta(days=5),
        today=TODAY,
    )
    assert [f.provision for f in selectors.care_findings([case], TODAY)[case.pk]] == ["QH10-CARE"]
    visit = services.support_visit_create(
        actor=county, kind=SupportKind.CARE_VISIT, date=TODAY, team=team, care_case=case, today=TODAY
    )
    case.refresh_from_db()
    assert case.closed_on == TODAY and visit.care_case == case
    assert selectors.care_findings([case], TODAY)[case.pk] == []
    with pytest.raises(WorklogError) as again:
        services.support_visit_create(
            actor=county, kind=SupportKind.CARE_VISIT, date=TODAY, team=team, care_case=case, today=TODAY
        )
    assert again.value.code == errors.CASE_CLOSED
    assert SupportVisit.objects.filter(care_case=case).count() == 1


def test_the_page_closes_a_case(as_user) -> None:  # type: ignore[no-untyped-def]
    team = _qinghai_team()
    member = Membership.objects.filter(team=team).active_on(TODAY).first()
    assert member is not None
    case = services.care_case_open(
        actor=User.objects.get(username="township_qh"),
        cadre=member.cadre,
        situation="troubled",
        opened_on=TODAY,
        today=TODAY,
    )
    response = as_user("township_qh").post(
        reverse("worklog:care_visit", args=[case.pk]), {"date": TODAY.isoformat()}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_on == TODAY
    assert (
        as_user("county").post(reverse("worklog:care_visit", args=[case.pk]), {"date": TODAY}).status_code
        == 404
    )


def test_a_cadre_may_not_open_a_case() -> None:
    with pytest.raises(WorklogError) as refused:
        services.care_case_open(
            actor=User.objects.get(username="cadre"),
            cadre=1,
            situation="troubled",
            opened_on=TODAY,
            today=TODAY,
        )
    assert refused.value.code == errors.NOT_ALLOWED
    assert not CareCase.objects.exists()


def _zmd_team_and_unit() -> tuple[Team, User]:
    unit_user = User.objects.get(username="unit")
    member = (
        Membership.objects.filter(dispatching_unit_id=unit_user.dispatching_unit_id)
        .active_on(TODAY)
        .select_related("team")
        .first()
    )
    assert member is not None
    return member.team, unit_user


def test_the_unit_records_its_own_hearing() -> None:
    team, unit_user = _zmd_team_and_unit()
    services.support_visit_create(
        actor=unit_user,
        kind=SupportKind.UNIT_HEARING,
        date=datetime.date(2026, 6, 30),
        team=team,
        today=TODAY,
    )
    counts = selectors.unit_support(team, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert counts[SupportKind.UNIT_HEARING] == 1 and counts[SupportKind.UNIT_HEAD_VISIT] == 0


def test_unit_support_judged_on_the_year() -> None:
    team, unit_user = _zmd_team_and_unit()
    for kind, day in [
        (SupportKind.UNIT_HEARING, datetime.date(2026, 3, 1)),
        (SupportKind.UNIT_HEARING, datetime.date(2026, 9, 1)),
        (SupportKind.UNIT_HEAD_VISIT, datetime.date(2026, 5, 1)),
        *[(SupportKind.UNIT_LEADER_VISIT, datetime.date(2026, m, 2)) for m in (2, 4, 6)],
    ]:
        services.support_visit_create(actor=unit_user, kind=kind, date=day, team=team, today=TODAY)
    after_year = datetime.date(2027, 1, 1)
    short = selectors.unit_rows([team], 2026, after_year)[0]
    assert [f.provision for f in short.findings] == ["ZMD-UNIT"]  # 3 other-leader visits, 4 required
    services.support_visit_create(
        actor=unit_user,
        kind=SupportKind.UNIT_LEADER_VISIT,
        date=datetime.date(2026, 10, 2),
        team=team,
        today=TODAY,
    )
    assert selectors.unit_rows([team], 2026, after_year)[0].findings == []


def test_a_unit_may_not_record_for_a_team_it_does_not_staff() -> None:
    _, unit_user = _zmd_team_and_unit()
    other = (
        Team.objects.filter(village__township__parent__name="西平县")
        .active_on(TODAY)
        .exclude(memberships__dispatching_unit_id=unit_user.dispatching_unit_id)
        .first()
    )
    assert other is not None
    with pytest.raises(WorklogError):
        services.support_visit_create(
            actor=unit_user, kind=SupportKind.UNIT_HEARING, date=TODAY, team=other, today=TODAY
        )
    assert not SupportVisit.objects.exists()


def test_the_visits_page_opens_for_every_office(as_user) -> None:  # type: ignore[no-untyped-def]
    for login in ("county_qh", "township_qh", "unit", "cadre", "county"):
        assert as_user(login).get(reverse("worklog:support_list")).status_code == 200


def test_the_unit_support_table_pages_through_every_team(as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from worklog.views import support as views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client = as_user("county")  # 西平县 (ZMD-UNIT in force), more than 5 teams
    first = client.get(reverse("worklog:support_list"))
    second = client.get(reverse("worklog:support_list"), {"teams_page": 2})
    first_teams = {r.team.pk for r in first.context["unit_rows"]}
    second_teams = {r.team.pk for r in second.context["unit_rows"]}
    assert len(first_teams) == len(second_teams) == 5
    assert not first_teams & second_teams
    assert "teams_page=2" in first.content.decode()


def test_a_team_page_links_to_the_teams_duties(as_user) -> None:  # type: ignore[no-untyped-def]
    team = Team.objects.filter(village__township__parent__name="西平县").order_by("pk").first()
    assert team is not None
    page = as_user("county").get(reverse("teams:team_detail", args=[team.pk]))
    assert reverse("assessment:team_duties", args=[team.pk]) in page.content.decode()


def test_a_quarter_in_progress_without_a_link_visit_is_not_yet_a_violation(as_user) -> None:  # type: ignore[no-untyped-def]
    _leader(_qinghai_team())
    url = reverse("worklog:support_list")
    now = as_user("county_qh").get(url).content.decode()
    assert "本季度未结束，季度结束后检查" in now and "QH10-LINK</code>" not in now
    ended = as_user("county_qh").get(url, {"year": 2026, "quarter": 3}).content.decode()
    assert "QH10-LINK</code>" in ended and "本季度未结束" not in ended


def test_an_open_care_case_is_listed_before_a_hundred_closed_ones(as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from worklog.views import support as views

    monkeypatch.setattr(views, "CARE_CASES_SHOWN", 2)
    team = _qinghai_team()
    member = Membership.objects.filter(team=team).active_on(TODAY).first()
    assert member is not None
    county = User.objects.get(username="county_qh")
    for n in range(3):
        CareCase.objects.create(
            cadre=member.cadre,
            situation="hospitalised",
            opened_on=TODAY - datetime.timedelta(days=10 - n),
            opened_by=county,
            closed_on=TODAY - datetime.timedelta(days=5 - n),
        )
    still_open = CareCase.objects.create(
        cadre=member.cadre,
        situation="troubled",
        opened_on=TODAY - datetime.timedelta(days=30),
        opened_by=county,
        note="尚未走访的一件",
    )
    page = as_user("county_qh").get(reverse("worklog:support_list")).content.decode()
    assert still_open.note in page and "共2项" in page
