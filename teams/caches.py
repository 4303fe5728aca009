"""What invalidates the values teams keeps across requests (issue 15, core/caching.py): the user's
scope (``scoping._shared_scope``), the provisions cited for a user (``context_processors.cited``) and
a county's policy (``policies.county_policy``), and the "roster" generation that figures read from the
roster (teams, villages, cadres, memberships, units) depend on: bumped by every save or delete of those rows
and by a roster import (``roster.commit.apply``, which writes in bulk without signals). Connected when the
app is ready (apps.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.caching import bump

from .scoping import scope_generations


def _user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # The key already holds the row's office, region, unit and cadre; bumped anyway, so a value
    # computed from a row not yet committed is never read after the commit.
    bump(scope_generations(instance.pk)[0])


def _user_grant(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(scope_generations(instance.user_id)[0])


def _group_grant(sender: Any, **kwargs: Any) -> None:
    bump("grants")


def _region(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A region's path (and so every scope under it), its policy code, its children.
    bump("regions", policy_generation(instance.pk))


def _policy_override(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(policy_generation(instance.county_id), POLICIES_GENERATION)


ROSTER_GENERATION = "roster"
# Any county's policy settings (values judged across counties: a city's teams' findings).
POLICIES_GENERATION = "policies"
ROSTER_MODELS = ("Team", "Village", "Cadre", "Membership", "DispatchingUnit")


def roster_written(*args: Any, **kwargs: Any) -> None:
    bump(ROSTER_GENERATION)


def policy_generation(county_pk: int) -> str:
    return f"policy:{county_pk}"


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="zhucun-cache-user")
        signal.connect(
            _user_grant, sender="guardian.UserObjectPermission", dispatch_uid="zhucun-cache-ugrant"
        )
        signal.connect(
            _group_grant, sender="guardian.GroupObjectPermission", dispatch_uid="zhucun-cache-ggrant"
        )
        signal.connect(_region, sender="teams.Region", dispatch_uid="zhucun-cache-region")
        signal.connect(_policy_override, sender="teams.PolicyOverride", dispatch_uid="zhucun-cache-policy")
        for model in ROSTER_MODELS:
            signal.connect(
                roster_written, sender=f"teams.{model}", dispatch_uid=f"zhucun-cache-roster-{model}"
            )
    from django.contrib.auth import get_user_model

    m2m_changed.connect(
        _group_grant, sender=get_user_model().groups.through, dispatch_uid="zhucun-cache-groups"
    )
