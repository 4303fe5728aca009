"""The teams a duties calendar covers and what the duties count, for all of them at once."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth, ExtractQuarter, TruncDate

from assessment.models import ReportStatus, TeamReport, TeamTarget
from teams.models import Team
from teams.rules import duties as rule_duties


@dataclass(frozen=True, slots=True)
class TeamInfo:
    pk: int
    village_id: int
    village: str
    township_id: int
    township: str
    county_id: int
    term_start: datetime.date
    term_end: datetime.date | None


def _scope(teams: QuerySet[Team] | Iterable[int] | None, year: int) -> QuerySet[Team]:
    """The teams serving in ``year`` among ``teams`` (a queryset stays a subquery: no list of ids)."""
    start, end = rule_duties.year_bounds(year)
    base = Team.objects.filter(term_start__lte=end).filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
    if teams is None:
        return base
    if isinstance(teams, QuerySet):
        return base.filter(pk__in=Subquery(teams.order_by().values("pk")))
    return base.filter(pk__in=list(teams))


def _teams(scope: QuerySet[Team]) -> list[TeamInfo]:
    rows = scope.values_list(
        "pk",
        "village_id",
        "village__name",
        "village__township_id",
        "village__township__name",
        "village__township__parent_id",
        "term_start",
        "term_end",
    ).order_by("village__township__path", "village__name", "pk")
    return [
        TeamInfo(pk, village_id, village, township_id, township, county_id or 0, start, end)
        for pk, village_id, village, township_id, township, county_id, start, end in rows
    ]


def _quarter(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def _half(month: int) -> int:
    return 1 if month <= 6 else 2


class _Facts:
    """What the duties count, for every team of the scope at once (one query per kind of fact; the
    worklog's bulk selectors take lists of ids, which for a province are slower than a join)."""

    def __init__(self, scope: QuerySet[Team], kinds: set[str], year: int, teams: list[TeamInfo]) -> None:
        from worklog.models import LogEntry, Meeting, SupportVisit, VillageHouseholds

        start, end = rule_duties.year_bounds(year)
        pks = scope.order_by().values("pk")
        self.reports: dict[tuple[int, str, int | None], tuple[int, datetime.date]] = {}
        for pk, team_id, kind, period, day in (
            TeamReport.objects.filter(
                team_id__in=pks, year=year, status__in=(ReportStatus.SUBMITTED, ReportStatus.ACKNOWLEDGED)
            )
            .annotate(day=TruncDate("submitted_at"))
            .order_by()
            .values_list("pk", "team_id", "kind", "period", "day")
        ):
            self.reports[(team_id, kind, period)] = (pk, day)
        self.targets: dict[int, datetime.date] = {}
        if rule_duties.TARGET in kinds:
            self.targets = dict(
                TeamTarget.objects.filter(team_id__in=pks, year=year)
                .order_by()
                .values_list("team_id", "signed_on")
            )
        # (region id, quarter or month) -> meetings held
        self.county_meetings: dict[tuple[int, int], int] = defaultdict(int)
        self.township_meetings: dict[tuple[int, int], int] = defaultdict(int)
        if rule_duties.COUNTY_MEETING in kinds or rule_duties.TOWNSHIP_MEETING in kinds:
            counties = {t.county_id for t in teams}
            townships = {t.township_id for t in teams}
            for level, region_id, day in (
                Meeting.objects.filter(
                    Q(level="county", region_id__in=counties) | Q(level="township", region_id__in=townships),
                    date__gte=start,
                    date__lte=end,
                )
                .order_by()
                .values_list("level", "region_id", "date")
            ):
                if level == "county":
                    self.county_meetings[(region_id, _quarter(day))] += 1
                else:
                    self.township_meetings[(region_id, day.month)] += 1
        # (team id, quarter) -> distinct households of its own village visited
        self.visited: dict[tuple[int, int], int] = {}
        self.household_counts: dict[int, int] = {}
        if rule_duties.HOUSEHOLDS in kinds:
            for hh in (
                LogEntry.objects.filter(
                    kind="visit",
                    team_id__in=pks,
                    date__gte=start,
                    date__lte=end,
                    households__village_id=F("team__village_id"),
                )
                .annotate(q=ExtractQuarter("date"))
                .order_by()
                .values("team_id", "q")
                .annotate(n=Count("households", distinct=True))
            ):
                self.visited[(hh["team_id"], hh["q"])] = hh["n"]
            self.household_counts = dict(
                VillageHouseholds.objects.filter(village_id__in=scope.order_by().values("village_id"))
                .order_by()
                .values_list("village_id", "count")
            )
        # (village id, quarter) -> linked leaders' visits
        self.links: dict[tuple[int, int], int] = {}
        if rule_duties.LINK_VISIT in kinds:
            for link in (
                SupportVisit.objects.filter(
                    kind="link_visit",
                    link_leader__village_id__in=scope.order_by().values("village_id"),
                    date__gte=start,
                    date__lte=end,
                )
                .annotate(q=ExtractQuarter("date"))
                .order_by()
                .values("link_leader__village_id", "q")
                .annotate(n=Count("pk"))
            ):
                self.links[(link["link_leader__village_id"], link["q"])] = link["n"]
        # (team id, kind, half) -> the unit's hearings and visits
        self.support: dict[tuple[int, str, int], int] = defaultdict(int)
        if rule_duties.UNIT_HEARING in kinds or rule_duties.UNIT_VISITS in kinds:
            for visit in (
                SupportVisit.objects.filter(
                    team_id__in=pks,
                    kind__in=("unit_hearing", "unit_head_visit", "unit_leader_visit"),
                    date__gte=start,
                    date__lte=end,
                )
                .annotate(m=ExtractMonth("date"))
                .order_by()
                .values("team_id", "kind", "m")
                .annotate(n=Count("pk"))
            ):
                self.support[(visit["team_id"], visit["kind"], _half(visit["m"]))] += visit["n"]
