from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "图表与对比"

    def ready(self) -> None:
        from core.sections import register

        from .sections import county_charts

        register("attendance.compliance", county_charts)  # the county's charts on the compliance page
        register("dashboard.county_home", county_charts)  # and on the county home
