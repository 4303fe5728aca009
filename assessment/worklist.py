"""The assessment app's items of the home page's work list (core.worklist): the duties calendar's overdue
and due-soon duties (the same rows as the duties page and ``tasks.remind_duties``), the open round's
entries waiting for the user's step, reports sent to the user's office, results to acknowledge."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import Office
from core import caching
from core.worklist import Urgency, WorkItem, link
from teams.caches import POLICIES_GENERATION, ROSTER_GENERATION
from teams.county_policy import counties_for_user
from teams.models import Team
from teams.rules import duties as rule_duties
from teams.scoping import scope_digest, scope_for

from . import duties, reports, selectors
from .caches import DUTY_FACTS_GENERATION
from .models import AssessmentRound, ReportStatus, RoundStatus

# The offices the duties calendar concerns (the city reads the counties' own pages).
DUTY_OFFICES = (
    Office.COUNTY_ORG_DEPT,
    Office.COUNTY_RURAL_BUREAU,
    Office.TOWNSHIP_COMMITTEE,
    Office.DISPATCHING_UNIT,
    Office.CADRE,
)
DUTY_LABELS = {rule_duties.OVERDUE: "逾期未完成的事项", rule_duties.DUE_SOON: "即将到期的事项"}
# Writes that send no signal (bench_duties' bulk rows) are seen after at most this long.
DUTY_ITEMS_TIMEOUT = 10 * 60
DUTY_URGENCY = {rule_duties.OVERDUE: Urgency.OVERDUE, rule_duties.DUE_SOON: Urgency.DUE_SOON}


def duty_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """As the duties page counts them: the teams the user reaches in its (first) county, this year.
    Kept across requests per scope and day until a duty fact, the roster, a region or a policy is written
    (issue 15: the calendar costs every home page ≈ 15 ms)."""
    if user.office not in DUTY_OFFICES:
        return []
    return caching.cached(
        "duty-items",
        (scope_digest(scope_for(user)), today),
        (DUTY_FACTS_GENERATION, ROSTER_GENERATION, "regions", POLICIES_GENERATION),
        lambda: _duty_items(user, today),
        DUTY_ITEMS_TIMEOUT,
    )


def _duty_items(user: Any, today: datetime.date) -> list[WorkItem]:
    county = counties_for_user(user).order_by("code").first()
    if county is None:
        return []
    teams = Team.objects.for_user(user).filter(village__township__parent=county)
    rows = duties.open_duties(teams, today.year, today)
    items = []
    for state, label in DUTY_LABELS.items():
        mine = [r for r in rows if r.state == state]
        if mine:
            items.append(
                WorkItem(
                    f"assessment.duties_{state}",
                    label,
                    link("assessment:duty_overdue_list", county=county.pk, year=today.year, state=state),
                    DUTY_URGENCY[state],
                    len(mine),
                    due=min(r.duty.due for r in mine),
                )
            )
    return items


def round_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """Each open round's entries waiting for the user's own step (propose or fix a grade)."""
    if user.office in (Office.CADRE, Office.CITY_OVERSIGHT, Office.PROVINCE_OVERSIGHT, ""):
        return []
    items = []
    for round_ in (
        AssessmentRound.objects.for_user(user).filter(status=RoundStatus.OPEN).select_related("county")
    ):
        capacity = selectors.capacity(user, round_)
        waiting = selectors.entries_awaiting(user, round_, capacity).count()
        if waiting:
            step = "待提出考核意见" if capacity.may_propose else "待确定等次"
            items.append(
                WorkItem(
                    f"assessment.round_{round_.pk}",
                    f"{round_}：{step}",
                    link("assessment:round_detail", round_.pk, todo=1),
                    Urgency.TO_DO,
                    waiting,
                    provision=capacity.route.provision,
                )
            )
    return items


def report_items(user: Any, today: datetime.date) -> list[WorkItem]:
    if user.office not in (Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU, Office.TOWNSHIP_COMMITTEE):
        return []
    waiting = reports.received_by(
        user, reports.reports_for(user).filter(status=ReportStatus.SUBMITTED)
    ).count()
    if not waiting:
        return []
    url = link("assessment:report_list", status=ReportStatus.SUBMITTED, receiving="mine")
    return [WorkItem("assessment.reports_to_acknowledge", "工作队报告待确认", url, Urgency.TO_DO, waiting)]


def filing_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """The annual results sent to a dispatching unit, until it acknowledges them."""
    waiting = selectors.unit_filings(user).filter(received_at__isnull=True).count()
    if not waiting:
        return []
    url = link("assessment:round_list") + "#unit-filings"
    return [WorkItem("assessment.filings_to_receive", "年度考核结果待签收", url, Urgency.TO_DO, waiting)]


def work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    return [
        *duty_items(user, today),
        *round_items(user, today),
        *report_items(user, today),
        *filing_items(user, today),
    ]
