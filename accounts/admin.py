from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class ZhucunUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "office", "region", "dispatching_unit", "cadre", "is_active"]
    list_filter = ["office", "is_active", "is_superuser"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("职能与管辖范围", {"fields": ("office", "region", "dispatching_unit", "cadre")}),
    )
    autocomplete_fields = ["region", "dispatching_unit", "cadre"]
