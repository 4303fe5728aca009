from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "驻村工作队"

    def ready(self) -> None:
        # Issue 15: invalidation of the scope, cited provisions and county policies kept across requests.
        from .caches import connect

        connect()
