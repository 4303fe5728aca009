"""The resolver: which regions, dispatching units and cadres a user reaches.

A user's scope comes from their office's jurisdiction plus any django-guardian grants on coarse objects
(an extra township or county: ``teams.view_region``; an extra dispatching unit:
``teams.view_dispatchingunit``). Installed into the mechanism by ``TeamsConfig.ready``.
"""

from __future__ import annotations

from guardian.shortcuts import get_objects_for_user

from accounts.models import REGION_OFFICES, Office, User
from teams.models import DispatchingUnit, Region

from .mechanism import Scope


def resolve(user: User) -> Scope:
    """The scope of an authenticated, active user (``scope_for`` caches it on the user object)."""
    if user.is_superuser:
        return Scope(everything=True)
    paths: set[str] = set()
    units: set[int] = set()
    cadres: set[int] = set()
    if user.office in REGION_OFFICES and user.region is not None:
        paths.add(user.region.path)
    if user.office == Office.DISPATCHING_UNIT and user.dispatching_unit_id:
        units.add(user.dispatching_unit_id)
    if user.office == Office.CADRE and user.cadre_id:
        cadres.add(user.cadre_id)
    paths.update(
        get_objects_for_user(
            user, "teams.view_region", Region, with_superuser=False, accept_global_perms=False
        ).values_list("path", flat=True)
    )
    units.update(
        get_objects_for_user(
            user,
            "teams.view_dispatchingunit",
            DispatchingUnit,
            with_superuser=False,
            accept_global_perms=False,
        ).values_list("pk", flat=True)
    )
    # A path inside another granted path adds nothing.
    minimal = tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))
    ancestors = {p[: i + 1] for p in minimal for i, ch in enumerate(p[:-1]) if ch == "/"}
    return Scope(
        region_paths=minimal,
        ancestor_paths=tuple(sorted(ancestors - set(minimal))),
        unit_ids=frozenset(units),
        cadre_ids=frozenset(cadres),
    )
