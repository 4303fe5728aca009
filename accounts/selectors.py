"""What a county organisation department may manage on its account pages.

Its own county's logins of four offices: the township committees (乡镇党委) of its townships, the county
rural revitalisation bureau, dispatching units placed in the county and cadres the county manages
(``Cadre.county``). Never a county organisation department (itself included: the city or the system
administrator creates those), a city office, a superuser or staff login, nor anything of another
county. Only the user's own county counts: a django-guardian grant to *see* another region gives no right
to manage its logins. Everybody else manages nothing, so every account page of a user is a 404 to them.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from teams.choices import RegionLevel
from teams.models import Cadre, DispatchingUnit, Membership, Region

from .models import Office, User

# The offices a county organisation department creates logins for, in the order its form offers them.
MANAGED_OFFICES: tuple[str, ...] = (
    Office.TOWNSHIP_COMMITTEE,
    Office.COUNTY_RURAL_BUREAU,
    Office.DISPATCHING_UNIT,
    Office.CADRE,
)


def managed_county(actor: User) -> Region | None:
    """The county whose logins the actor manages, or None when the actor manages none."""
    if not actor.is_active or actor.is_superuser or actor.office != Office.COUNTY_ORG_DEPT:
        return None
    region = actor.region
    if region is None or region.level != RegionLevel.COUNTY:
        return None
    return region


def assignable_regions(county: Region) -> QuerySet[Region]:
    """The county itself (for its bureau) and its townships (for their committees)."""
    return Region.objects.filter(Q(pk=county.pk) | Q(parent=county, level=RegionLevel.TOWNSHIP)).order_by(
        "path"
    )


def assignable_units(county: Region) -> QuerySet[DispatchingUnit]:
    """Units placed in the county or one of its townships; a city, province or central unit serves many
    counties and its login is not one county's to hand out."""
    return DispatchingUnit.objects.filter(region__path__startswith=county.path).order_by("name")


def assignable_cadres(county: Region) -> QuerySet[Cadre]:
    return Cadre.objects.filter(county=county).order_by("name", "id_number")


def manageable_users(actor: User) -> QuerySet[User]:
    """Every login the actor may list, open and change; empty for anyone but a county's office."""
    county = managed_county(actor)
    if county is None:
        return User.objects.none()
    return User.objects.filter(is_superuser=False, is_staff=False).filter(
        Q(office=Office.TOWNSHIP_COMMITTEE, region__parent=county, region__level=RegionLevel.TOWNSHIP)
        | Q(office=Office.COUNTY_RURAL_BUREAU, region=county)
        | Q(office=Office.DISPATCHING_UNIT, dispatching_unit__in=assignable_units(county))
        | Q(office=Office.CADRE, cadre__county=county)
    )


def serving_cadres_without_login(county: Region, *, today: datetime.date) -> QuerySet[Membership]:
    """The postings serving today of the county's cadres who have no login yet, one per cadre (postings of
    one cadre never overlap), in the order the bulk sheet lists them: township, village, name."""
    return (
        Membership.objects.active_on(today)
        .filter(cadre__county=county, cadre__user__isnull=True)
        .select_related("cadre", "team__village__township", "dispatching_unit")
        .order_by("team__village__township__path", "team__village__name", "cadre__name", "cadre_id")
    )
