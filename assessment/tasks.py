"""Background jobs of the assessment app (in-process without a broker, see core/tasks.py)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def remind_duties() -> int:
    """Daily (beat): whom a duty concerns is notified once before it is due and once when it turns
    overdue (assessment.duties.duties_remind; lead time teams.rules.defaults.DUTY_REMINDER_LEAD_DAYS)."""
    from .duties import duties_remind

    return duties_remind(today=timezone.localdate())
