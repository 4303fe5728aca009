"""Selectors between the database and ``teams.rules``: a county's policy with its overrides applied, and the
counties whose policy a user may read."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import rules
from .choices import RegionLevel
from .models import PolicyOverride, Region, Team

logger = logging.getLogger(__name__)


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
    applicable = {c.key for c in policy.configurable()}
    latest: dict[str, rules.Override] = {}
    for row in _override_rows(county):
        if row.created_at > cutoff or row.key not in applicable:
            continue
        override = rules.Override(value=row.value, by=row.by, at=row.created_at, reason=row.reason)
        problem = override_problem(policy, row.key, override)
        if problem is not None:
            # A row stored before the key had its range (leave_threshold_days=10000, 1e309) is ignored:
            # the county's previous valid setting (or the document's value) stays in force, and the
            # settings page marks the row as not in force with this message. Never a 500 for it.
            logger.warning(
                "county %s: setting %s=%r (row %s) ignored: %s",
                county.pk,
                row.key,
                row.value,
                row.pk,
                problem,
            )
            continue
        latest[row.key] = override
    if not latest:
        return policy
    return policy.with_overrides(dict(latest))


# --- the county's settings across requests (issue 15) ----------------------------------------------
# Every PolicyOverride row of a county, oldest first, kept in the Django cache until a row of the county
# is written (teams/caches.py bumps "policy:<county pk>"): the policy of any day and any ``as_of`` is
# then computed from them without a query. The author's name may lag a renamed user by POLICY_TIMEOUT.
POLICY_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class _OverrideRow:
    pk: int
    key: str
    value: Any
    by: str
    created_at: datetime.datetime
    reason: str


def _override_rows(county: Region) -> tuple[_OverrideRow, ...]:
    from core import caching

    from .caches import policy_generation

    def compute() -> tuple[_OverrideRow, ...]:
        rows = PolicyOverride.objects.filter(county=county).select_related("created_by")
        return tuple(
            _OverrideRow(r.pk, r.key, r.value, r.created_by.display_name, r.created_at, r.reason)
            for r in rows.order_by("created_at", "pk")
        )

    return caching.cached(
        "policy-rows", (county.pk,), (policy_generation(county.pk),), compute, POLICY_TIMEOUT
    )


def override_problem(policy: rules.Policy, key: str, value: rules.Override | Any) -> str | None:
    """Why a stored setting cannot apply under ``policy`` (outside its range, below a document's floor,
    not the county's to set), in Chinese; None when it applies."""
    try:
        policy.with_overrides({key: value})
    except ValueError as exc:
        return str(exc)
    return None


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


class Policies:
    """County policies for one call (a page, a summary refresh), each ``county_policy`` read once; None
    for a county without a policy in force on the day."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, datetime.date], rules.Policy | None] = {}
        self._plain: set[int] = set()
        self._counties: dict[int, Region] = {}

    def county(self, county_id: int) -> Region:
        """The county by id, read once per call (a summary refresh knows only the ids)."""
        if county_id not in self._counties:
            self._counties[county_id] = Region.objects.get(pk=county_id)
        return self._counties[county_id]

    def prime(self, county_ids: Iterable[int]) -> None:
        """One query for many counties: those without any PolicyOverride take the shipped policy as it
        is (what ``county_policy`` returns for them), so only counties with overrides cost a query each."""
        ids = set(county_ids)
        overridden = set(
            PolicyOverride.objects.filter(county_id__in=ids).values_list("county_id", flat=True).distinct()
        )
        self._plain = ids - overridden

    def get(self, county: Region, on: datetime.date) -> rules.Policy | None:
        key = (county.pk, on)
        if key not in self._cache:
            try:
                if county.pk in self._plain and county.level == RegionLevel.COUNTY:
                    self._cache[key] = rules.policy_for(county.policy_code, on)
                else:
                    self._cache[key] = county_policy(county, on)
            except LookupError:
                self._cache[key] = None
        return self._cache[key]
