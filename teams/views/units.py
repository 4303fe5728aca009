"""Dispatching unit pages: list, detail, create, edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from teams import forms, services
from teams.access import get_for_user
from teams.choices import UnitKind, UnitLevel
from teams.errors import UNIT_READ_ONLY_MSG
from teams.models import DispatchingUnit, Membership
from teams.roster import exports

from .shared import _edit, _today


@login_required
def unit_list(request: AuthedHttpRequest) -> HttpResponse:
    today = _today()
    serving = Membership.objects.for_user(request.user).active_on(today)
    qs = (
        DispatchingUnit.objects.for_user(request.user)
        .select_related("region")
        .annotate(serving=Count("memberships", filter=Q(memberships__in=serving), distinct=True))
        .order_by("name")
    )
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(name__contains=q)
    if level := request.GET.get("level"):
        qs = qs.filter(level=level)
    if kind := request.GET.get("kind"):
        qs = qs.filter(kind=kind)
    return render_list(
        request,
        "teams/unit_list.html",
        qs,
        {
            "level_choices": UnitLevel.choices,
            "kind_choices": UnitKind.choices,
            "level": level or "",
            "kind": kind or "",
        },
        export=exports.units,
    )


@login_required
def unit_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(request, DispatchingUnit, pk)
    memberships = (
        Membership.objects.for_user(request.user)
        .filter(dispatching_unit=unit)
        .select_related("cadre", "team__village__township")
        .order_by("-start")
    )
    from teams.findings import unit_quota_findings

    today = _today()
    context = {
        "unit": unit,
        "memberships": memberships,
        "today": today,
        "can_edit": services.unit_editable_by(request.user, unit),
        "read_only_note": UNIT_READ_ONLY_MSG,
        "quota_findings": unit_quota_findings(unit, today=today),  # SC-QUOTA, None where it does not bind
    }
    return render(request, "teams/unit_detail.html", context)


@login_required
def unit_create(request: AuthedHttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=forms.UnitForm,
        save=services.unit_save,
        title="新增派出单位",
        cancel_url=reverse("teams:unit_list"),
    )


@login_required
def unit_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(request, DispatchingUnit, pk)
    # Seen but not editable (a unit above the county, shared by every county below): 403, as for
    # any reader of the roster; a unit the user cannot see was a 404 above.
    if not services.unit_editable_by(request.user, unit):
        raise PermissionDenied(UNIT_READ_ONLY_MSG)
    return _edit(
        request,
        form_class=forms.UnitForm,
        save=services.unit_save,
        instance=unit,
        extra={"unit": unit},
        title=f"编辑：{unit}",
        cancel_url=unit.get_absolute_url(),
    )
