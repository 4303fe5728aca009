"""What invalidates the menu's counts kept across requests (issue 15, core/caching.py,
``templatetags.leave_tags.leave_badges``): any write of a leave request, a decision, a substitution,
a notification or a user (a substitution's principal) bumps the "leave" generation; bulk writes of
notifications bump it in ``NotificationQuerySet``.

What invalidates the figures of the county's attendance page kept across requests
(``days.views.compliance``): any write of an attendance row — a day, a month summary, a certification, a
spot check, an explanation, a work calendar day, a leave — bumps the "attendance-figures" generation;
the bulk writers (the grid, the days of a leave, the summary refresh) bump it themselves
(``figures_written``), as does a county's policy changing. The roster's own writes bump teams' "roster".
Connected when the app is ready (apps.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from core.caching import bump

LEAVE_GENERATION = "leave"
FIGURES_GENERATION = "attendance-figures"
# Written in bulk (a queryset's delete, bulk_create): their writers call ``figures_written``; a
# post_delete receiver would cost these tables Django's fast delete.
_BULK_MODELS = ("attendanceday", "cadremonthsummary", "attendancechange")


def figures_written(*args: Any, **kwargs: Any) -> None:
    bump(FIGURES_GENERATION)


def _leave_written(sender: Any, **kwargs: Any) -> None:
    bump(LEAVE_GENERATION)


def connect() -> None:
    from django.apps import apps

    from teams.signals import membership_changed, policy_override_changed

    for written in apps.get_app_config("attendance").get_models():
        label = written._meta.label
        post_save.connect(figures_written, sender=written, dispatch_uid=f"zhucun-figures-save-{label}")
        if written._meta.model_name not in _BULK_MODELS:
            post_delete.connect(
                figures_written, sender=written, dispatch_uid=f"zhucun-figures-delete-{label}"
            )
    policy_override_changed.connect(figures_written, dispatch_uid="zhucun-figures-policy")
    membership_changed.connect(figures_written, dispatch_uid="zhucun-figures-members")
    for signal in (post_save, post_delete):
        for model in ("LeaveRequest", "LeaveDecision", "SubstituteApprover", "Notification"):
            signal.connect(_leave_written, sender=f"attendance.{model}", dispatch_uid=f"zhucun-cache-{model}")
        # A substitution holds only while its principal keeps the office and region (SubstituteApprover
        # ``valid``): a user saved may open or close another user's inbox.
        signal.connect(
            _leave_written, sender=settings.AUTH_USER_MODEL, dispatch_uid="zhucun-cache-leave-user"
        )
