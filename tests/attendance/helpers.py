"""Small builders for the leave tests. The demo world (with its demo leave) is already there."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import User
from attendance.leave import services
from attendance.models import LeaveRequest
from teams.models import Cadre, Membership
from tests.clock import TODAY


def today() -> datetime.date:
    return TODAY


def day(offset: int) -> datetime.date:
    return today() + datetime.timedelta(days=offset)


def user(username: str) -> User:
    return User.objects.get(username=username)


def free_cadre(township: str = "五沟营镇", *, unit: str | None = None) -> Cadre:
    """A cadre serving today in ``township`` with no leave requests yet."""
    memberships = Membership.objects.active_on(today()).filter(team__village__township__name=township)
    if unit is not None:
        memberships = memberships.filter(dispatching_unit__name=unit)
    ids = (
        memberships.exclude(cadre__leave_requests__isnull=False)
        .order_by("cadre_id")
        .values_list("cadre_id", flat=True)
    )
    return Cadre.objects.get(pk=ids[0])


def submit(
    *,
    by: str = "township",
    cadre: Cadre | None = None,
    start: int = 20,
    end: int = 21,
    kind: str = "personal",
    reason: str = "家中有事",
    **kwargs: Any,
) -> LeaveRequest:
    return services.leave_request_submit(
        actor=user(by),
        cadre=cadre if cadre is not None else (None if by == "cadre" else free_cadre()),
        start=day(start),
        end=day(end),
        kind=kind,
        reason=reason,
        **kwargs,
    )


def decide(leave: LeaveRequest, by: str, decision: str = "approve", comment: str = "同意") -> LeaveRequest:
    return services.leave_request_decide(actor=user(by), leave=leave, decision=decision, comment=comment)
