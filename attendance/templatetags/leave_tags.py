from __future__ import annotations

from typing import Any

from django import template
from django.db import connections, router
from django.utils import timezone

from attendance import selectors
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
    inbox = selectors.inbox(user).order_by().values("pk")
    unread = Notification.objects.for_user(user).unread().order_by().values("pk")
    inbox_sql, inbox_params = inbox.query.sql_with_params()
    unread_sql, unread_params = unread.query.sql_with_params()
    with connections[router.db_for_read(LeaveRequest)].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({inbox_sql}) i), (SELECT COUNT(*) FROM ({unread_sql}) u)",  # noqa: S608
            (*inbox_params, *unread_params),
        )
        row = cursor.fetchone()
    return {"inbox": int(row[0]), "unread": int(row[1])}
