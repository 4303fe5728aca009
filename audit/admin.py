from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


class ReadOnlyAdminMixin:
    """Seen, never written: no add, change or delete, for superusers too (the store is append-only)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-auditlog registers its own admin for the log entry model; this one replaces it.
if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, LogEntryAdmin):
    list_display = [
        "created",
        "resource_url",
        "action",
        "auth_event",
        "msg_short",
        "actor_name",
        "office",
        "remote_addr",
    ]
    list_filter = ["action", "auth_event", "office"]
    search_fields = ["object_repr", "actor_name", "username", "remote_addr"]
    readonly_fields = [
        "created",
        "resource_url",
        "action",
        "auth_event",
        "username",
        "actor_name",
        "office",
        "county",
        "remote_addr",
        "msg",
    ]
    fieldsets = [
        (None, {"fields": ["created", "actor_name", "office", "county", "remote_addr", "resource_url"]}),
        ("变更", {"fields": ["action", "auth_event", "username", "msg"]}),
    ]

    def get_actions(self, request: HttpRequest) -> Any:
        return {}
