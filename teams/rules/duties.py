"""The duties calendar: which periodic duties a policy sets for a team's year, their periods and due dates.

Only the arithmetic lives here (period start and end, due date, the reminder lead time, a duty's state);
whether a duty was met is judged by the policy's ``check_*`` functions on the facts the apps count.
A duty is due on the last day of its period (the checks judge a period "once it has ended before
today"), a start-of-year duty at the end of the county's ``start_of_year_due_month``; it turns overdue
the day after its due date.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from .defaults import DUTY_REMINDER_LEAD_DAYS
from .model import COUNTY_ORG_DEPT, TOWNSHIP_COMMITTEE
from .wording import QUARTER_NAMES

if TYPE_CHECKING:
    from .policy import Policy

# Duty kinds (stable codes, used by the apps and the API).
COMMITMENT = "commitment"  # QH-COMMIT 年初帮扶工作承诺
QUARTERLY_REPORT = "quarterly"  # SC-REPORT, QH-COMMIT 季度报告
HALF_YEAR_REPORT = "half_year"  # JN-REPORT 半年报告
TARGET = "target"  # SC-TARGET 目标责任书
COUNTY_MEETING = "county_meeting"  # JN-MEET, QH-MEET, SC-MEET 县级队长会议（每季度）
TOWNSHIP_MEETING = "township_meeting"  # JN-MEET 乡镇驻村干部会议（每月）
HOUSEHOLDS = "households"  # SC-HOUSEHOLDS 每季度走遍农户
LINK_VISIT = "link_visit"  # QH10-LINK 联点领导每季度到村
UNIT_HEARING = "unit_hearing"  # ZMD-UNIT 每半年听取汇报
UNIT_VISITS = "unit_visits"  # ZMD-UNIT 主要负责同志和其他班子成员每年到村调研

DUTY_NAMES: Mapping[str, str] = MappingProxyType(
    {
        COMMITMENT: "年初帮扶工作承诺",
        QUARTERLY_REPORT: "季度报告",
        HALF_YEAR_REPORT: "半年报告",
        TARGET: "目标责任书",
        COUNTY_MEETING: "县级工作队队长（第一书记）会议",
        TOWNSHIP_MEETING: "乡镇驻村干部会议",
        HOUSEHOLDS: "每季度走遍派驻村农户",
        LINK_VISIT: "联点领导到村",
        UNIT_HEARING: "派出单位听取工作队汇报",
        UNIT_VISITS: "派出单位领导到村调研",
    }
)

# Duties that are a report the team writes (assessment.TeamReport kinds).
REPORT_KINDS = frozenset({COMMITMENT, QUARTERLY_REPORT, HALF_YEAR_REPORT})

# Duty states.
DONE = "done"
NOT_DUE = "not_due"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
STATE_NAMES: Mapping[str, str] = MappingProxyType(
    {DONE: "已完成", NOT_DUE: "未到期", DUE_SOON: "即将到期", OVERDUE: "已逾期"}
)

# Who receives a report, per provision (the seeds: QH-COMMIT 向乡镇党委作出承诺（季度报告同一制度）,
# SC-REPORT 向县（市、区）“五个一”帮扶力量协调小组报告, JN-REPORT 向县区报告).
REPORT_RECEIVER: Mapping[str, str] = MappingProxyType(
    {"QH-COMMIT": TOWNSHIP_COMMITTEE, "SC-REPORT": COUNTY_ORG_DEPT, "JN-REPORT": COUNTY_ORG_DEPT}
)
# JN: 发生重大问题…及时报告 — to the county, at any time.
INCIDENT_RECEIVER = COUNTY_ORG_DEPT

HALF_NAMES = {1: "上半年", 2: "下半年"}


@dataclass(frozen=True)
class Duty:
    """One duty of a team's year: what, under which provision, for which period, due when."""

    kind: str
    provision: str
    year: int
    period: int | None  # quarter 1-4, half 1-2, month 1-12 or None (the whole year)
    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def name(self) -> str:
        return DUTY_NAMES[self.kind]

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.year, self.period)

    def state(self, today: datetime.date, *, done: bool, lead_days: int = DUTY_REMINDER_LEAD_DAYS) -> str:
        return duty_state(self.due, today, done=done, lead_days=lead_days)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = quarter * 3 - 2
    return datetime.date(year, first, 1), month_end(year, first + 2)


def half_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    first = half * 6 - 5
    return datetime.date(year, first, 1), month_end(year, first + 5)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def period_label(kind: str, year: int, period: int | None) -> str:
    if period is None:
        return f"{year}年"
    if kind in (QUARTERLY_REPORT, COUNTY_MEETING, HOUSEHOLDS, LINK_VISIT):
        return f"{year}年{QUARTER_NAMES[period]}"
    if kind in (HALF_YEAR_REPORT, UNIT_HEARING):
        return f"{year}年{HALF_NAMES[period]}"
    return f"{year}年{period}月"


