"""The home page of every office: its work list (``core.worklist``, each app's items) above what the
office watches — the county's figures and the teams breaking a rule, the unit's cadres and results, the
cadre's current post."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment.selectors import unit_filings
from core import caching, worklist
from teams.caches import POLICIES_GENERATION, ROSTER_GENERATION
from teams.choices import Role
from teams.findings import findings_for_teams
from teams.models import DispatchingUnit, Membership, Team, Village
from teams.scoping import scope_digest, scope_for

# The roster's figures kept across requests depend on these generations (teams/caches.py); writes that
# send no signal (synth_province, the demo's bulk rows) are seen after at most HOME_TIMEOUT seconds.
ROSTER_DEPENDENT = (ROSTER_GENERATION, "regions", POLICIES_GENERATION)
HOME_TIMEOUT = 10 * 60

# Offices whose home shows the county's charts (oversight's county_charts tag in home_region.html).
CHART_OFFICES = frozenset({Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU, Office.TOWNSHIP_COMMITTEE})


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "work_items": worklist.items_for(user, today)}
    if user.office == Office.CADRE:
        current = (
            Membership.objects.for_user(user)
            .filter(cadre=user.cadre)
            .active_on(today)
            .select_related("team__village__township", "dispatching_unit")
            .first()
        )
        context |= {"cadre": user.cadre, "current": current}
        return render(request, "dashboard/home_cadre.html", context)
    teams = Team.objects.for_user(user).active_on(today)
    serving = Membership.objects.for_user(user).active_on(today)
    # Issue 15: what the home reads from the roster is kept across requests for the user's scope and
    # the day, until the roster, a region or a county's policy is written (teams/caches.py).
    scope = (scope_digest(scope_for(user)), today)
    context |= caching.cached(
        "home-counts",
        scope,
        ROSTER_DEPENDENT,
        lambda: {
            "village_count": Village.objects.for_user(user).count(),
            "team_count": teams.count(),
            "serving_count": serving.values("cadre").distinct().count(),
            "first_secretary_count": serving.filter(role=Role.FIRST_SECRETARY).count(),
            "unit_count": DispatchingUnit.objects.for_user(user).count(),
        },
        HOME_TIMEOUT,
    )
    if user.office == Office.DISPATCHING_UNIT:
        filings = list(unit_filings(user))
        context |= {
            # The unit's serving cadres, one row each (a unit may post hundreds): rendered once per scope
            # and day until the roster or a region is written.
            "members_table": mark_safe(  # noqa: S308 - rendered by a template
                caching.cached(
                    "home-unit-members",
                    scope,
                    ROSTER_DEPENDENT,
                    lambda: render_to_string(
                        "dashboard/_unit_members.html",
                        {"memberships": serving.select_related("cadre", "team__village__township")},
                    ),
                    HOME_TIMEOUT,
                )
            ),
            "filings": filings,
            "filings_pending": sum(1 for f in filings if f.received_at is None),
        }
        return render(request, "dashboard/home_unit.html", context)
    context["flagged"] = caching.cached(
        "home-flagged",
        scope,
        ROSTER_DEPENDENT,
        lambda: findings_for_teams(teams.select_related("village__township__parent__parent"), today=today),
        HOME_TIMEOUT,
    )
    if user.office in CHART_OFFICES and user.region is not None:
        # The county's charts (oversight's template tag): a township reads its own county's, narrowed
        # by for_user to its township.
        county = user.region if user.office != Office.TOWNSHIP_COMMITTEE else user.region.parent
        context["chart_county"] = county
    return render(request, "dashboard/home_region.html", context)
