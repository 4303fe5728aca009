"""Facts the checks read that used to be constants (issue 10, corrections 2, 8, 9): the models carry them,
the facts builder passes them on, and an unrecorded fact makes its check say nothing."""

from __future__ import annotations

import datetime

import pytest

from teams.choices import PolicyCode, RegionLevel, UnitKind, UnitLevel
from teams.findings import member_facts, team_facts, team_findings, unit_quota_findings
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from teams.rules import WARNING
from tests.builders import make_posting
from tests.clock import TODAY

D = datetime.date
pytestmark = pytest.mark.django_db


def _team(village: str) -> Team:
    return (
        Team.objects.active_on(TODAY).select_related("village__township__parent").get(village__name=village)
    )


def _found(team: Team, provision: str) -> list[str]:
    return [f.message for f in team_findings(team, today=TODAY) if f.provision == provision]


class TestJinanTeamOrigin:
    """JN-TEAM-ORIGIN (000: 驻村工作队重点派驻全省扶贫工作重点村…及脱贫难度较大的村 … 且均应为县级以上…;
    对其他贫困村…注重从…镇（街道）…年轻干部中选拔)."""

    def test_a_key_village_team_with_a_township_member_is_warned(self) -> None:
        team = _team("黄营村")
        assert team.village.is_key_village  # the demo's rule breaker lies in a key village
        found = [f for f in team_findings(team, today=TODAY) if f.provision == "JN-TEAM-ORIGIN"]
        assert [f.severity for f in found] == [WARNING]

    def test_another_poor_village_may_have_a_township_member(self) -> None:
        team = _team("黄营村")
        Village.objects.filter(pk=team.village_id).update(is_key_village=False, is_registered_poor=True)
        team = _team("黄营村")
        assert team_facts(team, team.memberships.all()).is_key_village is False
        assert _found(team, "JN-TEAM-ORIGIN") == []


def test_untapped_resources_ask_for_a_business_minded_cadre() -> None:
    """JN-MATCH (000: 对有特色资源、但挖掘利用不够的村，选派有头脑懂经营善管理的干部)."""
    team = _team("黄营村")
    Cadre.objects.filter(memberships__team=team).update(expertise="economic")
    Village.objects.filter(pk=team.village_id).update(has_untapped_resources=False)
    assert _found(_team("黄营村"), "JN-MATCH") == []
    Village.objects.filter(pk=team.village_id).update(has_untapped_resources=True)
    assert any("特色资源挖掘利用不够" in m for m in _found(_team("黄营村"), "JN-MATCH"))
    Cadre.objects.filter(pk=team.memberships.first().cadre_id).update(expertise="business")  # type: ignore[union-attr]
    assert _found(_team("黄营村"), "JN-MATCH") == []


def test_a_withdrawal_after_the_exit_within_the_campaign_is_found() -> None:
    """ALL-NO-WITHDRAW (000: 脱贫攻坚期内贫困村退出的，驻村工作队不能撤离): the team's 撤离日期 is read."""
    team = _team("北岳村")
    Village.objects.filter(pk=team.village_id).update(poverty_exit_date=D(2019, 12, 31))
    assert _found(_team("北岳村"), "ALL-NO-WITHDRAW") == []
    Team.objects.filter(pk=team.pk).update(withdrawn_on=D(2020, 6, 30))
    assert _found(_team("北岳村"), "ALL-NO-WITHDRAW")
    Team.objects.filter(pk=team.pk).update(withdrawn_on=D(2021, 6, 30))  # after the campaign
    assert _found(_team("北岳村"), "ALL-NO-WITHDRAW") == []


@pytest.mark.parametrize("recorded", [None, True, False])
def test_the_cadre_s_bilingual_and_on_staff_reach_the_facts(recorded: bool | None) -> None:
    posting = make_posting()
    Cadre.objects.filter(pk=posting.cadre_id).update(is_bilingual=recorded, is_on_staff=recorded)
    facts = member_facts(Membership.objects.select_related("cadre", "dispatching_unit").get(pk=posting.pk))
    assert (facts.is_bilingual, facts.is_on_staff) == (recorded, recorded)


def _sichuan_unit(**fields: object) -> DispatchingUnit:
    province, _ = Region.objects.get_or_create(
        code="510000", defaults={"name": "四川省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="511100", defaults={"name": "乐山市", "level": RegionLevel.CITY, "parent": province}
    )
    Region.objects.get_or_create(
        code="511102",
        defaults={
            "name": "市中区",
            "level": RegionLevel.COUNTY,
            "parent": city,
            "policy_code": PolicyCode.SICHUAN,
        },
    )
    return DispatchingUnit.objects.create(
        name="四川省测试厅", level=UnitLevel.PROVINCE, kind=UnitKind.ORGAN, region=province, **fields
    )


class TestSichuanQuota:
    """SC-QUOTA (003: 按照干部职工人数…１００人及以上的选派不少于４人): 干部职工人数, not 在编人数."""

    def test_the_base_is_all_cadres_and_staff_not_the_establishment(self) -> None:
        unit = _sichuan_unit(staff_total=100, headcount=40)  # 40 在编 would ask for 1 only
        found = unit_quota_findings(unit, today=TODAY)
        assert found is not None and [f.provision for f in found] == ["SC-QUOTA"]
        assert "干部职工100人，应选派不少于4人，现选派0人" in found[0].message

    def test_without_a_staff_total_nothing_is_judged(self) -> None:
        assert unit_quota_findings(_sichuan_unit(headcount=400), today=TODAY) is None

    def test_a_unit_outside_sichuan_is_not_bound(self) -> None:
        unit = DispatchingUnit.objects.get(name="河南省农业农村厅")
        assert unit.staff_total is not None
        assert unit_quota_findings(unit, today=TODAY) is None

    def test_the_unit_page_shows_the_quota_and_others_get_404(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = _sichuan_unit(staff_total=120)
        page = as_user("admin").get(f"/units/{unit.pk}/")
        text = page.content.decode()
        assert page.status_code == 200 and "干部职工人数" in text and "SC-QUOTA" in text
        assert as_user("county").get(f"/units/{unit.pk}/").status_code == 404
