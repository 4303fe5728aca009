from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Field
from django.http import HttpRequest

from .models import User

# What the two name fields hold here (User.display_name), instead of Django's 名字 / 姓氏.
NAME_FIELDS = {
    "last_name": ("姓名", "本人姓名，如“王建国”；驻村干部的账号可留空，使用干部花名册中的姓名。"),
    "first_name": ("单位与职务", "如“五沟营镇党委”；其他用户看到的是“姓名（单位与职务）”，不显示登录名。"),
}


@admin.register(User)
class ZhucunUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "office", "region", "dispatching_unit", "cadre", "is_active"]
    list_filter = ["office", "is_active", "must_change_password", "is_superuser"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("职能与管辖范围", {"fields": ("office", "region", "dispatching_unit", "cadre")}),
        ("密码", {"fields": ("must_change_password",)}),
    )
    autocomplete_fields = ["region", "dispatching_unit", "cadre"]

    @admin.display(description="显示名称")
    def display_name(self, obj: User) -> str:
        return obj.display_name

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name in NAME_FIELDS:
            kwargs["label"], kwargs["help_text"] = NAME_FIELDS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)
