from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin
from import_export.admin import ExportMixin, ImportExportMixin

from .models import (
    AidPairing,
    Cadre,
    DispatchingUnit,
    ImportBatch,
    Membership,
    PolicyOverride,
    Region,
    Team,
    Village,
)
from .resources import CadreResource, DispatchingUnitResource, RosterResource, TeamResource, VillageResource


@admin.register(Region)
class RegionAdmin(GuardedModelAdmin):
    list_display = ["code", "name", "level", "parent", "policy_code"]
    list_filter = ["level", "policy_code"]
    search_fields = ["code", "name"]


@admin.register(Village)
class VillageAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [VillageResource]
    list_display = [
        "name",
        "township",
        "code",
        "is_registered_poor",
        "is_weak_party_org",
        "poverty_exit_date",
    ]
    list_filter = ["is_registered_poor", "is_weak_party_org", "is_deep_poverty"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["township"]


@admin.register(DispatchingUnit)
class DispatchingUnitAdmin(ImportExportMixin, GuardedModelAdmin):
    resource_classes = [DispatchingUnitResource]
    list_display = ["name", "level", "kind", "staff_total", "headcount", "region"]
    list_filter = ["level", "kind"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cadre", "dispatching_unit"]


@admin.register(Cadre)
class CadreAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [CadreResource]
    list_display = ["name", "id_number", "sex", "birth_date", "party_status", "rank", "county"]
    list_filter = ["party_status", "rank", "is_reserve", "county"]
    search_fields = ["name", "id_number", "phone"]


@admin.register(Team)
class TeamAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [TeamResource]
    list_display = ["__str__", "term_start", "term_end"]
    search_fields = ["village__name"]
    autocomplete_fields = ["village"]
    inlines = [MembershipInline]


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    """The policy history: read here, written only by the county's policy page (a change is a new row),
    never edited or deleted, by superusers neither."""

    list_display = ["county", "key", "provision", "value", "created_by", "created_at"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PolicyOverride | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PolicyOverride | None = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(ExportMixin, admin.ModelAdmin):
    """Export of the roster layout; writes go through the county pages and the roster import."""

    resource_classes = [RosterResource]
    list_display = ["cadre", "team", "role", "is_leader", "dispatching_unit", "start", "end"]
    list_select_related = ["cadre", "team__village", "dispatching_unit"]
    search_fields = ["cadre__name", "cadre__id_number", "team__village__name"]
    autocomplete_fields = ["cadre", "team", "dispatching_unit"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "county",
        "created_by",
        "created_at",
        "source",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "invalid_count",
    ]
    list_filter = ["status", "source", "county"]
    exclude = ["content", "report"]
    readonly_fields = [
        "county",
        "created_by",
        "created_at",
        "finished_at",
        "source",
        "file_name",
        "skip_invalid",
        "status",
        "progress",
        "total_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "invalid_count",
        "message",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(AidPairing)
class AidPairingAdmin(admin.ModelAdmin):
    """SC-AID's aid pairings (对口帮扶关系), entered by the province: which county aids which."""

    list_display = ["aiding_county", "aided_county"]
    autocomplete_fields = ["aiding_county", "aided_county"]
