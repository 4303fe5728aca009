from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "驻村工作队"

    def ready(self) -> None:
        from .scoping import resolver, use_resolver

        use_resolver(resolver.resolve)
