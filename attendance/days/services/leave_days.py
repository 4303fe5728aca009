"""Approved leave as attendance days: the leave services call ``leave_days_sync`` on approval,
cancellation and return, so the summary stays one table and the month grid shows the leave where the
clerk types (rather than deriving leave days at read time)."""

from __future__ import annotations

import datetime

from ...models import AttendanceDay, AttendanceSource, AttendanceStatus, LeaveRequest, LeaveStatus
from ..selectors import certified_months
from ..summary import summaries_refresh_days


def leave_days_sync(*, leave: LeaveRequest) -> int:
    """Make the cadre's ``leave`` days match the request: every whole calendar day of an approved
    leave (a closed one up to the day before the return), none for a cancelled or rejected one.

    Half days stay the township's to enter. A day the township or a check-in already wrote is kept,
    and certified months are not touched (a change there is the county's, audited).
    """
    wanted: set[datetime.date] = set()
    if leave.status in (LeaveStatus.APPROVED, LeaveStatus.CLOSED):
        last = leave.end
        if leave.status == LeaveStatus.CLOSED and leave.returned_on is not None:
            last = min(last, leave.returned_on - datetime.timedelta(days=1))
        wanted = {d for d, share in leave.leave_days_by_date().items() if share == 1 and d <= last}
    months = {(d.year, d.month) for d in leave.leave_days_by_date()}
    locked = {(y, m) for _, y, m in certified_months([leave.township_id], months)}
    existing = {
        row.date: row
        for row in AttendanceDay.objects.select_for_update().filter(
            cadre_id=leave.cadre_id, date__range=(leave.start, leave.end)
        )
    }
    touched: list[tuple[int, datetime.date]] = []
    stale = [
        d
        for d, row in existing.items()
        if row.source == AttendanceSource.LEAVE and d not in wanted and (d.year, d.month) not in locked
    ]
    if stale:
        AttendanceDay.objects.filter(cadre_id=leave.cadre_id, date__in=stale).delete()
        touched += [(leave.cadre_id, d) for d in stale]
    new = [d for d in sorted(wanted) if d not in existing and (d.year, d.month) not in locked]
    team_id = leave.membership.team_id
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            cadre_id=leave.cadre_id,
            date=d,
            status=AttendanceStatus.LEAVE,
            night_in_village=False,
            team_id=team_id,
            county_id=leave.county_id,
            township_id=leave.township_id,
            source=AttendanceSource.LEAVE,
        )
        for d in new
    )
    touched += [(leave.cadre_id, d) for d in new]
    summaries_refresh_days(touched=touched)
    return len(touched)
