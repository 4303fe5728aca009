"""Dispatching units (派出单位): a county edits its own and registers shared ones it cannot edit."""

from __future__ import annotations

from accounts.models import User
from teams import errors
from teams.models import DispatchingUnit, Region
from teams.scoping import scope_for

from .base import KEEP, Keep, apply, guarded, require_editor


def _own_region(actor: User, region_id: int | None) -> bool:
    """Whether a region is the actor's own (its county and townships, or any region for a superuser)."""
    if scope_for(actor).everything:
        return True
    return region_id is not None and Region.objects.for_user(actor).filter(pk=region_id).exists()


def unit_editable_by(actor: User, unit: DispatchingUnit) -> bool:
    """A roster editor changes only units placed in its own jurisdiction (its county and townships, as
    stored, not as a form has just set them). A unit above it — its city's, its province's, a central
    one (no region) — is shared by every county below and read-only to each of them."""
    if not actor.can_edit_roster:
        return False
    stored = DispatchingUnit.objects.filter(pk=unit.pk).values_list("region", flat=True).first()
    return _own_region(actor, stored)


def unit_save(
    *,
    actor: User,
    unit: DispatchingUnit | None = None,
    name: str | Keep = KEEP,
    level: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    staff_total: int | None | Keep = KEEP,
    headcount: int | None | Keep = KEEP,
    region: Region | None | Keep = KEEP,
) -> DispatchingUnit:
    """Create or update a dispatching unit. An update needs a unit of the actor's own region and keeps
    it there; a new unit may also be one of the actor's city or province or a central one (the county
    registers the unit that sends it cadres), which is then read-only to it like any shared unit."""
    require_editor(actor)
    if unit is not None and unit.pk is not None and not unit_editable_by(actor, unit):
        raise errors.ServiceError(errors.UNIT_READ_ONLY, errors.UNIT_READ_ONLY_MSG)
    unit = unit or DispatchingUnit()
    apply(
        unit,
        {
            "name": name,
            "level": level,
            "kind": kind,
            "staff_total": staff_total,
            "headcount": headcount,
            "region": region,
        },
    )
    if not _own_region(actor, unit.region_id):
        if unit.pk is not None:
            raise errors.ServiceError(errors.UNIT_REGION_OUTSIDE, errors.UNIT_REGION_OUTSIDE_MSG, "region")
        above = unit.region is None or unit.region.path in scope_for(actor).ancestor_paths
        if not above:
            raise errors.ServiceError(
                errors.OUTSIDE_JURISDICTION, errors.OUTSIDE_JURISDICTION_MSG.format(what="区划"), "region"
            )
    existing = DispatchingUnit.objects.filter(name=unit.name).exclude(pk=unit.pk).first()
    if existing is not None:
        raise _unit_duplicate(actor, existing)
    with guarded({"name": (errors.UNIT_DUPLICATE, errors.UNIT_NAME_TAKEN_MSG, "name")}):
        unit.save()
    return unit


def _unit_duplicate(actor: User, existing: DispatchingUnit) -> errors.ServiceError:
    """Name (and link) the unit in the way only to a user who may see it; to anyone else, only that the
    name is taken — never whose it is, where or at what level."""
    if DispatchingUnit.objects.for_user(actor).filter(pk=existing.pk).exists():
        message = errors.UNIT_DUPLICATE_MSG.format(name=existing.name)
        return errors.ServiceError(errors.UNIT_DUPLICATE, message, "name", conflict=existing)
    return errors.ServiceError(errors.UNIT_DUPLICATE, errors.UNIT_NAME_TAKEN_MSG, "name")
