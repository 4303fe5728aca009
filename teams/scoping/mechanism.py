"""The mechanism: a user's ``Scope`` and the querysets that filter through it.

A user's *scope* is resolved once per user object (and kept across requests in the Django cache until
something it depends on changes: ``_shared_scope``) from their office's jurisdiction plus any
django-guardian grants on coarse objects (an extra township or county: ``teams.view_region``; an
extra dispatching unit: ``teams.view_dispatchingunit``). Every scoped model's queryset declares the
paths from its rows to a region, a dispatching unit and a cadre; ``for_user()`` filters through them.
Views and the API fetch only through ``for_user()``; a row outside the scope is a 404, exactly like a
row that does not exist.

Who may reach what is decided by the resolver (``teams.scoping.resolver``), which reads accounts and
teams models; the models in turn build on this module. So this module knows the resolver only as a
function installed when the apps are ready (``TeamsConfig.ready``), and imports no model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from core import caching

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_CACHE_ATTR = "_zhucun_scope"


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_paths: tuple[str, ...] = ()
    # Strict ancestors of region_paths (a county's city and province): only for coarse shared
    # registries such as dispatching units, which a county picks from its city and province.
    ancestor_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = frozenset()
    cadre_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.region_paths or self.unit_ids or self.cadre_ids)


Resolver = Callable[["User"], Scope]
_resolver: Resolver | None = None


def use_resolver(resolver: Resolver) -> None:
    """Install the function that resolves an active user's scope (done once, by ``TeamsConfig.ready``)."""
    global _resolver
    _resolver = resolver


def scope_for(user: User | AnonymousUser | None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if _resolver is None:
        raise ImproperlyConfigured("teams.scoping has no resolver: is 'teams' in INSTALLED_APPS?")
    # Issue 15: across requests too, in the Django cache (``_shared_scope``).
    scope = _shared_scope(user, _resolver)
    setattr(user, _CACHE_ATTR, scope)
    return scope


# --- the scope across requests (issue 15) ------------------------------------------------------------
# A scope is kept in the Django cache under what the user row holds (office, region, unit, cadre,
# superuser: re-read on every request, so a change to them is a new key at once) and under three
# generations (core/caching.py) bumped by teams/caches.py: the user's own ("scope-user:<pk>": the user
# row saved, a guardian grant to the user), "grants" (a grant to a group, a user's groups changed) and
# "regions" (a region saved or deleted: its path, its children).
SCOPE_TIMEOUT = 24 * 60 * 60


def scope_generations(user_pk: int) -> tuple[str, ...]:
    return (f"scope-user:{user_pk}", "grants", "regions")


def _shared_scope(user: User, resolve: Resolver) -> Scope:
    parts = (user.pk, user.office, user.region_id, user.dispatching_unit_id, user.cadre_id, user.is_superuser)
    return caching.cached("scope", parts, scope_generations(user.pk), lambda: resolve(user), SCOPE_TIMEOUT)


def scope_digest(scope: Scope) -> str:
    """A short key naming exactly this scope, for values computed within it (the menu's counts)."""
    return caching.digest(
        (
            scope.everything,
            scope.region_paths,
            scope.ancestor_paths,
            tuple(sorted(scope.unit_ids)),
            tuple(sorted(scope.cadre_ids)),
        )
    )


def forget_scope(user: Any) -> None:
    """Drop the cached scope, e.g. after a grant changed within the same request or test."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


_QS = TypeVar("_QS", bound="ScopedQuerySet[Any]")
_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """Subclasses name the paths from a row to its jurisdiction.

    ``region_paths``: lookups ending at a Region's ``path`` (prefix-matched against the user's regions);
    ``unit_paths`` / ``cadre_paths``: lookups ending at a DispatchingUnit / Cadre primary key.
    ``multi_valued`` says a path crosses a to-many relation, so rows are de-duplicated by a subquery.
    """

    region_paths: ClassVar[tuple[str, ...]] = ()
    unit_paths: ClassVar[tuple[str, ...]] = ()
    cadre_paths: ClassVar[tuple[str, ...]] = ()
    # Lookups ending at a Region's path matched exactly against the user's ancestor regions; with
    # ``unplaced_path`` also rows whose region is empty (central units) for any regional user.
    ancestor_paths: ClassVar[tuple[str, ...]] = ()
    unplaced_path: ClassVar[str | None] = None
    multi_valued: ClassVar[bool] = False

    def for_user(self: _QS, user: Any) -> _QS:
        scope = scope_for(user)
        if scope.everything:
            return self
        condition = Q(pk__in=[])
        for lookup in self.region_paths:
            for prefix in scope.region_paths:
                condition |= Q(**{f"{lookup}__startswith": prefix})
        if scope.region_paths:
            for lookup in self.ancestor_paths:
                condition |= Q(**{f"{lookup}__in": scope.ancestor_paths})
            if self.unplaced_path:
                condition |= Q(**{f"{self.unplaced_path}__isnull": True})
        if scope.unit_ids:
            for lookup in self.unit_paths:
                condition |= Q(**{f"{lookup}__in": scope.unit_ids})
        if scope.cadre_ids:
            for lookup in self.cadre_paths:
                condition |= Q(**{f"{lookup}__in": scope.cadre_ids})
        if self.multi_valued:
            inner = self.model._base_manager.filter(condition).values("pk")
            return self.filter(pk__in=inner)
        return self.filter(condition)
