"""Team findings: rows → ``teams.rules`` facts → the county policy's ``check_team``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q

from . import rules
from .choices import PolicyCode, RegionLevel, UnitLevel
from .county_policy import county_policy
from .models import DispatchingUnit, Membership, Region, Team

LIANGSHAN_CITY_CODE = rules.defaults.LIANGSHAN_PREFECTURE_CODE  # SC-LIANGSHAN's scope


# The fields member_facts reads (findings_for_teams loads no more).
MEMBER_FACT_FIELDS = (
    "team_id",
    "role",
    "is_leader",
    "start",
    "end",
    "cadre__birth_date",
    "cadre__party_status",
    "cadre__rank",
    "cadre__is_reserve",
    "cadre__expertise",
    "cadre__name",
    "cadre__is_bilingual",
    "cadre__is_on_staff",
    "dispatching_unit__level",
    "dispatching_unit__kind",
)


def member_facts(membership: Membership) -> rules.MemberFacts:
    cadre, unit = membership.cadre, membership.dispatching_unit
    return rules.MemberFacts(
        role=membership.role,  # type: ignore[arg-type]
        is_leader=membership.is_leader,
        birth_date=cadre.birth_date,
        party_status=cadre.party_status,
        rank=cadre.rank,
        is_reserve=cadre.is_reserve,
        unit_level=unit.level,
        unit_kind=unit.kind,
        from_township=unit.level == UnitLevel.TOWNSHIP,
        expertise=cadre.expertise,
        start=membership.start,
        end=membership.end,
        name=cadre.name,
        is_bilingual=cadre.is_bilingual,  # None when not recorded (QH-BILINGUAL says nothing then)
        is_on_staff=cadre.is_on_staff,  # None when not recorded (SC-STAFF)
    )


def team_facts(team: Team, memberships: Iterable[Membership]) -> rules.TeamFacts:
    village = team.village
    county = village.township.parent
    return rules.TeamFacts(
        term_start=team.term_start,
        term_end=team.term_end,
        members=[member_facts(m) for m in memberships],
        is_registered_poor=village.is_registered_poor,
        is_weak_party_org=village.is_weak_party_org,
        is_ethnic_area=village.is_ethnic_area,
        is_deep_poverty=village.is_deep_poverty,
        is_stability_focus=village.is_stability_focus,
        has_no_industry=village.has_no_industry,
        has_untapped_resources=village.has_untapped_resources,
        is_key_village=village.is_key_village,
        exited_on=village.poverty_exit_date,
        withdrawn_on=team.withdrawn_on,
        in_liangshan=county is not None
        and county.parent is not None
        and county.parent.code == LIANGSHAN_CITY_CODE,
        name=str(team),
    )


def _all_memberships(team: Team) -> list[Membership]:
    # Findings judge the whole team, whoever looks: a unit user sees the verdict, not the other units' cadres.
    return list(Membership.objects.filter(team=team).select_related("cadre", "dispatching_unit"))


def team_findings(team: Team, *, today: datetime.date) -> list[rules.Finding]:
    county = team.village.township.parent
    assert county is not None
    policy = county_policy(county, today)
    return policy.check_team(team_facts(team, _all_memberships(team)), today=today)


def findings_for_teams(
    teams: Iterable[Team], *, today: datetime.date
) -> list[tuple[Team, list[rules.Finding]]]:
    """Teams with at least one finding, each judged by its own county's policy (one policy per county)."""
    team_list = list(teams)
    by_team: dict[int, list[Membership]] = {t.pk: [] for t in team_list}
    # Only what member_facts reads: a county's 1,200 memberships are built on every home page.
    members = (
        Membership.objects.filter(team__in=team_list)
        .select_related("cadre", "dispatching_unit")
        .only(*MEMBER_FACT_FIELDS)
    )
    for m in members:
        by_team[m.team_id].append(m)
    policies: dict[int, rules.Policy] = {}
    result = []
    for team in team_list:
        county: Region = team.village.township.parent  # type: ignore[assignment]
        if county.pk not in policies:
            policies[county.pk] = county_policy(county, today)
        found = policies[county.pk].check_team(team_facts(team, by_team[team.pk]), today=today)
        if found:
            result.append((team, found))
    return result


# SC-QUOTA binds 省直部门（单位）及其企事业单位、中央在川单位和企业、省属企业: units of provincial or central level.
QUOTA_UNIT_LEVELS = (UnitLevel.PROVINCE, UnitLevel.CENTRAL)


def unit_quota_findings(unit: DispatchingUnit, *, today: datetime.date) -> list[rules.Finding] | None:
    """SC-QUOTA for ``unit``, or None when the quota does not bind it or cannot be judged.

    It binds a provincial or central unit in Sichuan (its region lies in a province whose counties follow
    Sichuan's policy) or one sending cadres to a Sichuan county. The base is 干部职工人数
    (``staff_total``, 003: 按照干部职工人数…选派), never the 在编人数 (``headcount``): with no
    ``staff_total`` recorded the check says nothing. Everyone the unit has posted today counts, first
    secretaries included (已选派的计算在内).
    """
    if unit.level not in QUOTA_UNIT_LEVELS or unit.staff_total is None:
        return None
    serving = Membership.objects.filter(dispatching_unit=unit).active_on(today)
    where = Q(pk__in=serving.values("team__village__township__parent"))
    if unit.region is not None:
        where |= Q(path__startswith=unit.region.path)
    county = (
        Region.objects.filter(where, level=RegionLevel.COUNTY, policy_code=PolicyCode.SICHUAN)
        .order_by("path")
        .first()
    )
    if county is None:
        return None
    dispatched = serving.values("cadre").distinct().count()
    return county_policy(county, today).check_dispatch_quota(unit.staff_total, dispatched)
