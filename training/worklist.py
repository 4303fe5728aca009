"""The training app's items of the home page's work list (core.worklist): the cadres still short of the
year's training under their county's policy (``selectors.county_year``, the status page's rows), those
posted without pre-service training where the policy asks for it, and a cadre's own shortfall."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import Office
from core import caching
from core.worklist import WorkItem, link, urgency_of
from teams.caches import POLICIES_GENERATION, ROSTER_GENERATION
from teams.county_policy import counties_for_user, county_policy
from teams.models import Cadre
from teams.rules.defaults import DUTY_REMINDER_LEAD_DAYS
from teams.scoping import scope_digest, scope_for

from . import selectors
from .caches import TRAINING_GENERATION

# Writes that send no signal (bench commands' bulk rows) are seen after at most this long.
WORK_ITEMS_TIMEOUT = 10 * 60

# Who arranges the county's training (and so is told who still lacks it).
ARRANGING_OFFICES = (Office.COUNTY_ORG_DEPT,)


def work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """Kept across requests per scope and day until a training row, the roster, a region or a policy is
    written (issue 15: ≈ 9 ms for a county of 300 teams)."""
    if user.office not in (*ARRANGING_OFFICES, Office.CADRE):
        return []
    return caching.cached(
        "training-items",
        (user.office, scope_digest(scope_for(user)), today),
        (TRAINING_GENERATION, ROSTER_GENERATION, "regions", POLICIES_GENERATION),
        lambda: _work_items(user, today),
        WORK_ITEMS_TIMEOUT,
    )


def _work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    county = counties_for_user(user).order_by("code").first()
    if county is None:
        return []
    year = today.year
    due = datetime.date(year, 12, 31)
    urgency = urgency_of(due, today, soon_days=DUTY_REMINDER_LEAD_DAYS)
    mine = Cadre.objects.for_user(user)
    short = selectors.short_in_county(county, year, today=today, cadres=mine)
    provisions = "、".join(sorted({f.provision for found in short.values() for f in found}))
    items = []
    if short:
        label = (
            "本人今年培训尚未达到要求" if user.office == Office.CADRE else f"{year}年培训尚未达到要求的干部"
        )
        url = link("training:status_list", county=county.pk, year=year, short=1)
        items.append(
            WorkItem("training.short", label, url, urgency, len(short), due=due, provision=provisions)
        )
    if user.office in ARRANGING_OFFICES and county_policy(county, today).in_force(
        selectors.PRE_SERVICE_PROVISION
    ):
        missing = selectors.without_pre_service(county, today=today, cadres=mine)
        if missing:
            items.append(
                WorkItem(
                    "training.pre_service",
                    "在岗干部未参加任前培训",
                    link("training:no_pre_service", county=county.pk),
                    urgency_of(None, today, soon_days=DUTY_REMINDER_LEAD_DAYS),
                    len(missing),
                    provision=selectors.PRE_SERVICE_PROVISION,
                )
            )
    return items
