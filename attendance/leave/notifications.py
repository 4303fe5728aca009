"""In-app notifications (消息) of leave: telling the people concerned (and e-mailing those with an
address), and marking notifications read. Reading is a write, so it happens only on a POST.

Other apps write their own reminders as ``Notification`` rows (a duty's page as ``target_url``); the
list, the e-mail and the read state below serve them too.
"""

from __future__ import annotations

from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from attendance.models import LeaveRequest, Notification
from core.tasks import enqueue

TEXT_MAX = 300  # Notification.text


def notify(
    *, recipients: Iterable[User], leave: LeaveRequest, text: str, skip: User | None = None
) -> list[Notification]:
    """One notification about ``leave`` to each recipient once (``skip`` excepted, usually the actor);
    each recipient with an address also gets it by e-mail once the transaction commits."""
    seen: set[int] = set()
    notes: list[Notification] = []
    for user in recipients:
        if user.pk in seen or (skip is not None and user.pk == skip.pk):
            continue
        seen.add(user.pk)
        note = Notification.objects.create(recipient=user, request=leave, text=text[:TEXT_MAX])
        notes.append(note)
        if user.email:
            enqueue(send_notification_email, note.pk)
    return notes


def notifications_mark_read(
    *, actor: User, ids: Iterable[int] | None = None, leave: LeaveRequest | None = None
) -> int:
    """Mark the actor's unread notifications read: all of them, those of ``ids``, or those about
    ``leave``. Returns how many were marked."""
    qs = Notification.objects.for_user(actor).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if leave is not None:
        qs = qs.filter(request=leave)
    return qs.update(read_at=timezone.now())


def notification_open(*, actor: User, notification: Notification) -> str:
    """The actor opens one of their notifications: it is read from now on. Returns where it leads."""
    notifications_mark_read(actor=actor, ids=[notification.pk])
    return notification.get_absolute_url()


# The dotted name stays the one of the module the task was first written in (attendance/tasks.py), so
# that messages already queued under it still find it after the move.
@shared_task(name="attendance.tasks.send_notification_email")
def send_notification_email(notification_id: int) -> bool:
    """Mail one notification to its recipient, once."""
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
