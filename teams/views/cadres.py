"""Cadre pages: list, detail, create, edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from teams import forms, masking, services
from teams.access import get_for_user
from teams.choices import PartyStatus, Role
from teams.models import Cadre, DispatchingUnit, Membership
from teams.roster import exports

from .shared import _edit, _int_param, _today


@login_required
def cadre_list(request: AuthedHttpRequest) -> HttpResponse:
    today = _today()
    qs = Cadre.objects.for_user(request.user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.for_user(request.user)
            .active_on(today)
            .select_related("team__village", "dispatching_unit"),
            to_attr="current_memberships",
        )
    )
    if q := request.GET.get("q", "").strip():
        # ID digits match only a whole valid number, and only for an office that reads full numbers
        # (teams.masking): a prefix search would give the masked digits back one at a time.
        found = Q(name__contains=q) | Q(phone__startswith=q)
        if number := masking.id_search_number(request.user, q):
            found |= Q(id_number=number)
        qs = qs.filter(found)
    if party := request.GET.get("party"):
        qs = qs.filter(party_status=party)
    if role := request.GET.get("role"):
        qs = qs.filter(pk__in=Membership.objects.active_on(today).filter(role=role).values("cadre"))
    if unit := _int_param(request, "unit"):
        qs = qs.filter(pk__in=Membership.objects.filter(dispatching_unit_id=unit).values("cadre"))
    if request.GET.get("serving") == "0":
        qs = qs.exclude(pk__in=Membership.objects.active_on(today).values("cadre"))
    return render_list(
        request,
        "teams/cadre_list.html",
        qs,
        {
            "party_choices": PartyStatus.choices,
            "role_choices": Role.choices,
            "units": DispatchingUnit.objects.for_user(request.user),
            "party": party or "",
            "role": role or "",
            "unit": str(unit or ""),
        },
        export=exports.cadres,
    )


@login_required
def cadre_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    cadre = get_for_user(request, Cadre, pk)
    memberships = (
        Membership.objects.for_user(request.user)
        .filter(cadre=cadre)
        .select_related("team__village__township", "dispatching_unit")
        .order_by("-start")
    )
    return render(
        request,
        "teams/cadre_detail.html",
        {
            "cadre": cadre,
            "memberships": memberships,
            "age": cadre.age_on(_today()),
            "today": _today(),
            "id_number": masking.id_number_for(request.user, cadre),
        },
    )


@login_required
def cadre_create(request: AuthedHttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=forms.CadreForm,
        save=services.cadre_save,
        title="登记驻村干部",
        cancel_url=reverse("teams:cadre_list"),
    )


@login_required
def cadre_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    cadre = get_for_user(request, Cadre, pk)
    return _edit(
        request,
        form_class=forms.CadreForm,
        save=services.cadre_save,
        instance=cadre,
        extra={"cadre": cadre},
        title=f"编辑：{cadre}",
        cancel_url=cadre.get_absolute_url(),
    )
