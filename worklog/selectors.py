"""Reads of the work log, meetings and visits. H6's reports and duties calendar call these; the bulk
variants answer a whole county or province in one query each."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, QuerySet

from teams.models import Region, Team, Village

from .models import (
    CareCase,
    EntryKind,
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
    """Distinct households of its own village each team visited in start..end (0 where none)."""
    ids = list(team_ids)
    result = dict.fromkeys(ids, 0)
    rows = (
        _visits(start, end)
        .filter(team_id__in=ids, households__village_id=F("team__village_id"))
        .values("team_id")
        .annotate(n=Count("households", distinct=True))
    )
    for row in rows:
        result[row["team_id"]] = row["n"]
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
