"""Reads of the leave domain: day counts, who may decide or act, who is told, inboxes and leave days."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

import chinese_calendar
from django.db.models import Q, QuerySet

from accounts.models import Office, User
from attendance.models import (
    HOLDING_STATUSES,
    LeaveRequest,
    LeaveRequestQuerySet,
    LeaveStatus,
    SubstituteApprover,
)
from teams import rules
from teams.models import Region
from teams.rules.leave_days import leave_day_count


def is_working_day(day: datetime.date) -> bool:
    """China's official calendar (with 调休 make-up days); weekdays outside its known years."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def count_leave_days(
    *,
    start: datetime.date,
    end: datetime.date,
    half_day_start: bool,
    half_day_end: bool,
    working_days_only: bool = False,
    workdays: Collection[datetime.date] | None = None,
) -> Decimal:
    """Convention 2 (``teams.rules.leave_days``): calendar days, start and end inclusive, half days
    allowed; or, when the county switched to working days, only the working days in the period.
    ``workdays`` is the county's own work calendar (``attendance.days.services.working_days``: the official
    calendar changed by the county's table); without it, the official calendar alone."""
    counts: Callable[[datetime.date], bool] | None = None
    if working_days_only:
        counts = workdays.__contains__ if workdays is not None else is_working_day
    return leave_day_count(
        start=start, end=end, half_day_start=half_day_start, half_day_end=half_day_end, counts=counts
    )


def own_requests(user: User) -> LeaveRequestQuerySet:
    """Requests in the user's own jurisdiction, without what a substitution adds."""
    return LeaveRequest.objects.for_user(user, include_substitutions=False)


def may_act_for_cadre(user: User, leave: LeaveRequest) -> bool:
    """The cadre themselves, or a township clerk whose own jurisdiction holds the request, may cancel
    it or report the return."""
    if user.office == Office.CADRE:
        return user.cadre_id == leave.cadre_id
    if user.office == Office.TOWNSHIP_COMMITTEE:
        return own_requests(user).filter(pk=leave.pk).exists()
    return False


@dataclass(frozen=True)
class Capacity:
    """The user may decide for ``office``; ``on_behalf_of`` is set when only as a substitute."""

    office: str
    on_behalf_of: User | None


def decision_capacity(user: User, leave: LeaveRequest, today: datetime.date) -> Capacity | None:
    """Whether ``user`` may decide ``leave`` now: their office is awaited and the request lies in
    their own jurisdiction or in one delegated to them for today."""
    if not user.is_authenticated or not user.office or user.office not in leave.awaiting:
        return None
    if own_requests(user).filter(pk=leave.pk).exists():
        return Capacity(user.office, None)
    substitution = substitution_covering(user, leave, today)
    if substitution is not None:
        return Capacity(user.office, substitution.principal)
    return None


def _ancestor_ids(region: Region) -> list[int]:
    ids: list[int] = []
    node: Region | None = region
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def substitution_covering(user: User, leave: LeaveRequest, today: datetime.date) -> SubstituteApprover | None:
    return (
        SubstituteApprover.objects.active_on(today)
        .filter(substitute=user, office=user.office)
        .filter(
            Q(region_id__in=_ancestor_ids(leave.township)) | Q(dispatching_unit=leave.dispatching_unit_id)
        )
        .select_related("principal")
        .first()
    )


def _inside_jurisdiction_of(principal: User) -> Q:
    """Users (of any office) inside the principal's jurisdiction: the same dispatching unit, or the
    principal's region or a region below it (a county's townships)."""
    if principal.office == Office.DISPATCHING_UNIT:
        return (
            Q(dispatching_unit_id=principal.dispatching_unit_id)
            if principal.dispatching_unit_id
            else Q(pk__in=[])
        )
    if principal.region is None:
        return Q(pk__in=[])
    return Q(region__path__startswith=principal.region.path)


def _covering_jurisdiction_of(principal: User) -> Q:
    """Users whose own jurisdiction already covers the principal's: naming them would change nothing."""
    if principal.office == Office.DISPATCHING_UNIT:
        return (
            Q(dispatching_unit_id=principal.dispatching_unit_id)
            if principal.dispatching_unit_id
            else Q(pk__in=[])
        )
    if principal.region is None:
        return Q(pk__in=[])
    return Q(region_id__in=_ancestor_ids(principal.region))


