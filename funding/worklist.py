"""The funding app's items of the home page's work list (core.worklist): the teams whose work funds fall
short of the floor (``selectors.teams_under_floor``, the county allocates) and last month's living
allowance a dispatching unit has still to pay (``allowance_selectors``)."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import Office
from attendance.models import MonthCertification
from core import caching
from core.worklist import Urgency, WorkItem, link
from teams.caches import POLICIES_GENERATION, ROSTER_GENERATION
from teams.models import Membership
from teams.scoping import scope_digest, scope_for

from . import allowance_selectors, selectors
from .caches import FUNDS_GENERATION

# Writes that send no signal (bench commands' bulk rows) are seen after at most this long.
WORK_ITEMS_TIMEOUT = 10 * 60


def under_floor_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """Kept across requests per scope and day until a funding row, the roster, a region or a policy is
    written (issue 15: every team's funds are read, ≈ 17 ms for a county of 300 teams)."""
    if user.office != Office.COUNTY_ORG_DEPT:
        return []
    return caching.cached(
        "under-floor-items",
        (scope_digest(scope_for(user)), today),
        (FUNDS_GENERATION, ROSTER_GENERATION, "regions", POLICIES_GENERATION),
        lambda: _under_floor_items(user, today),
        WORK_ITEMS_TIMEOUT,
    )


def _under_floor_items(user: Any, today: datetime.date) -> list[WorkItem]:
    rows = selectors.teams_under_floor(user, today.year, today=today)
    if not rows:
        return []
    return [
        WorkItem(
            "funding.under_floor",
            f"{today.year}年工作经费低于下限的工作队",
            link("funding:fund_list", year=today.year, under=1),
            Urgency.TO_DO,
            len(rows),
            provision="、".join(sorted({r.provision for r in rows if r.provision})),
        )
    ]


def allowance_items(user: Any, today: datetime.date) -> list[WorkItem]:
    """The latest month a township of the unit's cadres has certified (the amount is known only then):
    the unit's cadres whose allowance is due and not yet entered as paid."""
    if user.office != Office.DISPATCHING_UNIT:
        return []
    scope = Membership.objects.for_user(user)
    latest = (
        MonthCertification.objects.filter(
            township__in=scope.values("team__village__township"), year__gte=today.year - 1
        )
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if latest is None:
        return []
    year, month = latest
    rows = allowance_selectors.allowance(scope, year, month, unit=user.dispatching_unit)
    owed = allowance_selectors.unpaid(rows)
    if not owed:
        return []
    return [
        WorkItem(
            "funding.allowance_unpaid",
            f"{year}年{month}月生活补助待发放",
            link("funding:allowance", month=f"{year}-{month:02d}", unpaid=1),
            Urgency.TO_DO,
            len(owed),
            provision="、".join(sorted({r.provision for r in owed})),
        )
    ]


def work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    return [*under_floor_items(user, today), *allowance_items(user, today)]
