from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.http import HttpRequest

from . import display
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
    """The trail read in the admin, in the words of the county's page (audit.display)."""

    list_display = ["when", "actor_name", "office_label", "remote_addr", "kind", "what", "object_repr"]
    list_filter = ["auth_event", "office"]
    search_fields = ["object_repr", "actor_name", "username", "remote_addr"]
    readonly_fields = [
        "when",
        "actor_name",
        "office_label",
        "county",
        "remote_addr",
        "kind",
        "what",
        "object_repr",
        "details",
    ]
    fieldsets = [(None, {"fields": readonly_fields})]

    def get_actions(self, request: HttpRequest) -> Any:
        return {}

    @admin.display(description="时间", ordering="timestamp")
    def when(self, obj: AuditEntry) -> str:
        return f"{display.rows([obj])[0].when:%Y-%m-%d %H:%M:%S}"

    @admin.display(description="职能")
    def office_label(self, obj: AuditEntry) -> str:
        return display.office_name(obj.office)

    @admin.display(description="类别")
    def kind(self, obj: AuditEntry) -> str:
        return display.rows([obj])[0].kind

    @admin.display(description="操作")
    def what(self, obj: AuditEntry) -> str:
        return display.rows([obj])[0].action

    @admin.display(description="变更内容（原值 → 新值）")
    def details(self, obj: AuditEntry) -> str:
        return display.rows([obj])[0].changes_text
