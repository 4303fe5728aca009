"""The oversight measures: selectors over the cadre × month summary, the spot checks and the teams.

Every selector takes ``(user, …, today)`` and reads only through ``for_user()``, so a township reads its
township's share of its county and a city every county of its city. Figures come from
``CadreMonthSummary`` (kept current on write), grouped in the database by county or township and month:
one read whatever the number of teams, so the city and province comparisons stay fast.

How a month is judged is the summary's and the compliance page's reading (``attendance.days.compliance``):
a month over on ``today`` counts the cadres whose summary is compliant or not; a month still running
counts nobody as compliant yet, only the cadres whose minimum is already out of reach as failing (the
others are in progress). Months without a monthly minimum in the county's policy (Qinghai's QH-YEAR
names the team's year, not a month) have no cadres judged and no share.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth

from accounts.models import Office
from attendance.days.services import collection_month
from attendance.models import AbsenceExplanation, CadreMonthSummary, ExplanationState, SpotCheck
from teams import rules
from teams.choices import RegionLevel
from teams.county_policy import county_policy
from teams.findings import findings_for_teams
from teams.models import PolicyOverride, Region, Team
from teams.rules.attendance import unexcused_absence

MONTHS = range(1, 13)
# Offices that read the charts of their own area (a county's or a township's) and the comparison.
COUNTY_CHART_OFFICES = frozenset(
    {Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU, Office.TOWNSHIP_COMMITTEE}
)
COMPARISON_OFFICES = frozenset({Office.CITY_OVERSIGHT, Office.PROVINCE_OVERSIGHT})


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_over(year: int, month: int, today: datetime.date) -> bool:
    return month_end(year, month) < today


@dataclass(slots=True)
class Cell:
    """One group (a county, a township, a city) in one month: cadres with a summary, how many of the
    judged ones met the minimum or failed, how many are still in progress, and the days of leave."""

    cadres: int = 0
    met: int = 0
    failing: int = 0
    pending: int = 0
    leave: int = 0
    in_village: int = 0
    running: bool = False  # a month not over: nobody met it yet, so it has no share of its own

    @property
    def judged(self) -> int:
        return self.met + self.failing

    @property
    def share(self) -> float | None:
        """Per cent of the judged cadres who met the minimum; None when nobody is judged (yet) or the
        month is still running. Over several months (``add``), a running month's certain failures
        count with the months over."""
        if self.running or not self.judged:
            return None
        return round(100 * self.met / self.judged, 1)

    def add(self, other: Cell) -> None:
        self.cadres += other.cadres
        self.met += other.met
        self.failing += other.failing
        self.pending += other.pending
        self.leave += other.leave
        self.in_village += other.in_village


def _summaries(user: Any, year: int, counties: Iterable[Region] | None, region: Region | None) -> Any:
    qs = CadreMonthSummary.objects.for_user(user).filter(year=year)
    if counties is not None:
        qs = qs.filter(county__in=[c.pk for c in counties])
    if region is not None:
        # On the township's path, the join for_user already made: no second join, no long IN list.
        qs = qs.filter(township__path__startswith=region.path)
    return qs


def summary_cells(
    user: Any,
    year: int,
    *,
    by: str,
    counties: Iterable[Region] | None = None,
    region: Region | None = None,
    today: datetime.date,
) -> dict[tuple[int, int], Cell]:
    """{(group id, month): Cell} for ``by`` in ``county`` / ``township`` — one grouped read, of the
    ``counties`` given or of every county under ``region``.

    The running month (and any later one) is counted as ``attendance.days.compliance.province_month`` counts
    it: failing only when out of reach, in progress otherwise."""
    assert by in ("county", "township")
    key = f"{by}_id"
    judged = Q(required__isnull=False)
    out_of_reach = Q(assigned_days__lt=F("required") + F("leave") + F("business") + F("absent"))
    # The first month not over on ``today``: months from it on are running (or not started).
    running_from = next((m for m in MONTHS if not month_over(year, m, today)), 13)
    over = Q(month__lt=running_from)
    rows = (
        _summaries(user, year, counties, region)
        .values_list(key, "month")
        .annotate(
            cadres=Count("cadre_id"),
            met=Count("cadre_id", filter=over & Q(compliant=True)),
            failing=Count("cadre_id", filter=(over & Q(compliant=False)) | (~over & judged & out_of_reach)),
            pending=Count("cadre_id", filter=~over & judged & ~out_of_reach),
            leave=Sum("leave"),
            in_village=Sum("in_village"),
        )
        .order_by()
    )
    return {
        (group, month): Cell(
            cadres, met, failing, pending, leave or 0, in_village or 0, month >= running_from
        )
        for group, month, cadres, met, failing, pending, leave, in_village in rows
    }


def unexcused_by_month(
    user: Any, year: int, *, counties: Iterable[Region] | None = None, today: datetime.date
) -> dict[tuple[int, int], int]:
    """{(county id, month): unexcused absences found by spot checks} up to ``today``."""
    qs = SpotCheck.objects.for_user(user).filter(
        result=SpotCheck.Result.UNEXCUSED, at__year=year, at__date__lte=today
    )
    if counties is not None:
        qs = qs.filter(county__in=[c.pk for c in counties])
    rows = qs.annotate(m=ExtractMonth("at")).values_list("county_id", "m").annotate(n=Count("pk")).order_by()
    return {(county_id, month): n for county_id, month, n in rows}


def unexcused_by_township(user: Any, year: int, county: Region, *, today: datetime.date) -> dict[int, int]:
    qs = SpotCheck.objects.for_user(user).filter(
        result=SpotCheck.Result.UNEXCUSED, at__year=year, at__date__lte=today, county=county
    )
    return dict(qs.values_list("township_id").annotate(n=Count("pk")).order_by())


@dataclass(frozen=True)
class CountyRules:
    """What a county's policy names a month's shortfall and an unexcused absence after."""

    month_provision: str | None
    absence_provisions: tuple[str, ...]
    collects_explanations: bool  # ZMD-ABSENT in force: the monthly summary to the city


def county_policies(counties: Iterable[Region], today: datetime.date) -> dict[int, rules.Policy | None]:
    """Each county's policy on ``today`` (None without one): ``county_policy`` for the counties with
    settings of their own, the shipped policy (read once per code) for the others — one query for all."""
    counties = list(counties)
    overridden = set(
        PolicyOverride.objects.filter(county__in=[c.pk for c in counties]).values_list("county_id", flat=True)
    )
    found: dict[int, rules.Policy | None] = {}
    for county in counties:
        try:
            if county.pk in overridden:
                found[county.pk] = county_policy(county, today)
            else:
                found[county.pk] = rules.policy_for(county.policy_code, today)
        except LookupError:
            found[county.pk] = None
    return found


def county_rules(
    counties: Iterable[Region], today: datetime.date, policies: dict[int, rules.Policy | None] | None = None
) -> dict[int, CountyRules]:
    counties = list(counties)
    policies = county_policies(counties, today) if policies is None else policies
    by_policy: dict[int, CountyRules] = {}
    found = {}
    for county in counties:
        policy = policies.get(county.pk)
        if policy is None:
            found[county.pk] = CountyRules(None, (), False)
            continue
        if id(policy) not in by_policy:
            month = policy.month_provision
            absence = unexcused_absence(policy)
            by_policy[id(policy)] = CountyRules(
                month.id if month is not None else None, absence.provisions, absence.needs_explanation
            )
        found[county.pk] = by_policy[id(policy)]
    return found


def findings_by_provision(
    user: Any,
    year: int,
    counties: list[Region],
    *,
    today: datetime.date,
    cells: dict[tuple[int, int], Cell] | None = None,
    absences: dict[tuple[int, int], int] | None = None,
    with_teams: bool = False,
    policies: dict[int, rules.Policy | None] | None = None,
) -> dict[int, dict[str, int]]:
    """{county id: {provision id: findings}} in ``year`` up to ``today``: each cadre-month under the
    monthly minimum (JN-MONTH / ZMD-MONTH) and each unexcused absence under every provision its
    county's policy attaches to it (ZMD-ABSENT, QH10-ABSENT, the month's or year's count). With
    ``with_teams`` (a county's page; too slow for a province) also the teams' findings as of ``today``
    (``teams.findings``: size, leader, term, people)."""
    cells = summary_cells(user, year, by="county", counties=counties, today=today) if cells is None else cells
    absences = (
        unexcused_by_month(user, year, counties=counties, today=today) if absences is None else absences
    )
    ruled = county_rules(counties, today, policies)
    found: dict[int, dict[str, int]] = {c.pk: defaultdict(int) for c in counties}
    for (county_id, _month), cell in cells.items():
        provision = ruled[county_id].month_provision if county_id in ruled else None
        if provision is not None and cell.failing:
            found[county_id][provision] += cell.failing
    for (county_id, _month), n in absences.items():
        for provision in ruled[county_id].absence_provisions if county_id in ruled else ():
            found[county_id][provision] += n
    if with_teams:
        teams = (
            Team.objects.for_user(user)
            .filter(village__township__parent__in=counties)
            .active_on(today)
            .select_related("village__township__parent__parent")
        )
        for team, team_found in findings_for_teams(teams, today=today):
            township = team.village.township
            for finding in team_found:
                found[township.parent_pk][finding.provision] += 1
    return {k: dict(sorted(v.items())) for k, v in found.items()}


# --- the ZMD-ABSENT summary to the city -------------------------------------------------------------


@dataclass(slots=True)
class Collection:
    """One county's ZMD-ABSENT collection of one month: the explanations and how many were sent."""

    county: Region
    year: int
    month: int
    due: datetime.date
    total: int = 0
    sent: int = 0
    states: dict[str, int] = field(default_factory=dict)

    @property
    def open(self) -> int:
        return self.total - self.sent

    @property
    def month_value(self) -> str:
        return f"{self.year}-{self.month:02d}"


def explanation_collections(
    user: Any,
    counties: list[Region],
    *,
    today: datetime.date,
    policies: dict[int, rules.Policy | None] | None = None,
) -> list[Collection]:
    """Per county under ZMD-ABSENT: the collection now open (the month whose summary day is next) and
    the last one due, with its explanations by state — what the county bureau sends to the city."""
    policies = county_policies(counties, today) if policies is None else policies
    wanted: list[Collection] = []
    for county in counties:
        policy = policies.get(county.pk)
        if policy is None or policy.in_force("ZMD-ABSENT") is None:
            continue
        year, month, due = collection_month(found_on=today, policy=policy)
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        last_due = collection_month(found_on=datetime.date(previous[0], previous[1], 1), policy=policy)
        for y, m, d in (last_due, (year, month, due)):
            wanted.append(Collection(county, y, m, d))
    if not wanted:
        return []
    q = Q(pk__in=[])
    for c in wanted:
        q |= Q(county=c.county, collection_year=c.year, collection_month=c.month)
    counts = (
        AbsenceExplanation.objects.for_user(user)
        .filter(q)
        .values_list("county_id", "collection_year", "collection_month", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_key = {(c.county.pk, c.year, c.month): c for c in wanted}
    labels = dict(ExplanationState.choices)
    for county_id, year, month, state, n in counts:
        c = by_key[(county_id, year, month)]
        c.total += n
        c.sent += n if state == ExplanationState.SENT else 0
        c.states[labels.get(state, state)] = n
    return wanted


# --- what a user may compare ---------------------------------------------------------------------------


def comparison_regions(user: Any) -> list[Region]:
    """The cities and provinces the user may compare (its own region and, for a province, its cities),
    through ``for_user``."""
    return list(
        Region.objects.for_user(user)
        .filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY])
        .order_by("path")
    )


def counties_under(user: Any, region: Region) -> list[Region]:
    """The counties below ``region`` that the user reaches, in code order."""
    return list(
        Region.objects.for_user(user)
        .filter(level=RegionLevel.COUNTY, path__startswith=region.path)
        .select_related("parent")
        .order_by("path")
    )


def share_over(cells: Iterable[Cell]) -> Cell:
    total = Cell()
    for cell in cells:
        total.add(cell)
    return total


__all__ = [
    "COMPARISON_OFFICES",
    "COUNTY_CHART_OFFICES",
    "Cell",
    "Collection",
    "CountyRules",
    "comparison_regions",
    "counties_under",
    "county_policies",
    "county_rules",
    "explanation_collections",
    "findings_by_provision",
    "readable_counties",
    "month_end",
    "month_over",
    "share_over",
    "summary_cells",
    "unexcused_by_month",
    "unexcused_by_township",
]


def readable_counties(user: Any) -> Any:
    """The counties whose charts the user reads: reached directly (a county, a city, a province office)
    or through one of their townships (a township office, which then reads its township's share)."""
    regions = Region.objects.for_user(user)
    return Region.objects.filter(level=RegionLevel.COUNTY).filter(
        Q(pk__in=regions.filter(level=RegionLevel.COUNTY).values("pk"))
        | Q(pk__in=regions.filter(level=RegionLevel.TOWNSHIP).values("parent_id"))
    )
