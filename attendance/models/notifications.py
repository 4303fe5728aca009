"""In-app notifications (消息): leave decisions, reminders of duties and deadlines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.caching import bump
from teams.scoping import ScopedQuerySet

from .leave import LeaveRequest


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    region_paths = ("request__township__path",)
    unit_paths = ("request__dispatching_unit",)
    cadre_paths = ("request__cadre",)

    def for_user(self, user: Any) -> NotificationQuerySet:
        # Personal: one's own notifications, and only about requests one can still reach.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        # A notification about no leave (a duty's reminder, `target_url`) is the recipient's alone.
        return self.filter(recipient=user).filter(
            Q(request__isnull=True) | Q(request__in=LeaveRequest.objects.for_user(user).values("pk"))
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    # Issue 15: bulk writes send no model signal; they too forget the menu's counts (attendance/caches.py).
    def update(self, **kwargs: Any) -> int:
        updated = super().update(**kwargs)
        bump("leave")
        return updated

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Notification]:
        created = super().bulk_create(objs, *args, **kwargs)
        bump("leave")
        return created


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="leave_notifications",
    )
    # A leave's notification names the request; any other (a duty's reminder) names a target page instead.
    request = models.ForeignKey(
        LeaveRequest,
        verbose_name="请假申请",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    target_url = models.CharField("链接", max_length=200, blank=True)
    target_label = models.CharField("事项", max_length=100, blank=True)
    # Sent at most once per recipient and key (a duty's reminder, its overdue notice); "" for leave's.
    dedupe_key = models.CharField("去重键", max_length=120, blank=True)
    text = models.CharField("内容", max_length=300)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        """Where opening it leads: the leave request, or the duty's page."""
        if self.request_id is not None and self.request is not None:
            return self.request.get_absolute_url()
        return self.target_url or reverse("attendance:notification_list")
