"""The demo reports: on time, late and missing in the demo counties, each under its own policy."""

from __future__ import annotations

import datetime

import pytest

from assessment import duties
from assessment.models import ReportKind, TeamReport
from assessment.reports_demo import build_reports_demo
from teams.models import Team
from teams.rules import duties as rule_duties
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> dict[str, int]:
    return build_reports_demo(TODAY)


def test_every_policy_county_gets_its_own_kind_of_report(demo: dict[str, int]) -> None:
    by_county = {
        (r.team.village.township.parent.name, r.kind)  # type: ignore[union-attr]
        for r in TeamReport.objects.select_related("team__village__township__parent")
    }
    assert ("乐都区", ReportKind.QUARTERLY) in by_county and ("乐都区", ReportKind.COMMITMENT) in by_county
    assert ("苍溪县", ReportKind.QUARTERLY) in by_county
    assert ("平阴县", ReportKind.HALF_YEAR) in by_county
    assert ("平阴县", ReportKind.QUARTERLY) not in by_county
    assert ("西平县", ReportKind.INCIDENT) in by_county
    assert demo["工作队报告"] == TeamReport.objects.count()


def test_reports_are_on_time_late_and_missing(demo: dict[str, int]) -> None:
    teams = Team.objects.filter(village__township__parent__name="乐都区")
    rows = [
        r
        for rs in duties.duties_by_team(teams, TODAY.year, TODAY).values()
        for r in rs
        if r.duty.kind == rule_duties.QUARTERLY_REPORT and r.duty.due < TODAY
    ]
    assert any(r.done and not r.late for r in rows)
    assert any(r.done and r.late for r in rows)
    assert any(r.state == rule_duties.OVERDUE for r in rows)


@pytest.mark.parametrize("day", [datetime.date(2027, 1, 1), datetime.date(2028, 2, 29)], ids=str)
def test_the_demo_builds_on_an_awkward_day(day: datetime.date) -> None:
    made = build_reports_demo(day)
    assert made["工作队报告"] == TeamReport.objects.count()
    assert not TeamReport.objects.filter(submitted_at__date__gt=day).exists()
