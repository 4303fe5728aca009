from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.utils import timezone

from attendance.leave import selectors
from attendance.models import LeaveRequest, Notification
from core import caching
from teams.scoping import scope_digest, scope_for

register = template.Library()

# Issue 15: the counts are kept across requests until a leave request, a decision, a substitution or a
# notification is written (attendance/caches.py bumps "leave"): an approver sees a new request at once.
# The timeout only bounds what a write outside the models' signals could leave behind.
BADGE_TIMEOUT = 60


@register.simple_tag
def leave_badges(user: Any) -> dict[str, int]:
    """Counts for the navigation: requests waiting for the user's office, unread notifications."""
    if not getattr(user, "is_authenticated", False):
        return {"inbox": 0, "unread": 0}
    today = timezone.localdate()
    parts = (user.pk, user.office, scope_digest(scope_for(user)), today)
    return caching.cached("badges", parts, ("leave",), lambda: badge_counts(user), BADGE_TIMEOUT)


def badge_counts(user: Any) -> dict[str, int]:
    """Both counts in one statement (the substitutions a user holds today are looked up by ``for_user``)."""
    counts: list[tuple[str, tuple[Any, ...]]] = []
    for queryset in (selectors.inbox(user), Notification.objects.for_user(user).unread()):
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(): an office with no inbox, a superuser
            counts.append(("0", ()))
            continue
        counts.append((f"(SELECT COUNT(*) FROM ({sql}) c)", tuple(params)))
    if all(sql == "0" for sql, _ in counts):
        return {"inbox": 0, "unread": 0}
    with connections[router.db_for_read(LeaveRequest)].cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(sql for sql, _ in counts),
            tuple(p for _, params in counts for p in params),
        )
        row = cursor.fetchone()
    return {"inbox": int(row[0]), "unread": int(row[1])}
