"""``cited``: the provision ids in force for the counties the user reaches, for templates that cite one.

A page says "（SC-ATT）" only where SC-ATT is in force: ``{% if "SC-ATT" in cited %}…{% endif %}``
(issue 10, correction 11: a county sees only the provisions of its own policy). Computed lazily, so a
page that cites nothing costs no query.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import rules


def provisions_in_force(user: object) -> frozenset[str]:
    """Ids in force today under the policy of every county ``user`` may read (``counties_for_user``)."""
    from .county_policy import counties_for_user

    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    today = timezone.localdate()
    codes = set(counties_for_user(user).values_list("policy_code", flat=True).distinct())
    return frozenset(p.id for code in codes for p in rules.policy_for(code, today).provisions)


def cited(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"cited": SimpleLazyObject(lambda: provisions_in_force(user))}
