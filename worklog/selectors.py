"""Reads of the work log, meetings and visits. H6's reports and duties calendar call these; the bulk
variants answer a whole county or province in one query each."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from teams.choices import RegionLevel
from teams.county_policy import county_policy
from teams.models import Region, Team, Village

from .models import (
    CareCase,
    EntryKind,
    Household,
    LinkLeader,
    LogEntry,
    Meeting,
    MeetingLevel,
    SupportKind,
    SupportVisit,
    VillageHouseholds,
)

SUPPORT_KINDS: tuple[str, ...] = tuple(SupportKind.values)


def entries_between(team: Team, start: datetime.date, end: datetime.date) -> QuerySet[LogEntry]:
    """The team's log entries dated start..end (both included), oldest first."""
    return (
        LogEntry.objects.filter(team=team, date__gte=start, date__lte=end)
        .select_related("cadre")
        .prefetch_related("households")
        .order_by("date", "pk")
    )


def county_meetings(county: Region, start: datetime.date, end: datetime.date) -> int:
    """County team-leader meetings held by the county itself in start..end."""
    return Meeting.objects.filter(
        level=MeetingLevel.COUNTY, region=county, date__gte=start, date__lte=end
    ).count()


def township_meetings(township: Region, start: datetime.date, end: datetime.date) -> int:
    return Meeting.objects.filter(
        level=MeetingLevel.TOWNSHIP, region=township, date__gte=start, date__lte=end
    ).count()


def _visits(start: datetime.date, end: datetime.date) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(kind=EntryKind.VISIT, date__gte=start, date__lte=end)


def households_visited(team: Team, start: datetime.date, end: datetime.date) -> tuple[int, int | None]:
    """(distinct households of the team's village visited in start..end, the village's household count or
    None when the county has not entered it)."""
    visited = (
        _visits(start, end)
        .filter(team=team, households__village_id=team.village_id)
        .values("households")
        .distinct()
        .count()
    )
    count = (
        VillageHouseholds.objects.filter(village_id=team.village_id).values_list("count", flat=True).first()
    )
    return visited, count


def link_visits(village: Village, start: datetime.date, end: datetime.date) -> int:
    """Linked leaders' visits to the village in start..end (QH10-LINK), whichever team recorded them."""
    return SupportVisit.objects.filter(
        kind=SupportKind.LINK_VISIT, link_leader__village=village, date__gte=start, date__lte=end
    ).count()


