"""The items of the later work (issues 12–14: member changes, the assessment round, results to units,
reports, the living allowance) join each office's work list as their demos add records, and each item's
link still lists exactly the records it counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from accounts.models import Office, User
from assessment import services
from assessment.demo import build_assessment_demo
from assessment.models import Grade
from assessment.reports_demo import build_reports_demo
from core import worklist
from funding.allowance_demo import build_allowance_demo
from teams.changes_demo import build_change_demo
from tests.assessment.helpers import open_round
from tests.clock import TODAY
from worklog.demo import build_worklog_demo

from .test_worklist import RECORDS

pytestmark = pytest.mark.django_db


def _round_open() -> None:
    build_assessment_demo(TODAY)
    open_round("county")


def _round_closed() -> None:
    build_assessment_demo(TODAY)
    round_ = open_round("county")
    for entry in round_.entries.all():
        unit = User.objects.filter(
            office=Office.DISPATCHING_UNIT, dispatching_unit=entry.dispatching_unit
        ).first()
        assert unit is not None
        services.entry_decide(user=unit, entry=entry, grade=Grade.COMPETENT)
    services.round_close(user=User.objects.get(username="county"), round_=round_, today=TODAY)


def _reports() -> None:
    build_worklog_demo(TODAY)
    build_reports_demo(TODAY)


CASES: dict[str, tuple[Callable[[], object], str, str]] = {
    "ledger": (lambda: build_change_demo(TODAY), "bureau", "teams.changes_late_"),
    "allowance": (lambda: build_allowance_demo(TODAY), "unit", "funding.allowance_unpaid"),
    "round": (_round_open, "unit", "assessment.round_"),
    "results": (_round_closed, "unit", "assessment.filings_to_receive"),
    "reports": (_reports, "county2", "assessment.reports_to_acknowledge"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_later_work_joins_the_list_and_links_to_exactly_its_records(as_user: Any, case: str) -> None:
    build, username, key = CASES[case]
    build()
    items = [
        i for i in worklist.items_for(User.objects.get(username=username), TODAY) if i.key.startswith(key)
    ]
    assert items, f"{case}: no {key} item for {username}"
    client = as_user(username)
    for item in items:
        assert item.count
        response = client.get(item.url)
        records = RECORDS[resolve(urlsplit(item.url).path).view_name](response.context)
        assert records == item.count, f"{item.key}: {item.count} counted, {records} listed"
