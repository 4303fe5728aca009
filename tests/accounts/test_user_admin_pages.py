"""The county organisation department's account pages: /accounts/users/…

西平县's office (``county``) manages its townships', bureau's, units' and cadres' logins; the other counties'
offices get 404 for every one of them, and every other office gets 403 on every account page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts import errors
from accounts.models import Office, User
from teams.demo import DEMO_PASSWORD
from teams.models import DispatchingUnit, Region

pytestmark = pytest.mark.django_db

XIPING = "411721"


def _township(county_code: str = XIPING) -> Region:
    found = Region.objects.filter(parent__code=county_code, level="township").order_by("path").first()
    assert found is not None
    return found


def _create(client: Client, **data: Any):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:user_create"), data)


def _login(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not log in"
    return client


def _cannot_log_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code != 302


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_the_countys_township_login(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get(reverse("accounts:user_list")).content.decode()
    assert ">township<" in body


@pytest.mark.parametrize("username", ["county", "county2", "city", "admin"])
def test_the_list_leaves_out_logins_the_county_does_not_manage(as_user, username: str) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get(reverse("accounts:user_list")).content.decode()
    assert f">{username}<" not in body


def test_the_list_filters_by_office(as_user) -> None:  # type: ignore[no-untyped-def]
    body = (
        as_user("county")
        .get(reverse("accounts:user_list"), {"office": Office.DISPATCHING_UNIT})
        .content.decode()
    )
    assert ">unit<" in body and ">township<" not in body


def test_the_list_filters_inactive_logins(as_user, user) -> None:  # type: ignore[no-untyped-def]
    township = user("township")
    township.is_active = False
    township.save()
    body = as_user("county").get(reverse("accounts:user_list"), {"status": "inactive"}).content.decode()
    assert ">township<" in body and ">bureau<" not in body


@pytest.mark.parametrize("q", ["\x00", "张\x00三", "x" * 10_000])
def test_an_odd_search_is_not_an_error(as_user, q: str) -> None:  # type: ignore[no-untyped-def]
    # A NUL byte may be refused before the page (400, config.errors); never a 500.
    assert as_user("county").get(reverse("accounts:user_list"), {"q": q}).status_code in (200, 400)


def test_the_county_nav_links_to_the_account_pages(as_user) -> None:  # type: ignore[no-untyped-def]
    assert reverse("accounts:user_list") in as_user("county").get(reverse("home")).content.decode()


def test_the_township_nav_has_no_account_link(as_user) -> None:  # type: ignore[no-untyped-def]
    assert reverse("accounts:user_list") not in as_user("township").get(reverse("home")).content.decode()


# --- create ---------------------------------------------------------------------------------------


def test_the_county_creates_a_township_login(as_user) -> None:  # type: ignore[no-untyped-def]
    township = _township()
    response = _create(
        as_user("county"),
        office=Office.TOWNSHIP_COMMITTEE,
        username="wgy-new",
        person_name="陈新",
        office_description=f"{township.name}党委",
        region=township.pk,
    )
    created = User.objects.get(username="wgy-new")
    assert response.status_code == 200 and "一次性密码" in response.content.decode()
    assert (created.office, created.region, created.must_change_password) == (
        Office.TOWNSHIP_COMMITTEE,
        township,
        True,
    )


def test_the_one_time_password_shown_logs_in(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="wgy-otp", region=_township().pk
    )
    password = response.context["issued"].password
    assert password in response.content.decode()
    _login("wgy-otp", password)


def test_the_result_page_is_not_cached(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="wgy-nc", region=_township().pk
    )
    assert "no-store" in response["Cache-Control"]


def test_the_form_refuses_another_countys_township(as_user) -> None:  # type: ignore[no-untyped-def]
    other = _township("370124")
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="intruder", region=other.pk
    )
    assert response.status_code == 200 and response.context["form"].errors.get("region")
    assert not User.objects.filter(username="intruder").exists()


def test_the_form_does_not_offer_another_countys_township(as_user) -> None:  # type: ignore[no-untyped-def]
    form = as_user("county").get(reverse("accounts:user_create")).context["form"]
    offered = form.fields["region"].queryset
    assert _township() in offered and _township("370124") not in offered


def test_the_form_refuses_a_unit_placed_in_another_county(as_user) -> None:  # type: ignore[no-untyped-def]
    xiping = Region.objects.get(code=XIPING)
    other = (
        DispatchingUnit.objects.filter(region__level="county")
        .exclude(region__path__startswith=xiping.path)
        .order_by("pk")
        .first()
    )
    assert other is not None
    response = _create(
        as_user("county"), office=Office.DISPATCHING_UNIT, username="other-unit", dispatching_unit=other.pk
    )
    assert response.context["form"].errors.get("dispatching_unit")


def test_a_bureau_login_must_govern_the_county_itself(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.COUNTY_RURAL_BUREAU, username="b2", region=_township().pk
    )
    assert errors.BUREAU_REGION_MSG in response.context["form"].errors["region"]


def test_a_taken_username_is_refused_in_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="TOWNSHIP", region=_township().pk
    )
    assert (
        errors.USERNAME_TAKEN_MSG.format(username="TOWNSHIP") in response.context["form"].errors["username"]
    )


def test_a_blank_username_takes_the_countys_sequence(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="", region=_township().pk
    )
    assert response.context["issued"].user.username == f"{XIPING}-0001"


def test_an_overlong_username_is_a_form_error(as_user) -> None:  # type: ignore[no-untyped-def]
    response = _create(
        as_user("county"), office=Office.TOWNSHIP_COMMITTEE, username="x" * 300, region=_township().pk
    )
    assert response.status_code == 200 and response.context["form"].errors.get("username")


# --- what another county and other offices get ---------------------------------------------------

OBJECT_PAGES = [
    ("get", "accounts:user_detail"),
    ("get", "accounts:user_edit"),
    ("post", "accounts:user_edit"),
    ("post", "accounts:user_deactivate"),
    ("post", "accounts:user_reactivate"),
    ("get", "accounts:user_password_reset"),
    ("post", "accounts:user_password_reset"),
]


@pytest.mark.parametrize("other", ["county2", "county_qh", "county_sc"])
@pytest.mark.parametrize(("method", "name"), OBJECT_PAGES)
def test_another_countys_login_is_404(as_user, user, other: str, method: str, name: str) -> None:  # type: ignore[no-untyped-def]
    township = user("township")
    response = getattr(as_user(other), method)(reverse(name, args=[township.pk]), {"person_name": "改"})
    township.refresh_from_db()
    assert response.status_code == 404
    assert (township.is_active, township.last_name, township.check_password(DEMO_PASSWORD)) == (
        True,
        "张志强",
        True,
    )


@pytest.mark.parametrize("target", ["county", "county2", "city", "admin"])
def test_logins_the_county_does_not_manage_are_404(as_user, user, target: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get(reverse("accounts:user_detail", args=[user(target).pk])).status_code == 404


def test_the_county_cannot_deactivate_itself(as_user, user) -> None:  # type: ignore[no-untyped-def]
    county = user("county")
    response = as_user("county").post(reverse("accounts:user_deactivate", args=[county.pk]))
    county.refresh_from_db()
    assert response.status_code == 404 and county.is_active


ACCOUNT_PAGES = ["accounts:user_list", "accounts:user_create", "accounts:cadre_logins_bulk"]


@pytest.mark.parametrize("username", ["township", "bureau", "unit", "cadre", "city", "admin"])
@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_other_offices_get_403(as_user, username: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(username).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("username", ["township", "unit", "cadre"])
def test_other_offices_get_403_on_a_login_of_their_own_county(as_user, user, username: str) -> None:  # type: ignore[no-untyped-def]
    target = user("bureau")
    assert as_user(username).post(reverse("accounts:user_deactivate", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active


# --- deactivate, reactivate, reset ---------------------------------------------------------------


def test_a_deactivated_login_cannot_log_in(as_user, user) -> None:  # type: ignore[no-untyped-def]
    as_user("county").post(reverse("accounts:user_deactivate", args=[user("township").pk]))
    assert _cannot_log_in("township", DEMO_PASSWORD)


def test_deactivating_ends_the_open_session(as_user, user) -> None:  # type: ignore[no-untyped-def]
    township = as_user("township")
    as_user("county").post(reverse("accounts:user_deactivate", args=[user("township").pk]))
    assert township.get(reverse("home")).status_code == 302


def test_deactivating_keeps_the_login(as_user, user) -> None:  # type: ignore[no-untyped-def]
    pk = user("township").pk
    as_user("county").post(reverse("accounts:user_deactivate", args=[pk]))
    assert User.objects.filter(pk=pk, is_active=False).exists()


def test_a_reactivated_login_logs_in_again(as_user, user) -> None:  # type: ignore[no-untyped-def]
    county, pk = as_user("county"), user("township").pk
    county.post(reverse("accounts:user_deactivate", args=[pk]))
    county.post(reverse("accounts:user_reactivate", args=[pk]))
    _login("township", DEMO_PASSWORD)


def test_deactivating_twice_says_so(as_user, user) -> None:  # type: ignore[no-untyped-def]
    county, pk = as_user("county"), user("township").pk
    county.post(reverse("accounts:user_deactivate", args=[pk]))
    response = county.post(reverse("accounts:user_deactivate", args=[pk]), follow=True)
    assert errors.ALREADY_INACTIVE_MSG in response.content.decode()


def test_deactivate_is_post_only(as_user, user) -> None:  # type: ignore[no-untyped-def]
    assert (
        as_user("county").get(reverse("accounts:user_deactivate", args=[user("township").pk])).status_code
        == 405
    )


def test_the_reset_page_asks_before_resetting(as_user, user) -> None:  # type: ignore[no-untyped-def]
    as_user("county").get(reverse("accounts:user_password_reset", args=[user("township").pk]))
    assert user("township").check_password(DEMO_PASSWORD)


def test_a_reset_replaces_the_old_password(as_user, user) -> None:  # type: ignore[no-untyped-def]
    as_user("county").post(reverse("accounts:user_password_reset", args=[user("township").pk]))
    assert _cannot_log_in("township", DEMO_PASSWORD)


def test_a_reset_password_works_once_and_forces_a_change(as_user, user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").post(reverse("accounts:user_password_reset", args=[user("township").pk]))
    one_time = response.context["issued"].password
    client = _login("township", one_time)
    assert client.get(reverse("teams:team_list"))["Location"] == reverse("password_change")
    changed = client.post(
        reverse("password_change"),
        {"old_password": one_time, "new_password1": "Wugouying#2026", "new_password2": "Wugouying#2026"},
    )
    assert changed.status_code == 302
    assert client.get(reverse("teams:team_list")).status_code == 200
    assert _cannot_log_in("township", one_time)
    _login("township", "Wugouying#2026")


def test_a_reset_ends_the_logins_open_sessions(as_user, user) -> None:  # type: ignore[no-untyped-def]
    township = as_user("township")
    as_user("county").post(reverse("accounts:user_password_reset", args=[user("township").pk]))
    assert township.get(reverse("home")).status_code == 302


def test_editing_changes_the_names_people_read(as_user, user) -> None:  # type: ignore[no-untyped-def]
    pk = user("township").pk
    as_user("county").post(
        reverse("accounts:user_edit", args=[pk]),
        {"person_name": "李四", "office_description": "五沟营镇党委"},
    )
    assert User.objects.get(pk=pk).display_name == "李四（五沟营镇党委）"
