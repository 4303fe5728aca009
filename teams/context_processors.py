"""``cited``: the provision ids in force for the counties the user reaches, for templates that cite one.

A page says "（SC-ATT）" only where SC-ATT is in force: ``{% if "SC-ATT" in cited %}…{% endif %}``
(issue 10, correction 11: a county sees only the provisions of its own policy). Computed lazily, so a
page that cites nothing costs no query.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core import caching

from . import rules
from .scoping import scope_digest, scope_for

# Regions created in bulk (synth_province) send no signal: the ids follow them within ten minutes.
CITED_TIMEOUT = 10 * 60


def provisions_in_force(user: object) -> frozenset[str]:
    """Ids in force today under the policy of every county ``user`` may read (``counties_for_user``)."""
    from .county_policy import counties_for_user

    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    today = timezone.localdate()

    def compute() -> frozenset[str]:
        codes = set(counties_for_user(user).values_list("policy_code", flat=True).distinct())
        return frozenset(p.id for code in codes for p in rules.policy_for(code, today).provisions)

    scope = scope_for(user)  # type: ignore[arg-type]
    if scope.unit_ids or scope.cadre_ids:
        # A unit's or a cadre's counties follow its memberships, which change in bulk (roster import).
        return compute()
    # Issue 15: a regional office's counties follow only its scope and the regions (their policy codes),
    # so the ids are kept across requests until a region changes (teams/caches.py) or the day does.
    return caching.cached("cited", (scope_digest(scope), today), ("regions",), compute, CITED_TIMEOUT)


def cited(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"cited": SimpleLazyObject(lambda: provisions_in_force(user))}
