from __future__ import annotations

from typing import Any

from django import template

from attendance.leave import selectors
from attendance.models import Notification

register = template.Library()


@register.simple_tag
def leave_badges(user: Any) -> dict[str, int]:
    """Counts for the navigation: requests waiting for the user's office, unread notifications."""
    if not getattr(user, "is_authenticated", False):
        return {"inbox": 0, "unread": 0}
    return {
        "inbox": selectors.inbox(user).count(),
        "unread": Notification.objects.for_user(user).unread().count(),
    }
