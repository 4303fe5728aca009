from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world, assembled at the top where every app may be known (``manage.py demo_data``).
    Each app builds its own part (``teams.demo``, ``attendance.demo``, …) from the apps below it only."""

    name = "demo"
    verbose_name = "演示数据"
