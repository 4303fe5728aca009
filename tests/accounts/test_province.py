"""The province office (省委组织部 / 省乡村振兴局): reads every county of its province, read-only like the
city; a county outside its province is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import REGION_OFFICES, Office, User
from teams.models import Region, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_login_is_sichuans_province_office() -> None:
    province = User.objects.get(username="province")
    assert (province.office, province.region.code) == (Office.PROVINCE_OVERSIGHT, "510000")  # type: ignore[union-attr]
    assert REGION_OFFICES[Office.PROVINCE_OVERSIGHT] == "province"
    assert province.display_name == "罗建川（四川省委组织部）"


def test_a_province_office_without_a_description_reads_with_the_suffix() -> None:
    province = User(office=Office.PROVINCE_OVERSIGHT, region=Region.objects.get(code="510000"))
    assert province.office_description == "四川省委组织部"


def test_it_reads_sichuans_quota_page(as_user: Any) -> None:
    client = as_user("province")
    index = client.get(reverse("teams:quota_list"))
    assert index.status_code == 200
    assert "苍溪县" in index.content.decode()
    county = Region.objects.get(code="510824")
    detail = client.get(reverse("teams:quota_detail", args=[county.pk]))
    assert detail.status_code == 200
    assert "五一村" in detail.content.decode()


@pytest.mark.parametrize("code", ["411721", "370124", "630202"])
def test_a_county_outside_its_province_is_404(as_user: Any, code: str) -> None:
    county = Region.objects.get(code=code)
    client = as_user("province")
    assert client.get(reverse("teams:quota_detail", args=[county.pk])).status_code == 404
    assert client.get(f"{reverse('teams:change_list')}?county={county.pk}").status_code == 404
    team = Team.objects.active_on(TODAY).filter(village__township__parent=county).first()
    assert team is not None
    assert client.get(team.get_absolute_url()).status_code == 404


def test_it_reads_a_sichuan_team_but_cannot_edit_it(as_user: Any) -> None:
    team = Team.objects.active_on(TODAY).filter(village__township__parent__code="510824").first()
    assert team is not None
    client = as_user("province")
    assert client.get(team.get_absolute_url()).status_code == 200
    assert client.get(reverse("teams:team_edit", args=[team.pk])).status_code == 403
    before = team.term_start
    response = client.post(reverse("teams:team_edit", args=[team.pk]), {"term_start": "2020-01-01"})
    assert response.status_code in (403, 404)
    team.refresh_from_db()
    assert team.term_start == before


def test_it_cannot_end_a_posting(as_user: Any) -> None:
    team = Team.objects.active_on(TODAY).filter(village__township__parent__code="510824").first()
    assert team is not None
    posting = team.memberships.order_by("pk").first()
    assert posting is not None
    response = as_user("province").post(
        reverse("teams:membership_end", args=[posting.pk]), {"end": f"{TODAY:%Y-%m-%d}", "reason": "调整"}
    )
    assert response.status_code in (403, 404)
    posting.refresh_from_db()
    assert posting.end != TODAY


def test_it_gets_the_policy_list_of_its_counties(as_user: Any) -> None:
    response = as_user("province").get(reverse("teams:policy_index"))
    assert response.status_code == 200
    assert [i["county"].name for i in response.context["items"]] == ["苍溪县"]


MENU = [
    "home",
    "teams:team_list",
    "teams:village_list",
    "teams:cadre_list",
    "teams:unit_list",
    "teams:policy_index",
    "teams:change_list",
    "teams:quota_list",
    "attendance:leave_list",
    "attendance:compliance_list",
    "attendance:spot_check_list",
    "attendance:notification_list",
    "assessment:round_list",
]


@pytest.mark.parametrize("username", ["province", "city"])
def test_every_page_of_the_oversight_menu_opens(as_user: Any, username: str) -> None:
    client = as_user(username)
    for name in MENU:
        assert client.get(reverse(name)).status_code == 200, name
