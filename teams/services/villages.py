"""Villages (村): created and changed in one of the actor's townships."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from teams import errors
from teams.choices import RegionLevel
from teams.models import Region, Village

from .base import KEEP, Keep, apply, guarded, require_editor, require_in_scope


def village_save(
    *,
    actor: User,
    village: Village | None = None,
    township: Region | Keep = KEEP,
    name: str | Keep = KEEP,
    code: str | Keep = KEEP,
    is_registered_poor: bool | Keep = KEEP,
    is_weak_party_org: bool | Keep = KEEP,
    is_stability_focus: bool | Keep = KEEP,
    is_deep_poverty: bool | Keep = KEEP,
    is_ethnic_area: bool | Keep = KEEP,
    has_no_industry: bool | Keep = KEEP,
    has_untapped_resources: bool | Keep = KEEP,
    is_key_village: bool | Keep = KEEP,
    latitude: Decimal | None | Keep = KEEP,
    longitude: Decimal | None | Keep = KEEP,
    poverty_exit_date: datetime.date | None | Keep = KEEP,
) -> Village:
    """Create (``village=None``) or update a village in one of the actor's townships."""
    require_editor(actor)
    village = village or Village()
    apply(
        village,
        {
            "township": township,
            "name": name,
            "code": code,
            "is_registered_poor": is_registered_poor,
            "is_weak_party_org": is_weak_party_org,
            "is_stability_focus": is_stability_focus,
            "is_deep_poverty": is_deep_poverty,
            "is_ethnic_area": is_ethnic_area,
            "has_no_industry": has_no_industry,
            "has_untapped_resources": has_untapped_resources,
            "is_key_village": is_key_village,
            "latitude": latitude,
            "longitude": longitude,
            "poverty_exit_date": poverty_exit_date,
        },
    )
    require_in_scope(
        actor, Region.objects.filter(level=RegionLevel.TOWNSHIP), village.township, "乡镇", "township"
    )
    duplicate = Village.objects.filter(township=village.township, name=village.name).exclude(pk=village.pk)
    message = errors.VILLAGE_DUPLICATE_MSG.format(township=village.township, name=village.name)
    if duplicate.exists():
        raise errors.ServiceError(errors.VILLAGE_DUPLICATE, message, "name")
    with guarded({"village_unique_name_in_township": (errors.VILLAGE_DUPLICATE, message, "name")}):
        village.save()
    return village
