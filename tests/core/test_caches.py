"""What pages keep across requests (issue 15: the scope, the menu's counts, the provisions cited, a
county's policy settings) is seen changed on the very next request after any write it depends on."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Office, User
from attendance.leave import notifications as leave_notifications
from attendance.leave import services as leave_services
from teams.context_processors import provisions_in_force
from teams.county_policy import county_policy
from teams.models import Region, Village
from teams.overrides import policy_override_set
from tests.attendance.helpers import decide, free_cadre, submit, user
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

# A page whose view does nothing but render the menu.
PAGE = "/accounts/password/done/"


def badges(client: Any) -> dict[str, int]:
    page = client.get(PAGE).content.decode()
    found = {}
    for name, title in (("inbox", "待本单位审批"), ("unread", "未读消息")):
        match = re.search(rf'title="{title}">(\d+)<', page)
        found[name] = int(match.group(1)) if match else 0
    return found


def other_village_url() -> str:
    """A village of 西平县 outside the demo township's reach (its township is 411721102)."""
    return Village.objects.get(name="权寨村").get_absolute_url()


def test_a_grant_is_seen_on_the_next_request_and_so_is_its_removal(as_user: Callable[[str], Any]) -> None:
    client = as_user("township")
    assert client.get(other_village_url()).status_code == 404
    township = Region.objects.get(code="411721102")

    assign_perm("teams.view_region", user("township"), township)
    assert client.get(other_village_url()).status_code == 200

    remove_perm("teams.view_region", user("township"), township)
    assert client.get(other_village_url()).status_code == 404


def test_a_grant_to_the_users_group_is_seen_on_the_next_request(as_user: Callable[[str], Any]) -> None:
    client = as_user("township")
    assert client.get(other_village_url()).status_code == 404
    group = Group.objects.create(name="跨乡镇查看")
    assign_perm("teams.view_region", group, Region.objects.get(code="411721102"))
    assert client.get(other_village_url()).status_code == 404, "not in the group yet"

    user("township").groups.add(group)
    assert client.get(other_village_url()).status_code == 200

    user("township").groups.remove(group)
    assert client.get(other_village_url()).status_code == 404


def test_a_new_region_for_the_office_is_seen_on_the_next_request(as_user: Callable[[str], Any]) -> None:
    client = as_user("township")
    own = client.get(reverse("teams:village_list")).content.decode()
    assert client.get(other_village_url()).status_code == 404

    township = user("township")
    township.region = Region.objects.get(code="411721102")
    township.save(update_fields=["region"])

    assert client.get(other_village_url()).status_code == 200
    assert client.get(reverse("teams:village_list")).content.decode() != own


def test_a_deactivated_login_reaches_nothing_on_the_next_request(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    assert client.get(reverse("teams:village_list")).status_code == 200
    county = user("county")
    county.is_active = False
    county.save(update_fields=["is_active"])
    response = client.get(reverse("teams:village_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_new_leave_request_shows_in_the_approvers_badge_at_once(as_user: Callable[[str], Any]) -> None:
    client = as_user("township")
    before = badges(client)["inbox"]

    leave = submit(by="township")
    assert badges(client)["inbox"] == before + 1

    decide(leave, "township")
    assert badges(client)["inbox"] == before


def test_reading_the_notifications_clears_the_unread_badge_at_once(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    assert badges(client)["unread"] > 0, "the demo leaves the county unread notifications"

    leave_notifications.notifications_mark_read(actor=user("county"))  # one UPDATE of many rows

    assert badges(client)["unread"] == 0


def test_a_policy_setting_is_seen_at_once() -> None:
    xiping = Region.objects.get(name="西平县")
    assert not county_policy(xiping, TODAY).leave_route(Decimal(6)).upper

    policy_override_set(
        actor=user("county"), county=xiping, key="leave_threshold_days", value="5", reason="县委常委会决定"
    )

    assert county_policy(xiping, TODAY).leave_route(Decimal(6)).upper


def test_a_countys_new_policy_changes_the_provisions_cited_at_once() -> None:
    county = user("county")
    assert any(p.startswith("ZMD-") for p in provisions_in_force(county))
    xiping = Region.objects.get(name="西平县")
    xiping.policy_code = "jinan"
    xiping.save(update_fields=["policy_code"])

    cited = provisions_in_force(user("county"))
    assert any(p.startswith("JN-") for p in cited) and not any(p.startswith("ZMD-") for p in cited)


def test_the_next_page_reads_neither_the_grants_nor_the_counts_again(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("guardian_userobjectpermission", "attendance_leaverequest", "attendance_notification"):
        assert table not in tables, table
    assert 'FROM "teams_region"' not in tables, "the region comes with the user, in the same query"


def test_a_stand_in_sees_the_principals_requests_in_the_badge_at_once(client: Any) -> None:
    """A substitution counts in the stand-in's badge at once, and stops counting as soon as the principal
    no longer holds the office over the region (SubstituteApprover ``valid``)."""
    stand_in = User.objects.create(
        username="county_wgy", office=Office.COUNTY_ORG_DEPT, region=Region.objects.get(code="411721101")
    )
    User.objects.create(
        username="township_qz", office=Office.TOWNSHIP_COMMITTEE, region=Region.objects.get(code="411721102")
    )
    leave = submit(by="township_qz", cadre=free_cadre("权寨镇"), start=20, end=28)
    assert "county_org_dept" in leave.awaiting
    client.force_login(stand_in)
    before = badges(client)["inbox"]

    leave_services.substitute_name(
        actor=user("county"), substitute=stand_in, start=TODAY, end=TODAY + datetime.timedelta(days=30)
    )
    assert badges(client)["inbox"] == before + 1

    principal = user("county")
    principal.region = Region.objects.get(name="平阴县")
    principal.save(update_fields=["region"])
    assert badges(client)["inbox"] == before


@pytest.mark.parametrize("username", ["admin", "city", "cadre", "unit"])
def test_the_menu_counts_for_every_kind_of_login(as_user: Callable[[str], Any], username: str) -> None:
    """A login with no inbox of its own (a superuser without an office) counts nothing, without error."""
    client = as_user(username)
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE).status_code == 200  # from the cache
