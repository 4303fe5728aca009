"""Target responsibility letter pages (目标责任书, SC-TARGET)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment import selectors, services
from assessment.errors import AssessmentError
from core import params
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import Team

from .shared import _county_of, _date


@login_required
def target_list(request: AuthedHttpRequest) -> HttpResponse:
    """The county's teams of a year with their 目标责任书 and what SC-TARGET finds; the county office
    records one per team and year."""
    user = request.user
    today = timezone.localdate()
    county = _county_of(request)
    try:
        year = params.parse_year(request.GET.get("year") or request.POST.get("year")) or today.year
    except ServiceError as exc:
        messages.error(request, exc.message)
        year = today.year
    if request.method == "POST" and county is not None:
        team = params.parse_filter_id(request.POST.get("team"))
        try:
            signed_on = _date(request.POST.get("signed_on", ""), "签订日期")
            if signed_on is None or team is None:
                raise AssessmentError("assessment_bad_date", "请选择工作队并填写签订日期")
            services.target_record(
                user=user,
                team=team,
                year=year,
                signed_on=signed_on,
                targets=request.POST.get("targets", "")[:4000],
                today=today,
            )
        except AssessmentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记目标责任书")
        return redirect(
            reverse("assessment:target_list") + f"?{urlencode({'county': county.pk, 'year': year})}"
        )
    rows: list[selectors.TargetRow] = []
    provision = None
    if county is not None:
        policy = county_policy(county, datetime.date(year, 12, 31))
        provision = policy.in_force("SC-TARGET")
        teams = (
            Team.objects.for_user(user)
            .filter(village__township__parent=county, term_start__lte=datetime.date(year, 12, 31))
            .exclude(term_end__lt=datetime.date(year, 1, 1))
            .values_list("pk", flat=True)
        )
        found = selectors.team_targets(policy, teams, year, today=today)
        rows = sorted(found.values(), key=lambda r: (r.team.village.township.name, r.team.village.name))
    return render(
        request,
        "assessment/target_list.html",
        {
            "county": county,
            "year": year,
            "rows": rows,
            "provision": provision,
            "may_record": user.office == Office.COUNTY_ORG_DEPT,
            "today": today,
        },
    )