def unit_support(team: Team, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Counts of every SupportVisit kind for the team in start..end (zero where none)."""
    return unit_support_by_team([team.pk], start, end).get(team.pk, dict.fromkeys(SUPPORT_KINDS, 0))


# --- bulk ------------------------------------------------------------------------------------------


def county_meetings_by_county(
    counties: Iterable[Region | int], start: datetime.date, end: datetime.date
) -> dict[int, int]:
    ids = [c if isinstance(c, int) else c.pk for c in counties]
    result = dict.fromkeys(ids, 0)
    rows = (
        Meeting.objects.filter(level=MeetingLevel.COUNTY, region_id__in=ids, date__gte=start, date__lte=end)
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result[row["region_id"]] = row["n"]
    return result


def township_meetings_by_township(
    townships: Iterable[Region | int], start: datetime.date, end: datetime.date
) -> dict[int, int]:
    ids = [t if isinstance(t, int) else t.pk for t in townships]
    result = dict.fromkeys(ids, 0)
    rows = (
        Meeting.objects.filter(level=MeetingLevel.TOWNSHIP, region_id__in=ids, date__gte=start, date__lte=end)
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result[row["region_id"]] = row["n"]
    return result


def households_visited_by_team(
    team_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, int]:
    """Distinct households each team visited in start..end (0 where none). Read from the visits' link
    table alone: the services admit only households of the team's own village."""
    ids = list(team_ids)
    result = dict.fromkeys(ids, 0)
    through = LogEntry.households.through
    rows = (
        through.objects.filter(
            logentry__team_id__in=ids,
            logentry__kind=EntryKind.VISIT,
            logentry__date__gte=start,
            logentry__date__lte=end,
        )
        .values("logentry__team_id")
        .annotate(n=Count("household_id", distinct=True))
        .order_by()
    )
    for row in rows:
        result[row["logentry__team_id"]] = row["n"]
    return result


def household_counts_by_village(village_ids: Iterable[int]) -> dict[int, int]:
    """The household count the county entered per village (villages without one are absent)."""
    return dict(
        VillageHouseholds.objects.filter(village_id__in=list(village_ids)).values_list("village_id", "count")
    )


def link_visits_by_village(
    village_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, int]:
    ids = list(village_ids)
    result = dict.fromkeys(ids, 0)
    rows = (
        SupportVisit.objects.filter(
            kind=SupportKind.LINK_VISIT, link_leader__village_id__in=ids, date__gte=start, date__lte=end
        )
        .values("link_leader__village_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result[row["link_leader__village_id"]] = row["n"]
    return result


def unit_support_by_team(
    team_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, int]]:
    ids = list(team_ids)
    result = {pk: dict.fromkeys(SUPPORT_KINDS, 0) for pk in ids}
    rows = (
        SupportVisit.objects.filter(team_id__in=ids, date__gte=start, date__lte=end)
        .values("team_id", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result[row["team_id"]][row["kind"]] = row["n"]
    return result


def care_cases_open(cadre_ids: Iterable[int]) -> dict[int, int]:
    """Open five-must-visit cases per cadre."""
    rows = (
        CareCase.objects.filter(cadre_id__in=list(cadre_ids), closed_on__isnull=True)
        .values("cadre_id")
        .annotate(n=Count("pk"))
    )
    return {row["cadre_id"]: row["n"] for row in rows}


# --- the pages' views of the duties ------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    return start, end - datetime.timedelta(days=1)


def _county_of(team: Team) -> Region:
    county = team.village.township.parent
    assert county is not None
    return county


def _policies(teams: Iterable[Team], on: datetime.date) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for team in teams:
        county = _county_of(team)
        if county.pk not in found:
            found[county.pk] = county_policy(county, on)
    return found


@dataclass
class CoverageRow:
    team: Team
    visited: int
    count: int | None
    findings: list[Any]
    applies: bool
    must: list[tuple[Household, bool]] = field(default_factory=list)


def coverage_rows(teams: Sequence[Team], start: datetime.date, end: datetime.date) -> list[CoverageRow]:
    """Per team: distinct households of its village visited in the quarter against the village's count
    (SC-HOUSEHOLDS where the county's policy has it), and its 四必到/四必访 households visited or not."""
    ids = [t.pk for t in teams]
    visited = households_visited_by_team(ids, start, end)
    counts = household_counts_by_village([t.village_id for t in teams])
    policies = _policies(teams, start)
    seen = set(
        _visits(start, end)
        .filter(team_id__in=ids)
        .values_list("team_id", "households")
        .exclude(households=None)
    )
    must = Household.objects.filter(village_id__in=[t.village_id for t in teams]).filter(
        Q(is_must_be_there=True) | Q(is_must_visit=True)
    )
    by_village: dict[int, list[Household]] = {}
    for h in must:
        by_village.setdefault(h.village_id, []).append(h)
    rows = []
    for team in teams:
        policy = policies[_county_of(team).pk]
        applies = policy.in_force("SC-HOUSEHOLDS") is not None
        count = counts.get(team.village_id)
        done = visited.get(team.pk, 0)
        findings = policy.check_household_visits(count, done) if applies and count is not None else []
        rows.append(
            CoverageRow(
                team=team,
                visited=done,
                count=count,
                findings=findings,
                applies=applies,
                must=[(h, (team.pk, h.pk) in seen) for h in by_village.get(team.village_id, [])],
            )
        )
    return rows


@dataclass
class MeetingDuty:
    region: Region
    label: str
    held: int
    findings: list[Any]
    applies: bool
    ends: datetime.date | None = None  # the last day of the period judged


def meeting_duties(regions: Sequence[Region], year: int, quarter: int, month: int) -> list[MeetingDuty]:
    """County meetings in the quarter and township meetings in the month, judged by the county's policy
    (JN-MEET / QH-MEET / SC-MEET)."""
    q_start, q_end = quarter_bounds(year, quarter)
    m_start, m_end = month_bounds(year, month)
    rows = []
    for region in regions:
        if region.level == RegionLevel.COUNTY:
            policy = county_policy(region, q_start)
            held = county_meetings(region, q_start, q_end)
            findings = policy.check_meetings(county_in_quarter=held)
            label = f"{year}年第{quarter}季度县级会议"
            ends = q_end
        else:
            county = region.parent
            assert county is not None
            policy = county_policy(county, m_start)
            held = township_meetings(region, m_start, m_end)
            findings = policy.check_meetings(township_in_month=held)
            label = f"{year}年{month}月乡镇会议"
            ends = m_end
        applies = any(policy.in_force(p) is not None for p in MEETING_PROVISIONS)
        rows.append(
            MeetingDuty(region=region, label=label, held=held, findings=findings, applies=applies, ends=ends)
        )
    return rows


MEETING_PROVISIONS = ("JN-MEET", "QH-MEET", "SC-MEET")


@dataclass
class LinkRow:
    village: Village
    leaders: list[Any]
    visits: int
    findings: list[Any]
    applies: bool


def link_rows(villages: Sequence[Village], start: datetime.date, end: datetime.date) -> list[LinkRow]:
    visits = link_visits_by_village([v.pk for v in villages], start, end)
    leaders: dict[int, list[LinkLeader]] = {}
    for leader in LinkLeader.objects.filter(village__in=villages).filter(
        Q(end__isnull=True) | Q(end__gte=start), start__lte=end
    ):
        leaders.setdefault(leader.village_id, []).append(leader)
    policies: dict[int, Any] = {}
    rows = []
    for village in villages:
        county = village.township.parent
        assert county is not None
        if county.pk not in policies:
            policies[county.pk] = county_policy(county, start)
        policy = policies[county.pk]
        applies = policy.in_force("QH10-LINK") is not None
        n = visits.get(village.pk, 0)
        findings = policy.check_link_visits(n) if applies and leaders.get(village.pk) else []
        rows.append(LinkRow(village, leaders.get(village.pk, []), n, findings, applies))
    return rows


@dataclass
class UnitRow:
    team: Team
    counts: dict[str, int]
    findings: list[Any]
    applies: bool


def unit_rows(teams: Sequence[Team], year: int, today: datetime.date) -> list[UnitRow]:
    """ZMD-UNIT over the year so far: a finished half year counts; the head's and other leaders' yearly
    visits are judged once the year is over."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts = unit_support_by_team([t.pk for t in teams], start, end)
    half_years = 2 if today > end else (1 if today > datetime.date(year, 6, 30) else 0)
    policies = _policies(teams, start)
    rows = []
    for team in teams:
        policy = policies[_county_of(team).pk]
        applies = policy.in_force("ZMD-UNIT") is not None
        c = counts[team.pk]
        findings = (
            policy.check_unit_support(
                hearings=c[SupportKind.UNIT_HEARING],
                head_visits=c[SupportKind.UNIT_HEAD_VISIT],
                other_leader_visits=c[SupportKind.UNIT_LEADER_VISIT],
                half_years=half_years,
            )
            if applies and half_years
            else []
        )
        rows.append(UnitRow(team, c, findings, applies))
    return rows


def care_findings(cases: Sequence[CareCase], on: datetime.date) -> dict[int, list[Any]]:
    """QH10-CARE per case: an open case of a county whose policy has it is a finding."""
    found: dict[int, list[Any]] = {}
    policies: dict[int, Any] = {}
    for case in cases:
        county = case.cadre.county
        if county is None:
            continue
        if county.pk not in policies:
            policies[county.pk] = county_policy(county, on)
        policy = policies[county.pk]
        if policy.in_force("QH10-CARE") is None:
            continue
        found[case.pk] = policy.check_care_visits([(case.situation, case.closed_on is not None)])
    return found
