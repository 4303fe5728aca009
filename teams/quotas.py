"""Sichuan's dispatch quotas and coverage (SC-QUOTA, SC-COVER, SC-AID): reads only.

Per dispatching unit its 干部职工人数, the people it must dispatch (``policy.required_dispatch``) and the
people it has in teams now; per county the registered poor villages without a current team; per aid
pairing the people the aiding county has in the aided county against the aided county's poor villages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from . import rules
from .choices import RegionLevel
from .county_policy import counties_for_user, county_policy
from .models import AidPairing, DispatchingUnit, Membership, Region, Team, Village

QUOTA, COVER, AID = "SC-QUOTA", "SC-COVER", "SC-AID"


@dataclass
class UnitRow:
    unit: DispatchingUnit
    staff: int | None
    required: int | None
    dispatched: int
    findings: list[rules.Finding] = field(default_factory=list)


@dataclass
class AidRow:
    pairing: AidPairing
    poor_villages: int
    dispatched: int
    findings: list[rules.Finding] = field(default_factory=list)


@dataclass
class CountyQuotas:
    county: Region
    policy: rules.Policy
    units: list[UnitRow]
    uncovered: list[tuple[Village, list[rules.Finding]]]  # a poor village without a team, its finding
    aid: list[AidRow]

    @property
    def applies(self) -> bool:
        return applies(self.policy)

    @property
    def aid_share_percent(self) -> int | None:
        """SC-AID's share of the aided county's poor villages, as the provision states it."""
        provision = self.policy.in_force(AID)
        return provision.values["min_share_percent"] if provision is not None else None

    @property
    def units_short(self) -> int:
        return sum(1 for row in self.units if row.findings)


def applies(policy: rules.Policy) -> bool:
    """Whether the policy has a quota, coverage or aid provision in force (Sichuan's)."""
    return any(policy.in_force(p) is not None for p in (QUOTA, COVER, AID))


def quota_counties(user: Any, today: datetime.date) -> list[Region]:
    """The counties the user may read whose policy has a quota or coverage provision in force."""
    counties = counties_for_user(user).select_related("parent").order_by("path")
    return [c for c in counties if applies(county_policy(c, today))]


def _dispatched(units: QuerySet[DispatchingUnit], today: datetime.date) -> dict[int, int]:
    """People each unit has in a team now (anywhere: the quota is the unit's, not a county's)."""
    current = Membership.objects.active_on(today).filter(dispatching_unit__in=units)
    return dict(
        current.values("dispatching_unit")
        .annotate(n=Count("cadre", distinct=True))
        .values_list("dispatching_unit", "n")
    )


def unit_rows(units: QuerySet[DispatchingUnit], policy: rules.Policy, today: datetime.date) -> list[UnitRow]:
    """The units SC-QUOTA binds (its ``unit_levels``), judged by ``check_dispatch_quota``."""
    provision = policy.in_force(QUOTA)
    if provision is None:
        return []
    bound = units.filter(level__in=provision.values["unit_levels"]).order_by("level", "name")
    counts = _dispatched(bound, today)
    rows = []
    for unit in bound:
        dispatched = counts.get(unit.pk, 0)
        if unit.staff_total is None:  # not recorded: nothing to judge
            rows.append(UnitRow(unit, None, None, dispatched))
            continue
        rows.append(
            UnitRow(
                unit,
                unit.staff_total,
                policy.required_dispatch(unit.staff_total),
                dispatched,
                policy.check_dispatch_quota(unit.staff_total, dispatched),
            )
        )
    return rows


def uncovered_villages(county: Region, today: datetime.date) -> list[Village]:
    """The county's registered poor villages without a team in its term today (SC-COVER)."""
    teamed = Team.objects.active_on(today).filter(village__township__parent=county).values("village")
    return list(
        Village.objects.filter(township__parent=county, is_registered_poor=True)
        .exclude(pk__in=teamed)
        .select_related("township")
        .order_by("township__path", "name")
    )


def aid_rows(user: Any, county: Region, policy: rules.Policy, today: datetime.date) -> list[AidRow]:
    """SC-AID for the pairings where the county aids or is aided."""
    if policy.in_force(AID) is None:
        return []
    rows = []
    pairings = (
        AidPairing.objects.for_user(user)
        .filter(Q(aiding_county=county) | Q(aided_county=county))
        .select_related("aiding_county", "aided_county")
    )
    for pairing in pairings:
        aided, aiding = pairing.aided_county, pairing.aiding_county
        poor = Village.objects.filter(township__parent=aided, is_registered_poor=True).count()
        sent = (
            Membership.objects.active_on(today)
            .filter(
                team__village__township__parent=aided, dispatching_unit__region__path__startswith=aiding.path
            )
            .values("cadre")
            .distinct()
            .count()
        )
        rows.append(AidRow(pairing, poor, sent, county_policy(aided, today).check_aid_share(poor, sent)))
    return rows


def county_quotas(user: Any, county: Region, today: datetime.date) -> CountyQuotas:
    """One county: the bound units that send it cadres or are placed in it, its uncovered poor
    villages and its aid pairings."""
    policy = county_policy(county, today)
    units = DispatchingUnit.objects.for_user(user).filter(
        Q(memberships__team__village__township__parent=county) | Q(region=county) | Q(region__parent=county)
    )
    units = DispatchingUnit.objects.filter(pk__in=units.values("pk"))
    uncovered: list[tuple[Village, list[rules.Finding]]] = []
    if policy.in_force(COVER) is not None:
        for village in uncovered_villages(county, today):
            # Named with its township: two townships may each have a 红旗村.
            found = policy.check_coverage({f"{village.township.name}{village.name}": 0})
            uncovered.append((village, found))
    return CountyQuotas(
        county,
        policy,
        unit_rows(units, policy, today),
        uncovered,
        aid_rows(user, county, policy, today),
    )


@dataclass
class ProvinceQuotas:
    province: Region | None
    counties: list[CountyQuotas]
    units: list[UnitRow]


def province_quotas(user: Any, counties: list[Region], today: datetime.date) -> list[ProvinceQuotas]:
    """The user's counties grouped by province; each province's bound units that serve any of its
    counties, judged once each (the quota is the unit's) by the province's policy."""
    groups: dict[int | None, list[Region]] = {}
    for county in counties:
        province = province_of(county)
        groups.setdefault(province.pk if province else None, []).append(county)
    result = []
    for members in groups.values():
        policy = county_policy(members[0], today)
        served = DispatchingUnit.objects.for_user(user).filter(
            memberships__team__village__township__parent__in=members
        )
        units = unit_rows(DispatchingUnit.objects.filter(pk__in=served.values("pk")), policy, today)
        result.append(
            ProvinceQuotas(province_of(members[0]), [county_quotas(user, c, today) for c in members], units)
        )
    return result


def province_of(county: Region) -> Region | None:
    region: Region | None = county
    while region is not None and region.level != RegionLevel.PROVINCE:
        region = region.parent
    return region
