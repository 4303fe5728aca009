"""Forms of the leave pages; every choice list goes through ``for_user()``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Office, User
from attendance.models import Decision, LeaveKind
from core.params import TEXT_MAX_LENGTH, validate_served_date
from teams.models import Cadre, Membership

from . import selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Every date of these forms lies in a year the system serves (params.MIN_YEAR..MAX_YEAR).
SERVED = [validate_served_date]


class LeaveRequestForm(forms.Form):
    cadre = forms.ModelChoiceField(label="驻村干部", queryset=Cadre.objects.none())
    kind = forms.ChoiceField(label="请假类别", choices=LeaveKind.choices)
    start = forms.DateField(label="开始日期", widget=DATE, validators=SERVED)
    half_day_start = forms.BooleanField(label="首日下午开始（半天）", required=False)
    end = forms.DateField(label="结束日期", widget=DATE, validators=SERVED)
    half_day_end = forms.BooleanField(label="末日上午结束（半天）", required=False)
    reason = forms.CharField(
        label="请假事由", max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label="附件（病假条等，PDF/JPG/PNG，5MB以内）", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.office == Office.CADRE:
            del self.fields["cadre"]
        else:
            serving = Membership.objects.for_user(user).active_on(timezone.localdate()).values("cadre")
            cadre = self.fields["cadre"]
            assert isinstance(cadre, forms.ModelChoiceField)
            cadre.queryset = Cadre.objects.for_user(user).filter(pk__in=serving)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审批意见", choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见说明", required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="返岗日期", widget=DATE, validators=SERVED)
    comment = forms.CharField(label="说明", required=False, max_length=TEXT_MAX_LENGTH)


class UserChoiceField(forms.ModelChoiceField):
    """Users as people read them. Two colleagues of one office may read the same (no person name, one
    description): only those are told apart by their login, which is what they would quote anyway."""

    shared_names: frozenset[str] = frozenset()

    def label_from_instance(self, obj: User) -> str:
        name = obj.display_name
        return f"{name}（登录名 {obj.username}）" if name in self.shared_names else name


class SubstituteForm(forms.Form):
    substitute = UserChoiceField(label="代理审批人", queryset=User.objects.none())
    start = forms.DateField(label="开始日期", widget=DATE, validators=SERVED)
    end = forms.DateField(label="结束日期", widget=DATE, validators=SERVED)
    reason = forms.CharField(label="事由", required=False, max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        substitute = self.fields["substitute"]
        assert isinstance(substitute, UserChoiceField)
        # Only the users the service accepts: the same office, inside the user's jurisdiction.
        substitute.queryset = (
            selectors.substitute_candidates(user)
            .select_related("region", "dispatching_unit", "cadre")
            .order_by("username")
        )
        names = Counter(u.display_name for u in substitute.queryset)
        substitute.shared_names = frozenset(name for name, count in names.items() if count > 1)
