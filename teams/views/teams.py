"""Work team pages and the members' postings on them: list, detail, create, edit, add, edit and end a posting."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from teams import forms, services
from teams.access import get_for_user, require_roster_editor
from teams.errors import ServiceError
from teams.models import Membership, Team
from teams.roster import exports

from ..access import townships_for_user
from .shared import _edit, _error_text, _int_param, _today


def _member_prefetch(request: AuthedHttpRequest, today: datetime.date) -> Prefetch:
    members = (
        Membership.objects.for_user(request.user)
        .active_on(today)
        .select_related("cadre", "dispatching_unit")
        .order_by("-is_leader", "role", "start")
    )
    return Prefetch("memberships", queryset=members, to_attr="current_members")


@login_required
def team_list(request: AuthedHttpRequest) -> HttpResponse:
    today = _today()
    qs = Team.objects.for_user(request.user).select_related("village__township")
    status = request.GET.get("status", "active")
    if status == "active":
        qs = qs.active_on(today)
    elif status == "ended":
        qs = qs.filter(term_end__lt=today)
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(village__name__contains=q) | Q(memberships__cadre__name__contains=q)).distinct()
    if township := _int_param(request, "township"):
        qs = qs.filter(village__township_id=township)
    qs = qs.annotate(size=_team_size(today)).prefetch_related(_member_prefetch(request, today))
    return render_list(
        request,
        "teams/team_list.html",
        qs,
        {
            "townships": townships_for_user(request.user),
            "status": status,
            "township": str(township or ""),
            "own_unit": request.user.office == Office.DISPATCHING_UNIT,
        },
        export=exports.teams,
    )


def _team_size(today: datetime.date) -> Coalesce:
    """How many serve in the team today, whoever sent them: a number, not personal data, so it is not
    scoped — a dispatching unit that sees only its own cadres still sees the team's real size."""
    members = (
        Membership.objects.filter(team=OuterRef("pk"))
        .active_on(today)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members), 0)


@login_required
def team_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    team = get_for_user(request, Team, pk)
    county = team.village.township.parent
    memberships = (
        Membership.objects.for_user(request.user)
        .filter(team=team)
        .select_related("cadre", "dispatching_unit")
        .order_by("-is_leader", "role", "start")
    )
    from teams.findings import team_findings

    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "memberships": memberships,
            "today": _today(),
            "findings": team_findings(team, today=_today()),
            "policy_name": county.get_policy_code_display() if county else "",
        },
    )


@login_required
def team_create(request: AuthedHttpRequest) -> HttpResponse:
    initial = {"village": request.GET.get("village")} if request.GET.get("village") else None
    return _edit(
        request,
        form_class=forms.TeamForm,
        save=services.team_save,
        title="新建驻村工作队",
        cancel_url=reverse("teams:team_list"),
        initial=initial,
    )


@login_required
def team_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    team = get_for_user(request, Team, pk)
    return _edit(
        request,
        form_class=forms.TeamForm,
        save=services.team_save,
        instance=team,
        extra={"team": team},
        title=f"编辑：{team}",
        cancel_url=team.get_absolute_url(),
    )


@login_required
def membership_create(request: AuthedHttpRequest, team_pk: int) -> HttpResponse:
    team = get_for_user(request, Team, team_pk)
    today = _today()
    initial: dict[str, Any] = {
        "start": max(team.term_start, today) if team.is_active_on(today) else team.term_start
    }
    # Coming from ending a posting: the successor takes the same place from the next day.
    for name in ("role", "dispatching_unit", "start"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    if request.GET.get("is_leader") == "1":
        initial["is_leader"] = True
    return _edit(
        request,
        form_class=forms.MembershipForm,
        save=services.membership_save,
        extra={"team": team},
        title=f"{team}：新增队员",
        cancel_url=team.get_absolute_url(),
        initial=initial,
    )


@login_required
def membership_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(request, Membership, pk)
    return _edit(
        request,
        form_class=forms.MembershipForm,
        save=services.membership_save,
        instance=membership,
        extra={"membership": membership, "team": membership.team},
        title=f"编辑任职：{membership}",
        cancel_url=membership.team.get_absolute_url(),
        actions=[(reverse("teams:membership_end", args=[membership.pk]), "结束任职（更换干部）")],
    )


@login_required
def membership_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """End a posting with its reason, then (if asked) go on to the successor's posting."""
    membership = get_for_user(request, Membership, pk)
    require_roster_editor(request)
    team = membership.team
    today = _today()
    planned = membership.end
    initial = {"end": min(today, planned) if planned else today}
    form = forms.MembershipEndForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                actor=request.user,
                membership=membership,
                end=form.cleaned_data["end"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, _error_text(exc))
        else:
            messages.success(request, f"已结束任职：{membership}，结束原因：{membership.end_reason}")
            if not form.cleaned_data["add_successor"]:
                return redirect(team)
            ended = form.cleaned_data["end"]
            successor = {
                "role": membership.role,
                "dispatching_unit": membership.dispatching_unit_id,
                "start": f"{ended + datetime.timedelta(days=1):%Y-%m-%d}",
            }
            if membership.is_leader:
                successor["is_leader"] = "1"
            return redirect(f"{reverse('teams:membership_create', args=[team.pk])}?{urlencode(successor)}")
    return render(
        request,
        "teams/membership_end.html",
        {"form": form, "membership": membership, "team": team, "cancel_url": team.get_absolute_url()},
    )
