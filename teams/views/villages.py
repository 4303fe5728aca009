"""Village pages: list, detail, create, edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from teams import forms, services
from teams.access import get_for_user
from teams.models import Team, Village
from teams.roster import exports

from ..access import townships_for_user
from .shared import _edit, _int_param


@login_required
def village_list(request: AuthedHttpRequest) -> HttpResponse:
    qs = (
        Village.objects.for_user(request.user)
        .select_related("township")
        .annotate(team_count=Count("teams"))
        .order_by("township__path", "name")
    )
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    if township := _int_param(request, "township"):
        qs = qs.filter(township_id=township)
    flag = request.GET.get("flag")
    if flag in VILLAGE_FLAGS:
        qs = qs.filter(**{flag: True})
    return render_list(
        request,
        "teams/village_list.html",
        qs,
        {
            "townships": townships_for_user(request.user),
            "flags": VILLAGE_FLAGS,
            "flag": flag,
            "township": str(township or ""),
        },
        export=exports.villages,
    )


VILLAGE_FLAGS = {
    "is_registered_poor": "建档立卡贫困村",
    "is_weak_party_org": "软弱涣散村",
    "is_stability_focus": "维稳重点村",
    "is_deep_poverty": "深度贫困村",
    "is_ethnic_area": "民族地区",
    "has_no_industry": "缺乏产业",
    "has_untapped_resources": "特色资源挖掘利用不够",  # JN-MATCH
    "is_key_village": "省扶贫工作重点村",  # JN-TEAM-ORIGIN
}


@login_required
def village_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    village = get_for_user(request, Village, pk)
    teams = Team.objects.for_user(request.user).filter(village=village)
    return render(
        request,
        "teams/village_detail.html",
        {
            "village": village,
            "teams": teams,
            "flags": [label for f, label in VILLAGE_FLAGS.items() if getattr(village, f)],
        },
    )


@login_required
def village_create(request: AuthedHttpRequest) -> HttpResponse:
    return _edit(
        request,
        form_class=forms.VillageForm,
        save=services.village_save,
        title="新增村",
        cancel_url=reverse("teams:village_list"),
    )


@login_required
def village_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    village = get_for_user(request, Village, pk)
    return _edit(
        request,
        form_class=forms.VillageForm,
        save=services.village_save,
        instance=village,
        extra={"village": village},
        title=f"编辑村：{village}",
        cancel_url=village.get_absolute_url(),
    )
