from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Cadre, DispatchingUnit, Membership, PolicyOverride, Region, Team, Village


@admin.register(Region)
class RegionAdmin(GuardedModelAdmin):
    list_display = ["code", "name", "level", "parent", "policy_code"]
    list_filter = ["level", "policy_code"]
    search_fields = ["code", "name"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
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
class DispatchingUnitAdmin(GuardedModelAdmin):
    list_display = ["name", "level", "kind", "headcount", "region"]
    list_filter = ["level", "kind"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cadre", "dispatching_unit"]


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number", "sex", "birth_date", "party_status", "rank", "county"]
    list_filter = ["party_status", "rank", "is_reserve", "county"]
    search_fields = ["name", "id_number", "phone"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "term_start", "term_end"]
    search_fields = ["village__name"]
    autocomplete_fields = ["village"]
    inlines = [MembershipInline]


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    list_display = ["county", "key", "provision", "value", "created_by", "created_at"]
    readonly_fields = ["created_at"]