def report_bounds(kind: str, year: int, period: int | None) -> tuple[datetime.date, datetime.date]:
    """The period a report of ``kind`` covers (a commitment or an incident report: the whole year)."""
    if kind == QUARTERLY_REPORT and period is not None:
        return quarter_bounds(year, period)
    if kind == HALF_YEAR_REPORT and period is not None:
        return half_bounds(year, period)
    return year_bounds(year)


def report_periods(kind: str) -> tuple[int, ...]:
    """The periods a report of ``kind`` may name; () for kinds without one."""
    if kind == QUARTERLY_REPORT:
        return tuple(QUARTER_NAMES)
    if kind == HALF_YEAR_REPORT:
        return tuple(HALF_NAMES)
    return ()


def duty_state(
    due: datetime.date, today: datetime.date, *, done: bool, lead_days: int = DUTY_REMINDER_LEAD_DAYS
) -> str:
    """已完成 / 已逾期 (from the day after ``due``) / 即将到期 (within ``lead_days`` of it) / 未到期."""
    if done:
        return DONE
    if today > due:
        return OVERDUE
    if (due - today).days <= lead_days:
        return DUE_SOON
    return NOT_DUE


def report_provision(policy: Policy, kind: str) -> str | None:
    """The provision that sets a periodic report of ``kind`` under ``policy``, None when it sets none."""
    if kind == COMMITMENT:
        return "QH-COMMIT" if policy.in_force("QH-COMMIT") else None
    if kind == QUARTERLY_REPORT:
        for provision_id in ("SC-REPORT", "QH-COMMIT"):
            if policy.in_force(provision_id):
                return provision_id
        return None
    if kind == HALF_YEAR_REPORT:
        return "JN-REPORT" if policy.in_force("JN-REPORT") else None
    return None


def report_receiver(policy: Policy, kind: str) -> str | None:
    """The office that receives a report of ``kind`` under ``policy`` (None: the policy sets no such report)."""
    if kind == "incident":
        return INCIDENT_RECEIVER
    provision_id = report_provision(policy, kind)
    return REPORT_RECEIVER[provision_id] if provision_id else None


def duties_for_year(policy: Policy, year: int) -> list[Duty]:
    """Every periodic duty ``policy`` sets a team for ``year``, in due-date order."""
    out: list[Duty] = []

    def add(
        kind: str, provision_id: str, period: int | None, bounds: tuple[datetime.date, datetime.date]
    ) -> None:
        out.append(Duty(kind, provision_id, year, period, bounds[0], bounds[1], bounds[1]))

    p = policy.in_force("QH-COMMIT")
    if p is not None:
        due = month_end(year, p.values["due_month"])
        out.append(Duty(COMMITMENT, p.id, year, None, datetime.date(year, 1, 1), due, due))
    p = policy.in_force("SC-TARGET")
    if p is not None:
        due = month_end(year, p.values["due_month"])
        out.append(Duty(TARGET, p.id, year, None, datetime.date(year, 1, 1), due, due))
    provision_id = report_provision(policy, QUARTERLY_REPORT)
    for quarter in QUARTER_NAMES:
        if provision_id:
            add(QUARTERLY_REPORT, provision_id, quarter, quarter_bounds(year, quarter))
    if policy.in_force("JN-REPORT"):
        for half in HALF_NAMES:
            add(HALF_YEAR_REPORT, "JN-REPORT", half, half_bounds(year, half))
    for provision_id in ("JN-MEET", "QH-MEET", "SC-MEET"):
        p = policy.in_force(provision_id)
        if p is None:
            continue
        for quarter in QUARTER_NAMES:
            add(COUNTY_MEETING, p.id, quarter, quarter_bounds(year, quarter))
        if p.values.get("township_meetings_per_month") is not None:
            for month in range(1, 13):
                add(TOWNSHIP_MEETING, p.id, month, (datetime.date(year, month, 1), month_end(year, month)))
    if policy.in_force("SC-HOUSEHOLDS"):
        for quarter in QUARTER_NAMES:
            add(HOUSEHOLDS, "SC-HOUSEHOLDS", quarter, quarter_bounds(year, quarter))
    if policy.in_force("QH10-LINK"):
        for quarter in QUARTER_NAMES:
            add(LINK_VISIT, "QH10-LINK", quarter, quarter_bounds(year, quarter))
    if policy.in_force("ZMD-UNIT"):
        for half in HALF_NAMES:
            add(UNIT_HEARING, "ZMD-UNIT", half, half_bounds(year, half))
        add(UNIT_VISITS, "ZMD-UNIT", None, year_bounds(year))
    out.sort(key=lambda d: (d.due, d.kind, d.period or 0))
    return out
