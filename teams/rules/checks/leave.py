"""Leave (请假 / 销假): the approvals a leave carries and the return report."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import Decimal

from ..model import Finding
from .base import ChecksBase, num, offices


class LeaveChecks(ChecksBase):
    """The route of approvals a leave carries, and its return report."""

    def check_leave_approval(
        self, days: Decimal | int | str, approved_by: Collection[str], filed_with: Collection[str] = ()
    ) -> list[Finding]:
        """JN-LEAVE / ZMD-LEAVE (and a county's QH/SC-LEAVE): the approvals a leave carries."""
        p = self.leave_provision
        if p is None:
            return []
        route = self.leave_route(days)
        found = []
        missing = route.approvers - set(approved_by)
        if missing:
            found.append(
                self._finding(
                    p, f"请假{num(Decimal(days))}天应{route.description}，缺少{offices(missing)}的批准"
                )
            )
        not_filed = route.filed_with - set(filed_with)
        if not_filed:
            found.append(self._finding(p, f"请假{num(Decimal(days))}天应报{offices(not_filed)}备案"))
        return found

    def check_leave_return(
        self, leave_end: datetime.date, returned_on: datetime.date | None, today: datetime.date
    ) -> list[Finding]:
        """ALL-RETURN: a leave ends with a return report (销假)."""
        p = self.in_force("ALL-RETURN")
        if p is None or returned_on is not None or today <= leave_end:
            return []
        return [self._finding(p, f"请假已于{leave_end.isoformat()}结束，尚未销假")]
