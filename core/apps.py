from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Operations that span every app (backup and restore); no models of its own."""

    name = "core"
    verbose_name = "运维"
