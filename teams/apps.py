from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "驻村工作队"

    def ready(self) -> None:
        from .scoping import resolver, use_resolver

        use_resolver(resolver.resolve)
        from core.worklist import register

        from .worklist import work_items

        register(work_items)  # its items of the home page's work list
        # Issue 15: invalidation of the scope, cited provisions and county policies kept across requests.
        from .caches import connect

        connect()