def substitute_eligible(principal: User) -> QuerySet[User]:
    """Active users of the principal's own office inside its jurisdiction, the principal excepted."""
    if principal.office not in rules.OFFICE_NAMES:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, office=principal.office)
        .exclude(pk=principal.pk)
        .filter(_inside_jurisdiction_of(principal))
    )


def substitute_candidates(principal: User) -> QuerySet[User]:
    """Whom the principal may name as stand-in: eligible and not deciding there already. A township
    committee or a dispatching unit has nothing below it, so its colleagues all decide already and
    it has no one to name; a county office may name a user of its office posted to one of its
    townships."""
    return substitute_eligible(principal).exclude(_covering_jurisdiction_of(principal)).order_by("username")


def office_users(office: str, leave: LeaveRequest, today: datetime.date) -> list[User]:
    """The active users who act for ``office`` on ``leave``: its own users and today's substitutes."""
    users = User.objects.filter(is_active=True, office=office)
    if office == Office.DISPATCHING_UNIT:
        users = users.filter(dispatching_unit=leave.dispatching_unit_id)
    else:
        users = users.filter(region_id__in=_ancestor_ids(leave.township))
    subs = User.objects.filter(
        is_active=True,
        pk__in=SubstituteApprover.objects.active_on(today)
        .filter(office=office)
        .filter(
            Q(region_id__in=_ancestor_ids(leave.township)) | Q(dispatching_unit=leave.dispatching_unit_id)
        )
        .values("substitute"),
    )
    return list((users | subs).distinct().order_by("pk"))


def cadre_users(leave: LeaveRequest) -> list[User]:
    """The cadre's own login, and the clerk who asked on the cadre's behalf."""
    found = list(User.objects.filter(is_active=True, cadre=leave.cadre_id))
    if leave.requested_by_id not in {u.pk for u in found}:
        found.append(leave.requested_by)
    return found


def inbox(user: User) -> LeaveRequestQuerySet:
    """What waits for the user's office within their reach."""
    if not user.office:
        return LeaveRequest.objects.none()
    return LeaveRequest.objects.for_user(user).awaiting_office(user.office)


def on_file(user: User) -> LeaveRequestQuerySet:
    if not user.office:
        return LeaveRequest.objects.none()
    return LeaveRequest.objects.for_user(user).filed_with_office(user.office)


def overdue(user: User, today: datetime.date) -> LeaveRequestQuerySet:
    return LeaveRequest.objects.for_user(user).overdue_on(today)


def route_for_display(route: rules.Route) -> dict[str, object]:
    return {
        "approvers": [o for o in rules.OFFICE_NAMES if o in route.approvers],
        "filed_with": [o for o in rules.OFFICE_NAMES if o in route.filed_with],
        "provision": route.provision,
        "description": route.description,
    }


def leave_on_dates(
    cadre_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, Decimal]]:
    """Approved (and returned) leave per cadre and date in [start, end]: what attendance shows as leave.

    A leave closed by an early return counts only up to the day before the return.
    """
    result: dict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    rows = LeaveRequest.objects.filter(
        cadre_id__in=list(cadre_ids),
        status__in=(LeaveStatus.APPROVED, LeaveStatus.CLOSED),
        start__lte=end,
        end__gte=start,
    )
    for leave in rows:
        for day, share in leave.leave_days_by_date().items():
            if not start <= day <= end:
                continue
            if leave.returned_on is not None and day >= leave.returned_on:
                continue
            result[leave.cadre_id][day] = result[leave.cadre_id].get(day, Decimal(0)) + share
    return dict(result)


def holding_clash(
    cadre_id: int, start_slot: int, end_slot: int, exclude: int | None = None
) -> LeaveRequest | None:
    qs = LeaveRequest.objects.filter(
        cadre_id=cadre_id, status__in=HOLDING_STATUSES, start_slot__lte=end_slot, end_slot__gte=start_slot
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("start").first()
