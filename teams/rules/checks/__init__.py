"""The checks: methods of `Policy` that judge plain values and return findings, one module per group of
provisions (as PROVISIONS.md groups them).

Every check only speaks for provisions of its policy in force on the policy's date; a provision the
policy does not have yields nothing. `registry.CHECKS` names the check that decides each provision.
"""

from __future__ import annotations

from .assessment import AssessmentChecks
from .attendance import AttendanceChecks
from .base import ChecksBase, add_years, age_on
from .leave import LeaveChecks
from .meetings import MeetingChecks
from .money import MoneyChecks
from .team import TeamChecks
from .training import TrainingChecks


class PolicyChecks(
    TeamChecks,
    AttendanceChecks,
    LeaveChecks,
    AssessmentChecks,
    TrainingChecks,
    MoneyChecks,
    MeetingChecks,
):
    """Mixin of `Policy`: every check. `Policy` supplies the members `ChecksBase` declares."""


__all__ = [
    "AssessmentChecks",
    "AttendanceChecks",
    "ChecksBase",
    "LeaveChecks",
    "MeetingChecks",
    "MoneyChecks",
    "PolicyChecks",
    "TeamChecks",
    "TrainingChecks",
    "add_years",
    "age_on",
]
