"""People read a user as a person and an office (王建国（五沟营镇党委）), never as a login name: the
username is typed at the login page and seen in the admin, nowhere else."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Office, User
from attendance.days import services as ps
from attendance.models import MonthCertification, SpotCheck
from teams.models import Membership, Region
from tests.clock import NOW, TODAY

pytestmark = pytest.mark.django_db


def _township() -> User:
    return User.objects.get(username="township")


def _cell(page: str, label: str) -> list[str]:
    return re.findall(rf'<td data-label="{label}">(.*?)</td>', page, flags=re.S)


def test_a_person_is_shown_with_the_office() -> None:
    user = _township()
    user.last_name = "王建国"
    assert user.display_name == "王建国（西平县五沟营镇党委）" and str(user) == user.display_name


def test_without_a_person_the_office_description_is_the_name() -> None:
    user = _township()
    user.last_name = ""
    assert user.display_name == "西平县五沟营镇党委"


@pytest.mark.parametrize(
    ("office", "region", "expected"),
    [
        (Office.TOWNSHIP_COMMITTEE, "五沟营镇", "五沟营镇党委"),
        (Office.COUNTY_ORG_DEPT, "西平县", "西平县委组织部"),
        (Office.COUNTY_RURAL_BUREAU, "西平县", "西平县乡村振兴局"),
    ],
)
def test_an_office_without_a_description_is_named_after_its_region(
    office: str, region: str, expected: str
) -> None:
    user = User(username="clerk", office=office, region=Region.objects.get(name=region))
    assert user.display_name == expected


def test_a_units_login_without_a_description_is_the_unit() -> None:
    unit = User.objects.get(username="unit").dispatching_unit
    assert User(username="clerk2", office=Office.DISPATCHING_UNIT, dispatching_unit=unit).display_name == str(
        unit
    )


def test_a_cadres_login_takes_the_cadres_name_without_nesting_brackets() -> None:
    user = User.objects.get(username="cadre")
    assert user.cadre is not None
    name = user.display_name
    assert name.startswith(user.cadre.name) and "cadre" not in name and "）（" not in name
    assert name.count("（") <= 1


def test_the_header_shows_the_display_name_not_the_login(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("township").get(reverse("home")).content.decode()
    who = re.search(r'<div class="who">(.*?)</div>', page, flags=re.S)
    assert who is not None
    assert "西平县五沟营镇党委" in who.group(1) and "township" not in who.group(1)


def test_a_certified_month_names_who_certified_it(as_user) -> None:  # type: ignore[no-untyped-def]
    township = Region.objects.get(name="五沟营镇", level="township")
    month = TODAY.replace(day=1) - datetime.timedelta(days=1)
    MonthCertification.objects.update_or_create(
        township=township, year=month.year, month=month.month, defaults={"certified_by": _township()}
    )
    page = (
        as_user("county")
        .get(reverse("attendance:grid_form"), {"township": township.pk, "month": f"{month:%Y-%m}"})
        .content.decode()
    )
    assert f"由{_township().display_name}确认锁定" in page and "西平县五沟营镇党委" in page
    assert "由township" not in page


def test_the_spot_check_list_names_the_checker(as_user) -> None:  # type: ignore[no-untyped-def]
    checker = _township()
    checker.last_name = "王建国"
    checker.save(update_fields=["last_name"])
    membership = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name="五沟营镇")
        .order_by("pk")
        .first()
    )
    assert membership is not None
    ps.spot_check_record(
        actor=checker,
        cadre=membership.cadre,
        at=NOW,
        method=SpotCheck.Method.PHONE,
        result=SpotCheck.Result.PRESENT,
    )
    page = as_user("county").get(reverse("attendance:spot_check_list")).content.decode()
    checkers = _cell(page, "查岗人")
    assert "王建国（西平县五沟营镇党委）" in checkers and "township" not in checkers


def test_the_leave_api_gives_names_beside_logins(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get("/api/v1/leave-requests/").json()
    decisions = [d for leave in body["results"] for d in leave["decisions"]]
    assert decisions, "the leave demo has decided requests"
    assert all(d["user_name"] and d["user_name"] != d["user"] for d in decisions)
