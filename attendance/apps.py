from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "考勤与请销假"

    def ready(self) -> None:
        from teams.signals import MembershipSpan, membership_changed, policy_override_changed

        from .days.summary import summaries_follow_memberships, summaries_follow_policy

        def follow_memberships(sender: Any, *, spans: Sequence[MembershipSpan], **kwargs: Any) -> None:
            summaries_follow_memberships(spans)

        def follow_policy(sender: Any, *, county: Any, key: str, **kwargs: Any) -> None:
            summaries_follow_policy(county, key)

        membership_changed.connect(
            follow_memberships, weak=False, dispatch_uid="attendance_summaries_members"
        )
        policy_override_changed.connect(follow_policy, weak=False, dispatch_uid="attendance_summaries_policy")

        from core.worklist import register

        from .worklist import work_items

        register(work_items)  # its items of the home page's work list
        # Issue 15: the menu's counts kept across requests are forgotten on every leave write.
        from .caches import connect

        connect()
