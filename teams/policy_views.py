"""The county policy pages: every provision in force on a date, the leave route, and the county's settings.

Everything shown comes from ``teams.rules`` through ``county_policy``; ``teams.policy_display`` puts it
in words (groups as in PROVISIONS.md, values in words, reading conventions where they matter).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import OVERSIGHT_OFFICES
from accounts.typing import AuthedHttpRequest
from core.params import TEXT_MAX_LENGTH, parse_date

from . import rules
from .county_policy import counties_for_user, county_policy
from .errors import POLICY_REASON_REQUIRED_MSG, ServiceError
from .models import Region
from .overrides import can_set_policy, policy_override_refusal, policy_override_set
from .policy_display import (
    config_value_text,
    configurable_rows,
    grouped,
    leave_summary,
    num_text,
    override_history,
    policy_dates,
    short_text,
    threshold_help,
)
from .rules.config import OPTIONAL_TYPES, coerce


def _settings_as_of(on: datetime.date, today: datetime.date) -> datetime.datetime:
    """The county settings a date is shown with: those recorded by the end of that day (now for today on)."""
    now = timezone.now()
    if on >= today:
        return now
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
    return min(now, timezone.make_aware(end) - datetime.timedelta(microseconds=1))


def _parse_on(request: AuthedHttpRequest, today: datetime.date) -> tuple[datetime.date, str]:
    raw = request.GET.get("on", "").strip()
    try:
        return parse_date(raw, field="on") or today, ""
    except ServiceError as exc:
        return today, f"{exc.message}；已显示今天的规定"


# --- views ------------------------------------------------------------------------------------------


def _county_for_user(request: AuthedHttpRequest, county_pk: int) -> Region:
    """The county if the user may read its policy; otherwise 404, like a county that does not exist."""
    return get_object_or_404(counties_for_user(request.user), pk=county_pk)


@login_required
def policy_index(request: AuthedHttpRequest) -> HttpResponse:
    counties = list(counties_for_user(request.user).select_related("parent").order_by("path"))
    # A county's own offices go straight to their county; oversight compares counties, so gets the list.
    oversees = request.user.is_superuser or request.user.office in OVERSIGHT_OFFICES
    if len(counties) == 1 and not oversees:
        return redirect("teams:policy_detail", county_pk=counties[0].pk)
    today = timezone.localdate()
    items = []
    for county in counties:
        policy = county_policy(county, today)
        items.append(
            {
                "county": county,
                "policy": policy,
                "leave": leave_summary(policy),
                "settings": sum(1 for c in policy.configurable() if c.override),
            }
        )
    return render(request, "teams/policy_index.html", {"items": items, "today": today})


@login_required
def policy_detail(request: AuthedHttpRequest, county_pk: int) -> HttpResponse:
    county = _county_for_user(request, county_pk)
    today = timezone.localdate()
    on, date_error = _parse_on(request, today)
    policy = county_policy(county, on, as_of=_settings_as_of(on, today))
    can_set = can_set_policy(request.user, county)
    return render(
        request,
        "teams/policy_detail.html",
        {
            "county": county,
            "policy": policy,
            "on": on,
            "today": today,
            "date_error": date_error,
            "groups": grouped(policy),
            "leave": leave_summary(policy),
            "configurable": configurable_rows(policy),
            "history": override_history(county),
            "can_set": can_set and on == today,
            "dates": policy_dates(county.policy_code, today),
            "sources": sorted({p.source for p in policy.provisions}, key=lambda s: s.in_force_from),
        },
    )


class PolicyOverrideForm(forms.Form):
    """One configuration value and the reason; the rules (through the service) judge the value."""

    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        help_text="必填：说明依据（如县委常委会决定、本地请销假制度文号）",
        error_messages={"required": POLICY_REASON_REQUIRED_MSG},
    )

    def __init__(self, *args: Any, config: rules.ConfigKey, current: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        value_field: forms.Field
        if config.type == "bool":
            value_field = forms.TypedChoiceField(
                choices=[("1", "是"), ("0", "否")],
                coerce=lambda v: v == "1",
                empty_value=None,
            )
            initial: Any = "1" if current else "0"
        else:
            value_field = forms.CharField(
                required=config.type not in OPTIONAL_TYPES,
                max_length=32,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            initial = "" if current is None else num_text(current)
        value_field.label = config.label
        value_field.help_text = config.help
        if config.bounds is not None:
            value_field.help_text = (
                f"{config.help}（范围：{config.range_text()}）"
                if config.help
                else f"范围：{config.range_text()}"
            )
        value_field.initial = initial
        self.config = config
        self.fields = {"value": value_field, "reason": self.fields["reason"]}

    def clean_value(self) -> Any:
        """The key's own rule (type and range, ``rules.coerce``) before the service checks it again."""
        value = self.cleaned_data.get("value")
        try:
            coerce(self.config, value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="out_of_range") from exc
        return value


@login_required
def policy_override(request: AuthedHttpRequest, county_pk: int, key: str) -> HttpResponse:
    county = _county_for_user(request, county_pk)
    if not can_set_policy(request.user, county):
        raise PermissionDenied("只有本县（市、区）委组织部可以修改政策配置")
    config = rules.CONFIG_BY_KEY.get(key)
    if config is None:
        raise Http404("未知的配置项")
    today = timezone.localdate()
    policy = county_policy(county, today)
    refusal = policy_override_refusal(policy, key)
    current = next((c for c in policy.configurable() if c.key == key), None)
    form = PolicyOverrideForm(request.POST or None, config=config, current=current.value if current else None)
    if key == "leave_threshold_days" and refusal is None:
        # The shipped help speaks of Qinghai and Sichuan; say what an empty value means under this policy.
        form.fields["value"].help_text = f"{threshold_help(policy)}（范围：{config.range_text()}）"
    page = reverse("teams:policy_detail", args=[county.pk])
    if request.method == "POST" and form.is_valid():
        try:
            row, created = policy_override_set(
                actor=request.user,
                county=county,
                key=key,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if created:
                messages.success(
                    request,
                    f"已修改“{config.label}”为{config_value_text(key, row.value)}，"
                    "此后提交的事项按新规定办理",
                )
            else:
                messages.info(request, f"“{config.label}”已是{config_value_text(key, row.value)}，未重复记录")
            return redirect(f"{page}#setting-{key}")
    return render(
        request,
        "teams/policy_form.html",
        {
            "county": county,
            "policy": policy,
            "config": config,
            "form": form,
            "refusal": refusal,
            "current": current,
            "current_text": short_text(config.value_key, current.value) if current else "",
            "default_text": short_text(config.value_key, current.default) if current else "",
            "provision": policy.in_force(current.provision) if current else None,
            "cancel_url": page,
        },
    )
