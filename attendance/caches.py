"""What invalidates the menu's counts kept across requests (issue 15, core/caching.py,
``templatetags.leave_tags.leave_badges``): any write of a leave request, a decision, a substitution,
a notification or a user (a substitution's principal) bumps the "leave" generation; bulk writes of
notifications bump it in ``NotificationQuerySet``. Connected when the app is ready (apps.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from core.caching import bump

LEAVE_GENERATION = "leave"


def _leave_written(sender: Any, **kwargs: Any) -> None:
    bump(LEAVE_GENERATION)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in ("LeaveRequest", "LeaveDecision", "SubstituteApprover", "Notification"):
            signal.connect(_leave_written, sender=f"attendance.{model}", dispatch_uid=f"zhucun-cache-{model}")
        # A substitution holds only while its principal keeps the office and region (SubstituteApprover
        # ``valid``): a user saved may open or close another user's inbox.
        signal.connect(
            _leave_written, sender=settings.AUTH_USER_MODEL, dispatch_uid="zhucun-cache-leave-user"
        )
