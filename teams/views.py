"""Pages of the teams domain: lists, details and the county office's forms."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from core.params import parse_filter_id

from . import forms, masking, services
from .access import get_for_user, require_roster_editor, townships_for_user
from .choices import PartyStatus, Role, UnitKind, UnitLevel
from .errors import UNIT_READ_ONLY_MSG, ServiceError
from .models import Cadre, DispatchingUnit, Membership, Team, Village
from .roster import exports


def _today() -> datetime.date:
    return timezone.localdate()


def _int_param(request: AuthedHttpRequest, name: str) -> int | None:
    """A numeric filter from the query string; anything else is ignored rather than an error."""
    return parse_filter_id(request.GET.get(name))


def _edit(
    request: AuthedHttpRequest,
    *,
    form_class: type[forms.ScopedForm],
    save: Callable[..., Any],
    instance: Any = None,
    title: str,
    cancel_url: str,
    initial: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    actions: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """Create or edit through a service; a refused write shows its Chinese message and writes nothing.
    ``actions``: (url, label) of other things to do instead, shown beside the buttons."""
    require_roster_editor(request)
    form = form_class(request.POST or None, instance=instance, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(actor=request.user, **(extra or {}), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, _error_text(exc))
        else:
            messages.success(request, f"已保存：{obj}")
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else cancel_url)
    return render(
        request,
        "teams/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "actions": actions or []},
    )


def _error_text(exc: ServiceError) -> str:
    """The service's message, with a link to the record in the way when the service named one."""
    url = getattr(exc.conflict, "get_absolute_url", None)
    if url is None:
        return exc.message
    return format_html('{} <a href="{}">查看{}的记录</a>', exc.message, url(), exc.conflict)


# --- villages -------------------------------------------------------------------------------


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


# --- teams ----------------------------------------------------------------------------------


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
    from .findings import team_findings

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


# --- cadres ---------------------------------------------------------------------------------


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
    # The annual grades written into the cadre's record: the entries of closed rounds, read where the
    # assessment keeps them (imported here: assessment builds on teams, not the other way round).
    from assessment.selectors import cadre_results

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
            "assessment_results": cadre_results(request.user, cadre),
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


# --- dispatching units ----------------------------------------------------------------------


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
    from .findings import unit_quota_findings

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


# --- home -----------------------------------------------------------------------------------


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = _today()
    context: dict[str, Any] = {"today": today}
    if user.office == Office.CADRE:
        cadre = user.cadre
        current = (
            Membership.objects.for_user(user)
            .filter(cadre=cadre)
            .active_on(today)
            .select_related("team__village__township", "dispatching_unit")
            .first()
        )
        context |= {"cadre": cadre, "current": current}
        return render(request, "teams/home_cadre.html", context)
    teams = Team.objects.for_user(user).active_on(today)
    serving = Membership.objects.for_user(user).active_on(today)
    context |= {
        "village_count": Village.objects.for_user(user).count(),
        "team_count": teams.count(),
        "serving_count": serving.values("cadre").distinct().count(),
        "first_secretary_count": serving.filter(role=Role.FIRST_SECRETARY).count(),
        "unit_count": DispatchingUnit.objects.for_user(user).count(),
    }
    if user.office == Office.DISPATCHING_UNIT:
        # The annual results sent to the unit (assessment builds on teams: imported here), a work item
        # until the unit acknowledges them.
        from assessment.selectors import unit_filings

        filings = list(unit_filings(user))
        context["memberships"] = serving.select_related("cadre", "team__village__township")
        context["filings"] = filings
        context["filings_pending"] = sum(1 for f in filings if f.received_at is None)
        return render(request, "teams/home_unit.html", context)
    from .findings import findings_for_teams

    context["flagged"] = findings_for_teams(
        teams.select_related("village__township__parent__parent"), today=today
    )
    return render(request, "teams/home_region.html", context)
