"""Support pages: linked leaders, dispatching units' visits and the five must-visit cases (五必访)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.models import Team, Village
from worklog import selectors, services
from worklog.forms import CareCaseForm, CareVisitForm, LinkLeaderForm, SupportVisitForm
from worklog.models import CareCase, SupportVisit

from .shared import PAGE_SIZE, _fail, _period

CARE_CASES_SHOWN = 100


@login_required
def support_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    offices = services.CARE_OFFICES
    leader_form = visit_form = case_form = None
    if user.office in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE):
        leader_form = LinkLeaderForm(
            request.POST if request.POST.get("form") == "leader" else None,
            user=user,
            initial={"start": today},
        )
    if user.office in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE, Office.DISPATCHING_UNIT):
        visit_form = SupportVisitForm(
            request.POST if request.POST.get("form") == "visit" else None, user=user, initial={"date": today}
        )
    if user.office in offices:
        case_form = CareCaseForm(
            request.POST if request.POST.get("form") == "case" else None,
            user=user,
            initial={"opened_on": today},
        )
    if request.method == "POST":
        done = _support_post(request, today, leader_form, visit_form, case_form)
        if done:
            return redirect("worklog:support_list")
    year, quarter = _period(request, today)
    start, end = selectors.quarter_bounds(year, quarter)
    villages = Village.objects.for_user(user).select_related("township__parent")
    village_page = Paginator(villages.filter(link_leaders__isnull=False).distinct(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # ZMD-UNIT per team, a page of teams at a time (the overdue list in assessment has them all at once).
    team_page = Paginator(
        Team.objects.for_user(user)
        .active_on(min(today, datetime.date(year, 12, 31)))
        .select_related("village__township__parent")
        .order_by("village__township__name", "village__name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("teams_page"))
    # Open cases first on every database (PostgreSQL sorts NULLs last unless told), then the latest closed.
    cases = list(
        CareCase.objects.for_user(user)
        .select_related("cadre__county")
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-pk")[: CARE_CASES_SHOWN + 1]
    )
    cases_cut = CARE_CASES_SHOWN if len(cases) > CARE_CASES_SHOWN else None
    cases = cases[:CARE_CASES_SHOWN]
    care = selectors.care_findings(cases, today)
    visits = SupportVisit.objects.for_user(user).select_related(
        "team__village", "link_leader", "dispatching_unit"
    )
    return render(
        request,
        "worklog/support_list.html",
        {
            "leader_form": leader_form,
            "visit_form": visit_form,
            "case_form": case_form,
            "link_rows": [r for r in selectors.link_rows(list(village_page.object_list), start, end)],
            "page": village_page,
            "query": urlencode({"year": year, "quarter": quarter}),
            "unit_rows": [
                r for r in selectors.unit_rows(list(team_page.object_list), year, today) if r.applies
            ],
            "team_page": team_page,
            "link_in_progress": end >= today,
            "cases": [(c, care.get(c.pk, [])) for c in cases],
            "cases_cut": cases_cut,
            "may_visit": user.office in offices,
            "visits": visits.order_by("-date", "-pk")[:50],
            "year": year,
            "quarter": quarter,
            **params.YEAR_RANGE,
        },
    )


def _support_post(request: AuthedHttpRequest, today: datetime.date, *forms_: Any) -> bool:
    user = request.user
    form = next((f for f in forms_ if f is not None and f.is_bound), None)
    if form is None:
        raise Http404
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if isinstance(form, LinkLeaderForm):
            leader = services.link_leader_create(actor=user, **data)
            messages.success(request, f"已登记联点领导{leader}")
        elif isinstance(form, SupportVisitForm):
            visit = services.support_visit_create(actor=user, today=today, **data)
            messages.success(request, f"已登记{visit}")
        else:
            case = services.care_case_open(actor=user, today=today, **data)
            messages.success(request, f"已登记“五必访”事项：{case}")
    except ServiceError as exc:
        _fail(form, exc)
        return False
    return True


@login_required
@require_POST
def care_visit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A care visit closes the must-visit case; it is recorded once, as a SupportVisit of the cadre's team."""
    case = get_for_user(request, CareCase, pk)
    user = request.user
    today = timezone.localdate()
    form = CareVisitForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, "；".join(str(e) for e in errs))
        return redirect("worklog:support_list")
    day = form.cleaned_data["date"]
    team = services.care_case_team(case, day)
    if team is None:
        messages.error(request, "该干部没有驻村任职记录，无法登记走访")
        return redirect("worklog:support_list")
    try:
        services.support_visit_create(
            actor=user,
            kind="care_visit",
            date=day,
            team=team,
            care_case=case,
            visitor=form.cleaned_data["visitor"],
            note=form.cleaned_data["note"],
            today=today,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记对{case.cadre.name}的“五必访”走访")
    return redirect("worklog:support_list")
