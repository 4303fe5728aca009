"""Forms of the work log pages: Chinese labels and messages; the services do the checks that matter."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Office, User
from core.params import validate_served_date
from teams.models import Cadre, DispatchingUnit, Team, Village

from .models import (
    CARE_SITUATION_CHOICES,
    SUMMARY_MAX_CHARS,
    TEXT_MAX_CHARS,
    EntryKind,
    Household,
    LinkLeader,
    SupportKind,
)
from .services import MAX_HOUSEHOLDS

NEW_HOUSEHOLDS_HELP = "每行一户：户主姓名 门牌/组（如：张三 3组12号），首次走访的农户在此登记"


def _limit(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def _choose(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class TeamChoiceField(forms.ModelChoiceField):
    """A village has a team per term: each option names its term, so two terms' teams are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        end = f"{obj.term_end:%Y-%m}" if obj.term_end else "今"
        return f"{obj}（{obj.term_start:%Y-%m}至{end}）"


def parse_new_households(text: str) -> list[tuple[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        parts = line.strip().split(None, 1)
        if parts:
            rows.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return rows


class DateInput(forms.DateInput):
    """``<input type=date>`` needs ISO dates whatever the locale's display format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LogEntryForm(forms.Form):
    team = TeamChoiceField(label="工作队", queryset=Team.objects.none(), required=False)
    cadre = forms.ModelChoiceField(
        label="驻村干部", queryset=Cadre.objects.none(), required=False, help_text="不选为工作队日志"
    )
    kind = forms.ChoiceField(label="类别", choices=EntryKind.choices)
    date = forms.DateField(label="日期", widget=DateInput, validators=[validate_served_date])
    place = forms.CharField(label="地点", max_length=100, required=False)
    summary = forms.CharField(
        label="工作内容", max_length=SUMMARY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    people = forms.CharField(
        label="涉及人员", max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    households = forms.ModelMultipleChoiceField(
        label="走访农户",
        queryset=Household.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_households = forms.CharField(
        label="新登记农户",
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text=NEW_HOUSEHOLDS_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(label="附件（可选，PDF/JPG/PNG，5MB以内）", required=False)

    def __init__(self, *args: Any, user: User, households: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "households", households)
        if user.office == Office.TOWNSHIP_COMMITTEE and not editing:
            _limit(self, "team", Team.objects.for_user(user).select_related("village"))
            self.fields["team"].required = True
            _limit(self, "cadre", Cadre.objects.for_user(user))
        else:
            del self.fields["team"]
            del self.fields["cadre"]
        if editing:
            del self.fields["attachment"]


class VillageHouseholdsForm(forms.Form):
    village = forms.ModelChoiceField(label="村", queryset=Village.objects.none())
    count = forms.IntegerField(label="户数", min_value=1, max_value=MAX_HOUSEHOLDS)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "village", Village.objects.for_user(user).select_related("township"))


class MeetingForm(forms.Form):
    date = forms.DateField(label="日期", widget=DateInput, validators=[validate_served_date])
    title = forms.CharField(label="会议名称", max_length=100)
    attendees = forms.ModelMultipleChoiceField(
        label="参会驻村干部",
        queryset=Cadre.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label="会议纪要", max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, attendees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "attendees", attendees)


class LinkLeaderForm(forms.Form):
    village = forms.ModelChoiceField(label="联点村", queryset=Village.objects.none())
    name = forms.CharField(label="姓名", max_length=32)
    position = forms.CharField(label="单位与职务", max_length=100)
    start = forms.DateField(label="联点开始", widget=DateInput, validators=[validate_served_date])

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "village", Village.objects.for_user(user).select_related("township"))


class SupportVisitForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", choices=[c for c in SupportKind.choices if c[0] != SupportKind.CARE_VISIT]
    )
    team = TeamChoiceField(label="工作队", queryset=Team.objects.none())
    date = forms.DateField(label="日期", widget=DateInput, validators=[validate_served_date])
    link_leader = forms.ModelChoiceField(
        label="联点领导（联点领导到村时选）", queryset=LinkLeader.objects.none(), required=False
    )
    dispatching_unit = forms.ModelChoiceField(
        label="派出单位（县委组织部代为登记时选）", queryset=DispatchingUnit.objects.none(), required=False
    )
    visitor = forms.CharField(label="到村人员", max_length=64, required=False)
    note = forms.CharField(
        label="情况", max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "team", Team.objects.for_user(user).select_related("village"))
        _limit(self, "link_leader", LinkLeader.objects.for_user(user).select_related("village"))
        _limit(self, "dispatching_unit", DispatchingUnit.objects.for_user(user))
        if user.office == Office.DISPATCHING_UNIT:
            _choose(
                self,
                "kind",
                [
                    c
                    for c in SupportKind.choices
                    if c[0] not in (SupportKind.CARE_VISIT, SupportKind.LINK_VISIT)
                ],
            )
            del self.fields["link_leader"]
            del self.fields["dispatching_unit"]
        elif user.office == Office.TOWNSHIP_COMMITTEE:
            _choose(self, "kind", [(SupportKind.LINK_VISIT.value, SupportKind.LINK_VISIT.label)])
            del self.fields["dispatching_unit"]


class CareCaseForm(forms.Form):
    cadre = forms.ModelChoiceField(label="驻村干部", queryset=Cadre.objects.none())
    situation = forms.ChoiceField(label="情形", choices=CARE_SITUATION_CHOICES)
    opened_on = forms.DateField(label="发现日期", widget=DateInput, validators=[validate_served_date])
    note = forms.CharField(
        label="情况说明", max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "cadre", Cadre.objects.for_user(user))


class CareVisitForm(forms.Form):
    date = forms.DateField(label="走访日期", widget=DateInput, validators=[validate_served_date])
    visitor = forms.CharField(label="走访人", max_length=64, required=False)
    note = forms.CharField(
        label="走访情况", max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
