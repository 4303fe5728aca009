from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401  (system checks)
        from .guards import install
        from .receivers import logged_in, logged_out, login_failed
        from .registry import register_all

        register_all()
        connection_created.connect(install, dispatch_uid="audit_sqlite_guard")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:  # opened before this app was ready
                install(sender=None, connection=connection)
        user_logged_in.connect(logged_in, dispatch_uid="audit_logged_in")
        user_logged_out.connect(logged_out, dispatch_uid="audit_logged_out")
        user_login_failed.connect(login_failed, dispatch_uid="audit_login_failed")
