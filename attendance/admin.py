from django.contrib import admin
from django.http import HttpRequest

from .models import LeaveDecision, LeaveEvent, LeaveRequest, Notification, SubstituteApprover


class DecisionInline(admin.TabularInline):
    model = LeaveDecision
    extra = 0
    readonly_fields = ["office", "decision", "comment", "user", "on_behalf_of", "decided_at"]
    can_delete = False


class EventInline(admin.TabularInline):
    """The leave's audit trail: never added, edited or deleted here, by superusers neither."""

    model = LeaveEvent
    extra = 0
    readonly_fields = ["action", "office", "user", "on_behalf_of", "comment", "at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: LeaveRequest | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LeaveRequest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LeaveRequest | None = None) -> bool:
        return False


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services so the audit trail stays complete."""

    list_display = [
        "cadre",
        "county",
        "township",
        "start",
        "end",
        "days",
        "kind",
        "status",
        "route_provision",
    ]
    list_filter = ["status", "kind", "county", "policy_code"]
    search_fields = ["cadre__name", "reason"]
    inlines = [DecisionInline, EventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LeaveRequest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LeaveRequest | None = None) -> bool:
        # Deleting a request would take its events (the leave's audit trail) with it.
        return False


@admin.register(SubstituteApprover)
class SubstituteApproverAdmin(admin.ModelAdmin):
    list_display = ["office", "principal", "substitute", "start", "end", "revoked_at"]
    list_filter = ["office"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
    search_fields = ["text", "recipient__username"]
