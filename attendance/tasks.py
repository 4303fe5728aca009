"""Background jobs of attendance days (in-process without a broker, see core/tasks.py). Leave's jobs are in
``attendance.leave.tasks`` and ``attendance.leave.notifications``."""

from __future__ import annotations

from celery import shared_task


@shared_task
def remind_absence_explanations() -> int:
    """ZMD-ABSENT (beat, daily): explanations not yet sent for a collection due within the reminder lead
    time (teams.rules.defaults.EXPLANATION_REMINDER_LEAD_DAYS) are reminded once a day."""
    from .days.services import explanations_remind

    return explanations_remind()
