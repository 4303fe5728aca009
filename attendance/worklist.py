"""The attendance app's items of the home page's work list (core.worklist): leave to decide, returns not
reported, check-ins to review, a month to certify, absence explanations at each office's step and the
ZMD-ABSENT collection, and for a cadre today's check-in and their own leave. Each counts what the linked
page lists with the same selector and filter."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min

from accounts.models import Office
from core.worklist import Urgency, WorkItem, link, urgency_of
from teams.models import Membership, Region
from teams.rules import defaults as rule_defaults

from .days import selectors as days_selectors
from .leave import selectors
from .leave.services import APPROVER_OFFICES
from .models import (
    AbsenceExplanation,
    CheckIn,
    ExplanationState,
    LeaveRequest,
    LeaveStatus,
    MonthCertification,
)

# The state an explanation waits in for each office's step (write, sign, send), as the list filters it.
EXPLANATION_STEP = {
    Office.CADRE: (ExplanationState.PENDING, "情况说明待本人填写"),
    Office.DISPATCHING_UNIT: (ExplanationState.WRITTEN, "情况说明待负责人签字"),
    Office.TOWNSHIP_COMMITTEE: (ExplanationState.SIGNED, "情况说明已签字待报送"),
    Office.COUNTY_RURAL_BUREAU: (ExplanationState.SIGNED, "情况说明已签字待报送"),
}
# ZMD-ABSENT: under Zhumadian the bureau collects each month's explanations by the summary day and the
# city receives the summary.
COLLECTING_OFFICES = (Office.COUNTY_RURAL_BUREAU,)
RECEIVING_OFFICES = (Office.CITY_OVERSIGHT, Office.PROVINCE_OVERSIGHT)
# The explanation list's filter for "not yet sent" (any step before the county sends it).
OPEN = "open"
SOON = rule_defaults.EXPLANATION_REMINDER_LEAD_DAYS


def _previous_month(today: datetime.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def leave_items(user: Any, today: datetime.date) -> list[WorkItem]:
    items: list[WorkItem] = []
    if user.office in APPROVER_OFFICES:
        waiting = selectors.inbox(user).count()
        if waiting:
            items.append(
                WorkItem(
                    "attendance.leave_inbox",
                    "请假待审批",
                    link("attendance:leave_list", view="inbox"),
                    Urgency.TO_DO,
                    waiting,
                )
            )
    if user.office and user.office not in RECEIVING_OFFICES:
        late = selectors.overdue(user, today).count()
        if late:
            items.append(
                WorkItem(
                    "attendance.leave_overdue",
                    "假期已满逾期未销假",
                    link("attendance:leave_list", view="overdue"),
                    Urgency.OVERDUE,
                    late,
                )
            )
    if user.office == Office.CADRE:
        mine = LeaveRequest.objects.for_user(user).filter(status=LeaveStatus.PENDING).count()
        if mine:
            items.append(
                WorkItem(
                    "attendance.leave_mine_pending",
                    "我的请假申请审批中",
                    link("attendance:leave_list", status=LeaveStatus.PENDING),
                    Urgency.INFO,
                    mine,
                )
            )
    return items


def checkin_items(user: Any, today: datetime.date) -> list[WorkItem]:
    if user.office == Office.TOWNSHIP_COMMITTEE:
        pending = CheckIn.objects.for_user(user).filter(review=CheckIn.Review.PENDING).count()
        if not pending:
            return []
        url = link("attendance:checkin_list", all=1, review=CheckIn.Review.PENDING)
        return [
            WorkItem("attendance.checkins_to_review", "距村过远的打卡待审核", url, Urgency.TO_DO, pending)
        ]
    if user.office != Office.CADRE or user.cadre_id is None:
        return []
    # Information only, never a score: a cadre serving today who has not checked in yet.
    if not Membership.objects.for_user(user).filter(cadre_id=user.cadre_id).active_on(today).exists():
        return []
    day = days_selectors.counted_day(actor=user, day=today)
    if day.row is not None or day.pending_checkin:
        return []
    return [
        WorkItem("attendance.checkin_today", "今天尚未打卡", link("attendance:checkin_form"), Urgency.INFO)
    ]


def certification_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """The township certifies last month (SC-ATT sets a deadline; elsewhere the allowance waits for it)."""
    if user.office != Office.TOWNSHIP_COMMITTEE:
        return []
    year, month = _previous_month(today)
    townships = list(
        Region.objects.for_user(user)
        .filter(level="township")
        .exclude(pk__in=MonthCertification.objects.filter(year=year, month=month).values("township"))
        .select_related("parent")
        .order_by("path")
    )
    items = []
    for township in townships:
        due = (
            days_selectors.certification_due(township.parent, year, month, today) if township.parent else None
        )
        items.append(
            WorkItem(
                f"attendance.certify_{township.pk}",
                f"{township.name}{year}年{month}月考勤待确认",
                link("attendance:grid_form", township=township.pk, month=f"{year}-{month:02d}"),
                urgency_of(due, today, soon_days=SOON),
                due=due,
                provision="SC-ATT" if due else "",
            )
        )
    return items


def explanation_items(user: Any, today: datetime.date) -> list[WorkItem]:
    items: list[WorkItem] = []
    visible = AbsenceExplanation.objects.for_user(user)
    step = EXPLANATION_STEP.get(user.office)
    if step is not None:
        state, label = step
        found = visible.filter(state=state).aggregate(n=Count("pk"), due=Min("due"))
        if found["n"]:
            items.append(
                WorkItem(
                    f"attendance.explanations_{state}",
                    label,
                    link("attendance:explanation_list", state=state),
                    urgency_of(found["due"], today, soon_days=SOON),
                    found["n"],
                    due=found["due"],
                    provision="ZMD-ABSENT",
                )
            )
    if user.office in COLLECTING_OFFICES:
        # Each month's collection still open: explanations not yet sent, by the summary day.
        rows = (
            visible.exclude(state=ExplanationState.SENT)
            .order_by()
            .values("collection_year", "collection_month")
            .annotate(n=Count("pk"), due=Min("due"))
            .order_by("collection_year", "collection_month")
        )
        for row in rows:
            y, m = row["collection_year"], row["collection_month"]
            items.append(
                WorkItem(
                    f"attendance.collection_{y}_{m:02d}",
                    f"{y}年{m}月不在岗情况说明汇总报市，尚未报送",
                    link("attendance:explanation_list", month=f"{y}-{m:02d}", state=OPEN),
                    urgency_of(row["due"], today, soon_days=SOON),
                    row["n"],
                    due=row["due"],
                    provision="ZMD-ABSENT",
                )
            )
    if user.office in RECEIVING_OFFICES:
        items += _summary_items(visible, today)
    return items


def _summary_items(visible: Any, today: datetime.date) -> list[WorkItem]:
    """The city's side of ZMD-ABSENT: the latest collection whose summary day has come (what the
    counties sent), and explanations of past collections the counties have still not sent."""
    latest = (
        visible.filter(due__lte=today)
        .order_by("-collection_year", "-collection_month")
        .values_list("collection_year", "collection_month", "due")
        .first()
    )
    items: list[WorkItem] = []
    if latest is not None:
        y, m, due = latest
        sent = visible.filter(collection_year=y, collection_month=m, state=ExplanationState.SENT).count()
        items.append(
            WorkItem(
                "attendance.summary_received",
                f"{y}年{m}月各县报来的不在岗情况说明",
                link("attendance:explanation_list", month=f"{y}-{m:02d}", state=ExplanationState.SENT),
                Urgency.INFO,
                sent,
                due=due,
                provision="ZMD-ABSENT",
            )
        )
    behind = (
        visible.filter(due__lt=today)
        .exclude(state=ExplanationState.SENT)
        .order_by()
        .values("collection_year", "collection_month")
        .annotate(n=Count("pk"), counties=Count("county", distinct=True), due=Min("due"))
        .order_by("collection_year", "collection_month")
    )
    for row in behind:
        y, m = row["collection_year"], row["collection_month"]
        items.append(
            WorkItem(
                f"attendance.summary_behind_{y}_{m:02d}",
                f"{y}年{m}月逾期未报的不在岗情况说明（{row['counties']}个县）",
                link("attendance:explanation_list", month=f"{y}-{m:02d}", state=OPEN),
                Urgency.OVERDUE,
                row["n"],
                due=row["due"],
                provision="ZMD-ABSENT",
            )
        )
    return items


def work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    if not user.office:
        return []
    return [
        *leave_items(user, today),
        *checkin_items(user, today),
        *certification_items(user, today),
        *explanation_items(user, today),
    ]
