"""Selectors between the database and ``teams.rules``: a county's policy with its overrides applied."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import rules
from .choices import RegionLevel
from .models import PolicyOverride, Region, Team


def county_policy(
    county: Region, on: datetime.date, *, as_of: datetime.datetime | None = None
) -> rules.Policy:
    """The policy of ``county`` in force on ``on``, with the county's settings as they stood at ``as_of``.

    ``as_of`` defaults to now; a request judged later passes the moment it was made, so a setting
    changed afterwards never changes how it is judged.
    """
    if county.level != "county":
        raise ValueError(f"{county} 不是县级区划")
    policy = rules.policy_for(county.policy_code, on)
    cutoff = as_of or timezone.now()
    latest: dict[str, PolicyOverride] = {}
    rows = PolicyOverride.objects.filter(county=county, created_at__lte=cutoff).select_related("created_by")
    for row in rows.order_by("created_at", "pk"):
        latest[row.key] = row
    if not latest:
        return policy
    applicable = {c.key for c in policy.configurable()}
    return policy.with_overrides(
        {
            key: rules.Override(
                value=row.value,
                by=row.created_by.display_name,
                at=row.created_at,
                reason=row.reason,
            )
            for key, row in latest.items()
            if key in applicable
        }
    )


def counties_for_user(user: Any) -> QuerySet[Region]:
    """The counties whose policy ``user`` may read: every county in or above what ``for_user`` reaches.

    A county or city office reaches counties directly; a township office reads its own county's policy;
    a unit or cadre reads the policy of the counties its teams serve in. All of it through ``for_user``.
    """
    regions = Region.objects.for_user(user)
    teams = Team.objects.for_user(user)
    return Region.objects.filter(level=RegionLevel.COUNTY).filter(
        Q(pk__in=regions.filter(level=RegionLevel.COUNTY).values("pk"))
        | Q(pk__in=regions.filter(level=RegionLevel.TOWNSHIP).values("parent"))
        | Q(pk__in=teams.values("village__township__parent"))
    )
