"""Team findings: rows → ``teams.rules`` facts → the county policy's ``check_team``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from . import rules
from .choices import UnitLevel
from .models import Membership, Region, Team
from .policies import county_policy

LIANGSHAN_CITY_CODE = rules.defaults.LIANGSHAN_PREFECTURE_CODE  # SC-LIANGSHAN's scope


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
        exited_on=village.poverty_exit_date,
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
    for m in Membership.objects.filter(team__in=team_list).select_related("cadre", "dispatching_unit"):
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
