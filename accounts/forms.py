"""Forms of the county's account pages and of a user's own password change. Choices are the county's own
(``accounts.selectors``); the services check the same again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from teams.models import Cadre, DispatchingUnit, Region

from .models import Office, User
from .selectors import MANAGED_OFFICES, assignable_cadres, assignable_regions, assignable_units
from .services import NAME_MAX_LENGTH

PERSON_NAME_HELP = "本人姓名，如“王建国”；驻村干部的账号可留空，使用干部花名册中的姓名"
OFFICE_DESCRIPTION_HELP = "如“五沟营镇党委”；其他用户看到的是“姓名（单位与职务）”，不显示登录名"


class _CadreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Cadre)
        return f"{obj.name}（身份证号尾号{obj.id_number[-4:]}）"


class _RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Region)
        return f"{obj.name}（{obj.get_level_display()}）"


class UserCreateForm(forms.Form):
    office = forms.ChoiceField(label="职能", choices=[(o, Office(o).label) for o in MANAGED_OFFICES])
    username = forms.CharField(
        label="登录名",
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text="字母、数字和 @ . + - _；留空则按本县区划代码加序号自动生成，如“411721-0001”",
    )
    person_name = forms.CharField(
        label="姓名", max_length=NAME_MAX_LENGTH, required=False, help_text=PERSON_NAME_HELP
    )
    office_description = forms.CharField(
        label="单位与职务", max_length=NAME_MAX_LENGTH, required=False, help_text=OFFICE_DESCRIPTION_HELP
    )
    region = _RegionChoice(
        label="管辖区域",
        queryset=Region.objects.none(),
        required=False,
        help_text="乡镇党委选本县的乡镇，县乡村振兴局选本县",
    )
    dispatching_unit = forms.ModelChoiceField(
        label="派出单位",
        queryset=DispatchingUnit.objects.none(),
        required=False,
        help_text="职能为派出单位时选择；只列出本县的单位",
    )
    cadre = _CadreChoice(
        label="驻村干部",
        queryset=Cadre.objects.none(),
        required=False,
        help_text="职能为驻村干部时选择；只列出本县尚无账号的干部",
    )

    def __init__(self, *args: Any, county: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit("region", assignable_regions(county))
        self._limit("dispatching_unit", assignable_units(county))
        self._limit("cadre", assignable_cadres(county).filter(user__isnull=True))

    def _limit(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class UserEditForm(forms.Form):
    person_name = forms.CharField(
        label="姓名", max_length=NAME_MAX_LENGTH, required=False, help_text=PERSON_NAME_HELP
    )
    office_description = forms.CharField(
        label="单位与职务", max_length=NAME_MAX_LENGTH, required=False, help_text=OFFICE_DESCRIPTION_HELP
    )

    @classmethod
    def for_user(cls, data: Any, user: User) -> UserEditForm:
        return cls(data, initial={"person_name": user.last_name, "office_description": user.first_name})


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form checks the old password and that both new ones match; the rules of
    ``AUTH_PASSWORD_VALIDATORS`` are checked once, by ``services.user_password_change`` (the history rule
    hashes the new password against the last five: twice would double that cost)."""

    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        pass
