"""accounts.services: who may create and change which logins, checked by the services themselves."""

from __future__ import annotations

import pytest
from guardian.shortcuts import assign_perm

from accounts import errors, services
from accounts.models import Office, User
from accounts.selectors import manageable_users
from teams.errors import ServiceError
from teams.models import Region
from teams.scoping import forget_scope
from tests.builders import make_cadre

pytestmark = pytest.mark.django_db


def _township(county_code: str) -> Region:
    found = Region.objects.filter(parent__code=county_code, level="township").order_by("path").first()
    assert found is not None
    return found


def _refused(code: str, **kwargs: object) -> None:
    with pytest.raises(ServiceError) as caught:
        services.user_create(**kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_only_a_countys_office_creates_logins(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.NOT_ACCOUNT_MANAGER,
        actor=user("township"),
        office=Office.TOWNSHIP_COMMITTEE,
        username="x1",
        region=_township("411721"),
    )


def test_a_county_office_login_is_not_the_countys_to_create(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.OFFICE_NOT_MANAGED,
        actor=user("county"),
        office=Office.COUNTY_ORG_DEPT,
        username="x2",
        region=Region.objects.get(code="411721"),
    )


def test_another_countys_township_is_refused_by_the_service(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.OUTSIDE_COUNTY,
        actor=user("county"),
        office=Office.TOWNSHIP_COMMITTEE,
        username="x3",
        region=_township("370124"),
    )


def test_a_township_login_needs_a_township(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.TOWNSHIP_REGION,
        actor=user("county"),
        office=Office.TOWNSHIP_COMMITTEE,
        username="x4",
        region=Region.objects.get(code="411721"),
    )


def test_a_jurisdiction_is_required(user) -> None:  # type: ignore[no-untyped-def]
    _refused(errors.JURISDICTION_REQUIRED, actor=user("county"), office=Office.CADRE, username="x5")


def test_another_countys_cadre_is_refused(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.OUTSIDE_COUNTY,
        actor=user("county"),
        office=Office.CADRE,
        username="x6",
        cadre=make_cadre("平阴县"),
    )


def test_a_cadre_has_one_login_only(user) -> None:  # type: ignore[no-untyped-def]
    _refused(
        errors.CADRE_HAS_LOGIN,
        actor=user("county"),
        office=Office.CADRE,
        username="x7",
        cadre=user("cadre").cadre,
    )


def test_a_cadre_login_reads_the_rosters_name(user) -> None:  # type: ignore[no-untyped-def]
    cadre = make_cadre("西平县", name="周测试")
    issued = services.user_create(actor=user("county"), office=Office.CADRE, cadre=cadre)
    assert issued.user.display_name == "周测试（驻村干部）"


def test_a_created_login_must_change_its_password(user) -> None:  # type: ignore[no-untyped-def]
    issued = services.user_create(actor=user("county"), office=Office.CADRE, cadre=make_cadre("西平县"))
    assert issued.user.must_change_password and issued.user.check_password(issued.password)


def test_the_one_time_password_obeys_the_password_rules(user) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.password_validation import validate_password

    validate_password(services.one_time_password())


def test_deactivating_another_countys_login_is_refused(user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as caught:
        services.user_deactivate(actor=user("county"), user=user("township2"))
    assert caught.value.code == errors.USER_NOT_MANAGED


def test_resetting_an_inactive_login_is_refused(user) -> None:  # type: ignore[no-untyped-def]
    services.user_deactivate(actor=user("county"), user=user("township"))
    with pytest.raises(ServiceError) as caught:
        services.user_password_reset(actor=user("county"), user=user("township"))
    assert caught.value.code == errors.INACTIVE_NO_RESET


def test_a_grant_to_see_another_county_gives_no_right_over_its_logins(user) -> None:  # type: ignore[no-untyped-def]
    county = user("county")
    assign_perm("teams.view_region", county, Region.objects.get(code="630202"))
    forget_scope(county)
    assert not manageable_users(county).filter(username="township_qh").exists()


def test_a_deactivated_county_office_manages_nothing(user) -> None:  # type: ignore[no-untyped-def]
    county = user("county")
    county.is_active = False
    assert not manageable_users(county).exists()


def test_the_countys_sequence_skips_taken_numbers(user) -> None:  # type: ignore[no-untyped-def]
    User.objects.create(username="411721-0007")
    assert services.generated_usernames(Region.objects.get(code="411721"), 2) == [
        "411721-0008",
        "411721-0009",
    ]
