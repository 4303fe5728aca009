"""Background jobs of leave (in-process without a broker, see core/tasks.py). The e-mail of a
notification is a job of ``notifications``."""

from __future__ import annotations

from celery import shared_task

from .services import leave_flag_overdue


# The beat schedule (config/settings.py) names the job by the module it was first written in.
@shared_task(name="attendance.tasks.flag_overdue_returns")
def flag_overdue_returns() -> int:
    """Daily (beat): approved leaves past their end without a return report are flagged once."""
    return leave_flag_overdue()
