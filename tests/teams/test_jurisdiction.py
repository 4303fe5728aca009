"""Every list and detail view answers 404 outside the user's jurisdiction, like a missing object.

"Alice owns it, Bob is in the other county": ``county`` (西平县) and ``county2`` (平阴县); the matrix at
the end adds ``county_qh`` (乐都区, Qinghai) and ``county_sc`` (苍溪县, Sichuan): each county 404s the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from teams.choices import Role
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village

pytestmark = pytest.mark.django_db
CURRENT = datetime.date(2025, 3, 1)


def xiping_village() -> Village:
    return Village.objects.get(name="李楼村")


def xiping_team() -> Team:
    return Team.objects.get(village__name="李楼村", term_start=CURRENT)


def xiping_membership() -> Membership:
    return Membership.objects.get(team=xiping_team(), role=Role.FIRST_SECRETARY)


def xiping_cadre() -> Cadre:
    return xiping_membership().cadre


def xiping_unit() -> DispatchingUnit:
    return DispatchingUnit.objects.get(name="西平县教育局")


def pingyin_village() -> Village:
    return Village.objects.get(name="孔村")


def pingyin_team() -> Team:
    return Team.objects.get(village__name="孔村", term_start=CURRENT)


def pingyin_membership() -> Membership:
    return Membership.objects.filter(team=pingyin_team()).first()  # type: ignore[return-value]


def pingyin_cadre() -> Cadre:
    return pingyin_membership().cadre


def pingyin_unit() -> DispatchingUnit:
    return DispatchingUnit.objects.get(name="平阴县财政局")


Getter = Callable[[], Any]
XIPING: list[tuple[str, Getter]] = [
    ("teams:village_detail", xiping_village),
    ("teams:village_edit", xiping_village),
    ("teams:team_detail", xiping_team),
    ("teams:team_edit", xiping_team),
    ("teams:membership_create", xiping_team),
    ("teams:membership_edit", xiping_membership),
    ("teams:cadre_detail", xiping_cadre),
    ("teams:cadre_edit", xiping_cadre),
    ("teams:unit_detail", xiping_unit),
    ("teams:unit_edit", xiping_unit),
]
PINGYIN: list[tuple[str, Getter]] = [
    ("teams:village_detail", pingyin_village),
    ("teams:village_edit", pingyin_village),
    ("teams:team_detail", pingyin_team),
    ("teams:team_edit", pingyin_team),
    ("teams:membership_create", pingyin_team),
    ("teams:membership_edit", pingyin_membership),
    ("teams:cadre_detail", pingyin_cadre),
    ("teams:cadre_edit", pingyin_cadre),
    ("teams:unit_detail", pingyin_unit),
    ("teams:unit_edit", pingyin_unit),
]
LISTS = ["teams:village_list", "teams:team_list", "teams:cadre_list", "teams:unit_list"]


def url(name: str, getter: Getter) -> str:
    return reverse(name, args=[getter().pk])


@pytest.mark.parametrize(("name", "getter"), XIPING, ids=[n for n, _ in XIPING])
def test_the_county_office_reaches_its_own(as_user, name: str, getter: Getter) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get(url(name, getter)).status_code == 200


@pytest.mark.parametrize(("name", "getter"), XIPING, ids=[n for n, _ in XIPING])
def test_the_other_county_gets_404(as_user, name: str, getter: Getter) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county2").get(url(name, getter)).status_code == 404


@pytest.mark.parametrize(("name", "getter"), PINGYIN, ids=[n for n, _ in PINGYIN])
def test_xiping_gets_404_for_pingyin(as_user, name: str, getter: Getter) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get(url(name, getter)).status_code == 404


@pytest.mark.parametrize(("name", "getter"), PINGYIN, ids=[n for n, _ in PINGYIN])
def test_the_city_of_another_province_gets_404(as_user, name: str, getter: Getter) -> None:  # type: ignore[no-untyped-def]
    assert as_user("city").get(url(name, getter)).status_code == 404


@pytest.mark.parametrize("name", LISTS)
def test_lists_show_nothing_of_the_other_county(as_user, name: str) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county2").get(reverse(name), {"status": "all"}).content.decode()
    for marker in ("李楼村", "西平县教育局", xiping_cadre().name):
        assert marker not in body


@pytest.mark.parametrize("name", LISTS + ["home"])
def test_pages_require_login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


class TestDispatchingUnit:
    def test_it_lists_only_its_own_cadres(self, as_user) -> None:  # type: ignore[no-untyped-def]
        page = as_user("unit").get(reverse("teams:cadre_list")).context["page"]
        own = set(Membership.objects.filter(dispatching_unit=xiping_unit()).values_list("cadre", flat=True))
        assert {c.pk for c in page} <= own
        assert len(page) > 0

    def test_it_gets_404_for_a_cadre_of_another_unit(self, as_user) -> None:  # type: ignore[no-untyped-def]
        teammate = (
            Membership.objects.filter(team=xiping_team()).exclude(dispatching_unit=xiping_unit()).first()
        )
        assert teammate is not None
        assert as_user("unit").get(teammate.cadre.get_absolute_url()).status_code == 404

    def test_team_page_shows_only_its_own_members(self, as_user) -> None:  # type: ignore[no-untyped-def]
        response = as_user("unit").get(xiping_team().get_absolute_url())
        assert {m.dispatching_unit_id for m in response.context["memberships"]} == {xiping_unit().pk}

    def test_it_gets_404_for_another_unit(self, as_user) -> None:  # type: ignore[no-untyped-def]
        other = DispatchingUnit.objects.get(name="西平县人民医院")
        assert as_user("unit").get(other.get_absolute_url()).status_code == 404


class TestTownship:
    def test_it_sees_its_own_villages(self, as_user) -> None:  # type: ignore[no-untyped-def]
        page = as_user("township").get(reverse("teams:village_list")).context["page"]
        assert {v.township.code for v in page} == {"411721101"}

    def test_it_gets_404_for_a_village_of_another_township(self, as_user) -> None:  # type: ignore[no-untyped-def]
        other = Village.objects.get(name="权寨村")
        assert as_user("township").get(other.get_absolute_url()).status_code == 404

    def test_a_guardian_grant_adds_a_township(self, as_user, user) -> None:  # type: ignore[no-untyped-def]
        assign_perm("teams.view_region", user("township"), Region.objects.get(code="411721102"))
        other = Village.objects.get(name="权寨村")
        assert as_user("township").get(other.get_absolute_url()).status_code == 200


class TestCadre:
    def test_it_sees_itself(self, as_user) -> None:  # type: ignore[no-untyped-def]
        assert as_user("cadre").get(xiping_cadre().get_absolute_url()).status_code == 200

    def test_it_gets_404_for_a_teammate(self, as_user) -> None:  # type: ignore[no-untyped-def]
        teammate = Membership.objects.filter(team=xiping_team()).exclude(role=Role.FIRST_SECRETARY).first()
        assert teammate is not None
        assert as_user("cadre").get(teammate.cadre.get_absolute_url()).status_code == 404

    def test_it_gets_404_for_another_team(self, as_user) -> None:  # type: ignore[no-untyped-def]
        other = Team.objects.get(village__name="郭庄村", term_start=CURRENT)
        assert as_user("cadre").get(other.get_absolute_url()).status_code == 404


class TestCity:
    def test_it_sees_every_county_of_its_city(self, as_user) -> None:  # type: ignore[no-untyped-def]
        assert as_user("city").get(xiping_team().get_absolute_url()).status_code == 200

    def test_it_cannot_edit(self, as_user) -> None:  # type: ignore[no-untyped-def]
        assert as_user("city").get(reverse("teams:team_edit", args=[xiping_team().pk])).status_code == 403


# --- every demo county against every other -----------------------------------------------------------

# county office login → its county's code, and the township login of that county (if the demo has one)
COUNTY_OFFICES = {"county": "411721", "county2": "370124", "county_qh": "630202", "county_sc": "510824"}
TOWNSHIP_LOGINS = {
    "township": "411721",
    "township2": "370124",
    "township_qh": "630202",
    "township_sc": "510824",
}
# url name → how a county's own object is found (the first by pk)
COUNTY_OBJECTS: dict[str, Callable[[str], Any]] = {
    "teams:village_detail": lambda code: Village.objects.filter(township__parent__code=code).order_by("pk")[
        0
    ],
    "teams:team_detail": lambda code: Team.objects.filter(village__township__parent__code=code).order_by(
        "pk"
    )[0],
    "teams:team_edit": lambda code: Team.objects.filter(village__township__parent__code=code).order_by("pk")[
        0
    ],
    "teams:membership_edit": lambda code: Membership.objects.filter(
        team__village__township__parent__code=code
    ).order_by("pk")[0],
    "teams:cadre_detail": lambda code: Cadre.objects.filter(county__code=code).order_by("pk")[0],
    "teams:unit_detail": lambda code: DispatchingUnit.objects.filter(region__code=code).order_by("pk")[0],
}
PAIRS = [(login, code) for login in COUNTY_OFFICES for code in COUNTY_OFFICES.values()]


@pytest.mark.parametrize(("login", "county"), PAIRS, ids=[f"{lg}-{c}" for lg, c in PAIRS])
def test_each_county_office_reaches_its_own_and_gets_404_for_the_others(
    as_user, login: str, county: str
) -> None:  # type: ignore[no-untyped-def]
    client = as_user(login)
    expected = 200 if COUNTY_OFFICES[login] == county else 404
    for name, find in COUNTY_OBJECTS.items():
        assert client.get(reverse(name, args=[find(county).pk])).status_code == expected, name


@pytest.mark.parametrize("login", sorted(TOWNSHIP_LOGINS))
def test_each_township_gets_404_for_the_other_counties(as_user, login: str) -> None:  # type: ignore[no-untyped-def]
    client = as_user(login)
    township = client.get(reverse("teams:village_list")).context["page"][0].township
    for code in COUNTY_OFFICES.values():
        if code == TOWNSHIP_LOGINS[login]:
            continue
        team = COUNTY_OBJECTS["teams:team_detail"](code)
        assert client.get(team.get_absolute_url()).status_code == 404, code
    other = Village.objects.filter(township__parent=township.parent).exclude(township=township).first()
    assert other is not None
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("login", ["county_qh", "county_sc"])
def test_lists_of_the_new_counties_show_nothing_of_the_others(as_user, name: str, login: str) -> None:  # type: ignore[no-untyped-def]
    body = as_user(login).get(reverse(name), {"status": "all"}).content.decode()
    for marker in (
        "李楼村",
        "孔村",
        "西平县教育局",
        "平阴县财政局",
        xiping_cadre().name,
        pingyin_cadre().name,
    ):
        assert marker not in body
    other = "苍溪县财政局" if login == "county_qh" else "乐都区教育局"
    assert other not in body


def test_the_mechanism_refuses_to_guess_without_its_resolver(user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The resolver is installed when the apps are ready; without it no scope is made up."""
    from django.core.exceptions import ImproperlyConfigured

    from teams.scoping import forget_scope, mechanism, scope_for

    county = user("county")
    forget_scope(county)
    monkeypatch.setattr(mechanism, "_resolver", None)
    with pytest.raises(ImproperlyConfigured):
        scope_for(county)
