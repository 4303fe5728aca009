"""The demo builds a year of the work log for the four demo counties, some duties met and some not."""

from __future__ import annotations

import pytest

from tests.clock import TODAY
from worklog import selectors
from worklog.demo import build_worklog_demo
from worklog.models import CareCase, LinkLeader, LogEntry, Meeting, SupportVisit

pytestmark = pytest.mark.django_db


def test_the_demo_builds_every_policy_part() -> None:
    counts = build_worklog_demo(TODAY)
    assert counts["驻村日志"] == LogEntry.objects.count() > 0
    counties = set(LogEntry.objects.values_list("team__village__township__parent__name", flat=True))
    assert {"西平县", "平阴县", "乐都区", "苍溪县"} <= counties
    assert (
        Meeting.objects.filter(level="county").exists() and Meeting.objects.filter(level="township").exists()
    )
    assert LinkLeader.objects.filter(village__township__parent__name="乐都区").exists()
    assert (
        CareCase.objects.filter(closed_on__isnull=True).exists()
        and CareCase.objects.filter(closed_on__isnull=False).exists()
    )
    assert SupportVisit.objects.filter(
        kind="unit_hearing", team__village__township__parent__name="西平县"
    ).exists()


def test_the_demo_has_households_covered_and_not() -> None:
    build_worklog_demo(TODAY)
    from teams.models import Team

    teams = list(
        Team.objects.filter(village__township__parent__name="苍溪县")
        .active_on(TODAY)
        .select_related("village__township__parent")
    )
    start, end = selectors.quarter_bounds(TODAY.year, (TODAY.month - 1) // 3 + 1)
    rows = selectors.coverage_rows(teams, start, end)
    assert any(r.findings for r in rows) and any(not r.findings and r.count for r in rows)
