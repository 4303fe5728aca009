from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "考核"

    def ready(self) -> None:
        from core.worklist import register

        from .worklist import work_items

        register(work_items)  # its items of the home page's work list
        # Issue 15: the duties calendar's counts on the work list are forgotten on every duty fact written.
        from .caches import connect

        connect()
