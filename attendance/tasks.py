"""Background jobs of the leave domain (in-process without a broker, see core/tasks.py)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """Mail one notification to its recipient, once."""
    from .models import Notification

    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "request")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.recipient.email:
            return False
        send_mail(
            subject=f"驻村通：{note.text[:40]}",
            message=f"{note.text}\n\n请登录驻村通查看：{note.get_absolute_url()}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[note.recipient.email],
        )
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


@shared_task
def flag_overdue_returns() -> int:
    """Daily (beat): approved leaves past their end without a return report are flagged once."""
    from .services import leave_flag_overdue

    return leave_flag_overdue()


@shared_task
def remind_absence_explanations() -> int:
    """ZMD-ABSENT (beat, daily): explanations not yet sent for a collection due within the reminder lead
    time (teams.rules.defaults.EXPLANATION_REMINDER_LEAD_DAYS) are reminded once a day."""
    from .days.services import explanations_remind

    return explanations_remind()
