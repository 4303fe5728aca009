"""The ledger's and the quota pages' links: the quota page is offered only where Sichuan's provisions
apply, a county office is not sent to a county index that bounces it back, a change's page goes back to
its county's ledger, and a township office is told its ledger is its township's part only."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
from django.urls import reverse

from teams import services
from teams.models import MembershipChange, Region, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def _county(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.mark.parametrize("username", ["county", "county2", "county_qh"])
def test_the_ledger_offers_no_quota_page_outside_sichuan(as_user: Any, username: str) -> None:
    page = as_user(username).get(reverse("teams:change_list")).content.decode()
    assert "选派人数与一村一队" not in page


def test_a_sichuan_ledger_links_its_own_quota_page(as_user: Any) -> None:
    county = _county("510824")
    page = as_user("county_sc").get(reverse("teams:change_list")).content.decode()
    assert reverse("teams:quota_detail", args=[county.pk]) in page


def test_a_county_office_quota_page_has_no_county_index_link(as_user: Any) -> None:
    county = _county("510824")
    page = as_user("county_sc").get(reverse("teams:quota_detail", args=[county.pk])).content.decode()
    assert f'<a class="btn" href="{reverse("teams:quota_list")}">各县</a>' not in page
    assert f"{reverse('teams:change_list')}?county={county.pk}" in page


def test_the_province_quota_page_links_back_to_the_county_index(as_user: Any) -> None:
    county = _county("510824")
    page = as_user("province").get(reverse("teams:quota_detail", args=[county.pk])).content.decode()
    assert f'<a class="btn" href="{reverse("teams:quota_list")}">各县</a>' in page


def test_a_township_ledger_says_it_is_the_township_part(as_user: Any) -> None:
    response = as_user("township").get(reverse("teams:change_list"))
    assert response.context["township"].name == "五沟营镇"
    assert "西平县 · 五沟营镇（仅本乡镇）" in response.content.decode()


def test_a_county_ledger_names_only_the_county(as_user: Any) -> None:
    response = as_user("county").get(reverse("teams:change_list"))
    assert response.context["township"] is None
    assert "仅本乡镇" not in response.content.decode()


def test_a_change_page_goes_back_to_its_county_ledger(as_user: Any, user: Any) -> None:
    team = Team.objects.active_on(TODAY).get(village__name="张庄村")
    leaving = team.memberships.active_on(TODAY).filter(role="member", is_leader=False).order_by("pk").first()
    assert leaving is not None
    services.membership_end(
        actor=user("county"), membership=leaving, end=TODAY, reason="工作调整", today=TODAY
    )
    change = MembershipChange.objects.get(membership=leaving)
    page = as_user("county").get(reverse("teams:change_detail", args=[change.pk])).content.decode()
    assert f"{reverse('teams:change_list')}?county={team.village.township.parent_id}" in page


def test_the_aid_heading_states_the_provisions_share(as_user: Any) -> None:
    county = _county("510824")
    response = as_user("county_sc").get(reverse("teams:quota_detail", args=[county.pk]))
    share = response.context["view"].policy.in_force("SC-AID").values["min_share_percent"]
    assert f"原则上不低于受扶县贫困村总数的{share}%" in response.content.decode()


@pytest.mark.parametrize(("username", "shown"), [("county_sc", True), ("province", True), ("county", False)])
def test_the_menu_links_the_quota_page_only_where_sichuans_rules_apply(
    as_user: Any, username: str, shown: bool
) -> None:
    page = as_user(username).get(reverse("home")).content.decode()
    assert (f'<a href="{reverse("teams:quota_list")}" title="选派人数与一村一队（四川）">' in page) is shown


def test_the_ledger_links_each_members_team(as_user: Any) -> None:
    response = as_user("county")
    page = response.get(reverse("teams:change_list"))
    member = page.context["ledger"].members[0]
    assert f'<a href="{member.team.get_absolute_url()}">' in page.content.decode()


@pytest.mark.parametrize(("username", "scope"), [("township", "西平县五沟营镇"), ("county", "西平县")])
def test_the_export_is_named_after_the_part_of_the_ledger_it_holds(
    as_user: Any, username: str, scope: str
) -> None:
    response = as_user(username).get(reverse("teams:change_export"))
    assert unquote(response["Content-Disposition"]).split("''", 1)[1].startswith(f"{scope}驻村工作队员台账")


@pytest.mark.parametrize(("username", "shown"), [("county", True), ("city", True), ("unit", False)])
def test_a_team_page_links_its_countys_ledger(as_user: Any, username: str, shown: bool) -> None:
    team = Team.objects.active_on(TODAY).get(village__name="后营村")
    page = as_user(username).get(team.get_absolute_url())
    assert page.status_code == 200
    link = f"{reverse('teams:change_list')}?county={team.village.township.parent_id}"
    assert (link in page.content.decode()) is shown
