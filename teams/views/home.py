"""The home page (to be replaced by the dashboard app)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from teams.choices import Role
from teams.models import DispatchingUnit, Membership, Team, Village

from .shared import _today


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
    from teams.findings import findings_for_teams

    context["flagged"] = findings_for_teams(
        teams.select_related("village__township__parent__parent"), today=today
    )
    return render(request, "teams/home_region.html", context)
