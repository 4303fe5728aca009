"""What the home pages keep across requests (issue 15): the roster's counts, the teams breaking a rule and
the unit's serving cadres are kept per scope and day; a roster write is seen on the very next request."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accounts.models import User
from teams.models import Membership, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def _county_team(county_user: User) -> Team:
    team = Team.objects.for_user(county_user).active_on(TODAY).order_by("pk").first()
    assert team is not None
    return team


def test_a_team_withdrawn_leaves_the_county_home_at_once(as_user: Any, user: Any) -> None:
    client = as_user("county")
    first = client.get("/")
    team = _county_team(user("county"))
    assert client.get("/").context["team_count"] == first.context["team_count"]  # kept
    team.term_end = TODAY - datetime.timedelta(days=1)
    team.save()
    after = client.get("/")
    assert after.context["team_count"] == first.context["team_count"] - 1
    assert team.pk not in [t.pk for t, _ in after.context["flagged"]]


def test_a_team_losing_its_members_is_flagged_on_the_next_request(as_user: Any, user: Any) -> None:
    client = as_user("county")
    team = next(
        t
        for t in Team.objects.for_user(user("county")).active_on(TODAY).order_by("pk")
        if t.pk not in [f.pk for f, _ in client.get("/").context["flagged"]]
    )
    Membership.objects.filter(team=team).delete()  # each row deleted sends its signal
    assert team.pk in [t.pk for t, _ in client.get("/").context["flagged"]]


def test_a_cadre_renamed_is_seen_on_the_units_home(as_user: Any, user: Any) -> None:
    client = as_user("unit")
    unit = user("unit").dispatching_unit
    membership = (
        Membership.objects.filter(dispatching_unit=unit).active_on(TODAY).select_related("cadre").first()
    )
    assert membership is not None
    assert membership.cadre.name in client.get("/").content.decode()
    membership.cadre.name = "缓存测试人"
    membership.cadre.save()
    assert "缓存测试人" in client.get("/").content.decode()


def test_each_county_reads_its_own_kept_counts(as_user: Any, user: Any) -> None:
    for login in ("county", "county2", "county"):
        expected = Team.objects.for_user(user(login)).active_on(TODAY).count()
        assert as_user(login).get("/").context["team_count"] == expected
