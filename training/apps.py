from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "培训"

    def ready(self) -> None:
        from core.worklist import register

        from .worklist import work_items

        register(work_items)  # its items of the home page's work list
        # Issue 15: its work-list counts kept across requests are forgotten on every write of the app.
        from .caches import connect

        connect()
