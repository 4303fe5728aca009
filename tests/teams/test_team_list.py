"""The team list gives a team's real size to everyone who sees the team, and a dispatching unit, which
sees only its own cadres, also how many of them it sent."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from teams.models import DispatchingUnit, Membership, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def _row(body: str, village: str) -> str:
    [row] = [r for r in re.findall(r"<tr>.*?</tr>", body, re.S) if f">{village}驻村工作队</a>" in r]
    return row


def _size(team: Team) -> int:
    return Membership.objects.filter(team=team).active_on(TODAY).count()


def test_the_unit_sees_the_teams_size_and_its_own_share(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = DispatchingUnit.objects.get(name="西平县教育局")
    response = as_user("unit").get(reverse("teams:team_list"))
    teams = list(response.context["page"])
    assert teams
    body = response.content.decode()
    assert "<th>本单位选派</th>" in body
    for team in teams:
        own = Membership.objects.filter(team=team, dispatching_unit=unit).active_on(TODAY).count()
        assert 1 <= own <= _size(team)
        row = _row(body, team.village.name)
        assert f'<td data-label="在队人数">{_size(team)}</td>' in row
        assert f"本单位选派 {own} 人" in row
    lilou = Team.objects.get(village__name="李楼村", term_start__lte=TODAY, term_end__gte=TODAY)
    own = Membership.objects.filter(team=lilou, dispatching_unit=unit).active_on(TODAY).count()
    assert own < _size(lilou) == 4 and '<td data-label="在队人数">4</td>' in _row(body, "李楼村")


def test_the_county_sees_the_size_without_a_unit_column(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get(reverse("teams:team_list"), {"q": "赵楼"}).content.decode()
    team = Team.objects.get(village__name="赵楼村", term_start__lte=TODAY, term_end__gte=TODAY)
    assert f'<td data-label="在队人数">{_size(team)}</td>' in _row(body, "赵楼村") and _size(team) == 2
    assert "本单位选派" not in body


def test_a_search_by_member_name_still_counts_the_whole_team(as_user) -> None:  # type: ignore[no-untyped-def]
    team = Team.objects.get(village__name="李楼村", term_start__lte=TODAY, term_end__gte=TODAY)
    member = Membership.objects.filter(team=team).active_on(TODAY).select_related("cadre").first()
    assert member is not None
    body = as_user("county").get(reverse("teams:team_list"), {"q": member.cadre.name}).content.decode()
    assert f'<td data-label="在队人数">{_size(team)}</td>' in _row(body, "李楼村")


def test_the_export_has_the_real_size_too(as_user) -> None:  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    content = as_user("unit").get(reverse("teams:team_list"), {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header_index = next(i for i, r in enumerate(rows) if "在驻人数" in r)
    column = rows[header_index].index("在驻人数")
    village_column = rows[header_index].index("派驻村")
    lilou = next(r for r in rows[header_index + 1 :] if r[village_column] == "李楼村")
    assert lilou[column] == 4
