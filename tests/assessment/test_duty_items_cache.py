"""The duties calendar's counts on the work list, kept across requests (issue 15): a duty fact written
(a unit's hearing recorded) is seen on the very next home page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from assessment import duties
from core import worklist
from teams.models import Membership, Team
from tests.clock import TODAY
from worklog.models import SupportVisit

pytestmark = pytest.mark.django_db


def _overdue(client: Any) -> int:
    items = {i.key: i for i in client.get("/").context["work_items"]}
    item = items.get("assessment.duties_overdue")
    return item.count if item is not None else 0


def test_a_units_hearing_recorded_is_seen_on_the_next_home_page(as_user: Any, user: Any) -> None:
    client = as_user("county")
    before = _overdue(client)
    assert _overdue(client) == before > 0  # kept
    county = user("county")
    teams = Team.objects.for_user(county).filter(village__township__parent=county.region)
    late = [r for r in duties.open_duties(teams, TODAY.year, TODAY) if r.state == "overdue"]
    hearing = next(r for r in late if r.duty.kind == "unit_hearing" and r.duty.period == 1)
    for day in (1, 2, 3):  # enough hearings for the first half year, whatever the county's number
        SupportVisit.objects.create(
            kind="unit_hearing",
            date=datetime.date(TODAY.year, 3, day),
            team_id=hearing.team.pk,
            created_by=county,
            dispatching_unit_id=Membership.objects.filter(team_id=hearing.team.pk)
            .values_list("dispatching_unit_id", flat=True)
            .first(),
        )
    assert _overdue(client) == before - 1


def test_the_provider_answers_the_same_kept_or_computed(user: Any) -> None:
    county = user("county")
    computed = [p(county, TODAY) for p in worklist.providers()]
    assert [p(county, TODAY) for p in worklist.providers()] == computed
