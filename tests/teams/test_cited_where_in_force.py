"""A county sees only the provisions of its own policy (issue 10, correction 11).

Every provision id on the pages a county uses belongs to the county's policy in force; a finding names
its provision once (the badge, not the badge and the message); the help texts say in plain Chinese what
the reading conventions mean instead of "约定N".
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from teams import rules
from teams.county_policy import counties_for_user
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

ID = re.compile(r"\b(?:JN|QH10|QH|SC|ZMD|ALL)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b")
# The county logins of the demo; the Qinghai and Sichuan ones where the demo has them (issue 10).
COUNTY_LOGINS = ("county", "county2", "county_qh", "county_sc")
TOWNSHIP_LOGINS = ("township", "township2", "township_qh", "township_sc")


def _login(client: Any, username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        pytest.skip(f"the demo has no login {username} yet")
    client.force_login(user)
    return user


def _own_ids(user: User) -> set[str]:
    codes = set(counties_for_user(user).values_list("policy_code", flat=True))
    assert len(codes) == 1
    return {p.id for p in rules.policy_for(codes.pop(), TODAY).provisions}


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _county(user: User) -> Region:
    county = counties_for_user(user).get()
    return county


def _pages(user: User) -> dict[str, str]:
    county = _county(user)
    return {
        "policy": reverse("teams:policy_detail", args=[county.pk]),
        "compliance": reverse("attendance:compliance_list") + f"?county={county.pk}",
        "compliance_year": reverse("attendance:compliance_list") + f"?county={county.pk}&period=year",
        "spot_checks": reverse("attendance:spot_check_list"),
        "allowance": reverse("funding:allowance"),
        "leave": reverse("attendance:leave_list"),
        "home": reverse("teams:home") if _has_url("teams:home") else "/",
        "teams": reverse("teams:team_list"),
    }


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize("username", COUNTY_LOGINS)
@pytest.mark.parametrize(
    "page", ["policy", "compliance", "compliance_year", "spot_checks", "allowance", "leave", "home"]
)
def test_a_county_page_cites_only_its_own_policy(client: Any, username: str, page: str) -> None:
    user = _login(client, username)
    shown = set(ID.findall(_text(client.get(_pages(user)[page]))))
    assert shown - _own_ids(user) == set(), f"{username} {page} cites provisions of another policy"


@pytest.mark.parametrize("username", TOWNSHIP_LOGINS)
def test_the_township_grid_cites_only_its_own_policy(client: Any, username: str) -> None:
    user = _login(client, username)
    assert user.region is not None
    for month in ("2026-10", "2026-11"):
        url = reverse("attendance:grid_form") + f"?township={user.region.pk}&month={month}"
        shown = set(ID.findall(_text(client.get(url))))
        assert shown - _own_ids(user) == set()


@pytest.mark.parametrize("username", ("township", "township2", "county", "county2"))
def test_a_finding_names_its_provision_once(client: Any, username: str) -> None:
    _login(client, username)
    body = client.get("/").content.decode()
    findings = re.findall(r'<li class="finding [a-z]+">(.*?)</li>', body, re.S)
    assert findings, "the demo's rule-breaking teams show findings on the home page"
    for finding in findings:
        ids = ID.findall(re.sub(r"<[^>]+>", " ", finding))
        assert len(ids) == 1, finding


def test_the_finding_text_drops_the_trailing_id_only() -> None:
    finding = rules.Finding("ZMD-TEAM", rules.WARNING, "工作队仅2人，少于3人（ZMD-TEAM）")
    assert finding.text == "工作队仅2人，少于3人"
    assert rules.Finding("X-Y", rules.ERROR, "没有编号").text == "没有编号"


@pytest.mark.parametrize("username", COUNTY_LOGINS)
@pytest.mark.parametrize("page", ["policy", "compliance", "leave"])
def test_help_texts_say_no_convention_numbers(client: Any, username: str, page: str) -> None:
    user = _login(client, username)
    assert "约定" not in _text(client.get(_pages(user)[page]))


def test_the_grid_and_leave_form_say_no_convention_numbers(client: Any) -> None:
    user = _login(client, "township")
    assert user.region is not None
    grid = _text(client.get(reverse("attendance:grid_form") + f"?township={user.region.pk}"))
    assert "约定" not in grid and "周末和节假日在村的也计入" in grid


def test_the_policy_page_names_no_other_policys_threshold(client: Any) -> None:
    user = _login(client, "county")
    page = _text(client.get(_pages(user)["policy"]))
    assert "本县N=7" in page and "N=3" not in page and "济南N" not in page


def test_the_leave_form_says_how_the_county_counts_days(client: Any) -> None:
    from teams.models import PolicyOverride

    user = _login(client, "township2")
    assert "请假天数按自然日计算" in _text(client.get(reverse("attendance:leave_form")))
    PolicyOverride.objects.create(
        county=_county(user),
        key="leave_count_working_days",
        provision="JN-LEAVE",
        value=True,
        reason="按工作日计算",
        created_by=User.objects.get(username="county2"),
    )
    page = _text(client.get(reverse("attendance:leave_form")))
    assert "只计工作日" in page and "按自然日计算" not in page
