"""Forms of the county office's create/edit pages. Choices are always scoped to the user."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet

from accounts.models import User
from core.params import TEXT_MAX_LENGTH, validate_served_date

from . import errors, idcard
from .choices import RegionLevel
from .models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from .scoping import scope_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedForm(forms.ModelForm):
    """A ModelForm that knows its user, so every choice list goes through ``for_user()``."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
            # Dates of terms, postings and exits lie in the years the system serves (a team starting
            # 9999-12-31 is a typing slip); a birth date is checked against the ID number instead.
            if isinstance(field, forms.DateField) and name != "birth_date":
                field.validators.append(validate_served_date)
            # Free text a model keeps without a length (a team's note) is bounded like every other.
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs["maxlength"] = str(TEXT_MAX_LENGTH)
        self.scope_choices()

    def scope_choices(self) -> None:
        pass

    def validate_unique(self) -> None:
        """Uniqueness is the service's to check: its message knows whose record is in the way and
        whether the user may be told (Django's "具有 公民身份号码 的 驻村干部 已存在。" knows neither)."""

    def limit(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class VillageForm(ScopedForm):
    class Meta:
        model = Village
        fields = [
            "township",
            "name",
            "code",
            "is_registered_poor",
            "is_weak_party_org",
            "is_stability_focus",
            "is_deep_poverty",
            "is_ethnic_area",
            "has_no_industry",
            "has_untapped_resources",
            "is_key_village",
            "latitude",
            "longitude",
            "poverty_exit_date",
        ]

    def scope_choices(self) -> None:
        self.limit("township", Region.objects.for_user(self.user).filter(level=RegionLevel.TOWNSHIP))


class UnitForm(ScopedForm):
    class Meta:
        model = DispatchingUnit
        fields = ["name", "level", "kind", "staff_total", "headcount", "region"]

    def scope_choices(self) -> None:
        # The user's own county and townships; a new unit may also be its city's or province's, or a
        # central one (left empty). An existing unit stays in the user's region (services.unit_save), so
        # the list always holds its region and a save never wipes it.
        own = Region.objects.for_user(self.user)
        if self.instance.pk:
            self.limit("region", own)
            self.fields["region"].required = True
            self.fields["region"].help_text = ""
        else:
            above = Region.objects.filter(path__in=scope_for(self.user).ancestor_paths)
            self.limit("region", (own | above).order_by("path"))


class CadreForm(ScopedForm):
    class Meta:
        model = Cadre
        fields = [
            "id_number",
            "name",
            "sex",
            "birth_date",
            "party_status",
            "rank",
            "is_reserve",
            "expertise",
            "is_bilingual",
            "is_on_staff",
            "phone",
        ]
        help_texts = {"sex": "可不填，按身份证号自动识别", "birth_date": "可不填，按身份证号自动识别"}

    def scope_choices(self) -> None:
        self.fields["sex"].required = False
        self.fields["birth_date"].required = False

    def clean_id_number(self) -> str:
        try:
            return idcard.normalize(self.cleaned_data["id_number"])
        except idcard.InvalidIdNumber as exc:
            raise forms.ValidationError(str(exc)) from exc


class TeamForm(ScopedForm):
    class Meta:
        model = Team
        fields = ["village", "term_start", "term_end", "withdrawn_on", "note"]

    def scope_choices(self) -> None:
        self.limit("village", Village.objects.for_user(self.user).select_related("township"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, withdrawn = cleaned.get("term_start"), cleaned.get("withdrawn_on")
        if start and withdrawn and withdrawn < start:
            self.add_error("withdrawn_on", TEAM_WITHDRAWN_BEFORE_START_MSG)
        return cleaned


TEAM_WITHDRAWN_BEFORE_START_MSG = "撤离日期不能早于本期开始日期"


class MembershipForm(ScopedForm):
    class Meta:
        model = Membership
        fields = ["cadre", "role", "is_leader", "dispatching_unit", "start", "end"]

    def scope_choices(self) -> None:
        self.limit("cadre", Cadre.objects.for_user(self.user))
        self.limit("dispatching_unit", DispatchingUnit.objects.for_user(self.user))
        if self.instance.pk:
            # A posting belongs to one cadre: another cadre is the end of this posting and a new one.
            cadre = self.fields["cadre"]
            cadre.disabled = True
            cadre.help_text = MEMBERSHIP_CADRE_FIXED_HELP


MEMBERSHIP_CADRE_FIXED_HELP = "任职的干部不能更换：请先“结束任职”并填写原因，再为接替的干部新增任职"


class MembershipEndForm(forms.Form):
    """Ending a posting early: the last day and why (调整、召回、病退……), kept on the membership."""

    end = forms.DateField(
        label="派驻结束日期", widget=DATE, help_text="在村的最后一天", validators=[validate_served_date]
    )
    reason = forms.CharField(
        label="结束原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：工作调整、召回、因病、期满轮换",
        error_messages={"required": errors.MEMBERSHIP_END_REASON_REQUIRED_MSG},
    )
    add_successor = forms.BooleanField(
        label="接着为接替的干部新增任职（自结束次日起，职务和派出单位预填）", required=False, initial=True
    )
