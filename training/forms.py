"""The event form: Chinese messages; the service decides everything the form cannot (levels, spans)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from core import params
from teams.choices import RegionLevel
from teams.models import Region

from .models import TrainingKind, TrainingLevel


class EventForm(forms.Form):
    level = forms.ChoiceField(label="组织层级", choices=TrainingLevel.choices)
    township = forms.ModelChoiceField(
        label="组织乡镇（街道）",
        queryset=Region.objects.none(),
        required=False,
        help_text="乡镇级培训须选择组织的乡镇",
        error_messages={"invalid_choice": "所选乡镇（街道）不在本县"},
    )
    title = forms.CharField(label="培训名称", max_length=128, error_messages={"required": "请填写培训名称"})
    start = forms.DateField(
        label="开始日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写开始日期", "invalid": "日期格式应为YYYY-MM-DD"},
        validators=[params.validate_served_date],
    )
    end = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写结束日期", "invalid": "日期格式应为YYYY-MM-DD"},
        validators=[params.validate_served_date],
    )
    days = forms.DecimalField(
        label="培训天数",
        min_value=Decimal("0.5"),
        max_value=Decimal("366"),
        max_digits=4,
        decimal_places=1,
        # Whole or half days only (the service refuses 1.2): the browser's spinner steps by halves.
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text="可填半天，如2.5；不超过起止日期的天数",
        error_messages={
            "required": "请填写培训天数",
            "invalid": "培训天数应为数字，如3或2.5",
            "min_value": "培训天数至少0.5天",
            "max_value": "培训天数不能超过366天",
            "max_digits": "培训天数数字过长",
            "max_decimal_places": "培训天数最多一位小数",
            "max_whole_digits": "培训天数数字过长",
        },
    )
    concentrated = forms.BooleanField(label="集中培训", required=False, initial=True)
    kind = forms.ChoiceField(label="培训类别", choices=TrainingKind.choices, initial=TrainingKind.ROTATION)

    def __init__(self, *args: Any, county: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["township"]
        assert isinstance(field, forms.ModelChoiceField)
        if county is not None and county.level == RegionLevel.COUNTY:
            field.queryset = Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code")
        else:
            del self.fields["township"]
            level = self.fields["level"]
            assert isinstance(level, forms.ChoiceField)
            level.choices = [(TrainingLevel.TOWNSHIP, TrainingLevel.TOWNSHIP.label)]
