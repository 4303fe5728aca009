from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "考勤与请销假"

    def ready(self) -> None:
        from teams.policy_services import on_policy_override
        from teams.services import on_membership_change

        from .days.summary import summaries_follow_memberships, summaries_follow_policy

        on_membership_change(summaries_follow_memberships)
        on_policy_override(summaries_follow_policy)
