"""QH-YEAR per team (驻村工作队每年驻村工作时间不少于200天): a day counts for the team when a majority of the
members serving that day were in the village; the cadres' own years are shown beside it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from teams import rules
from teams.models import Membership, Region, Team

from ...models import AttendanceDay, AttendanceStatus
from .judge import IN_PROGRESS, RESULT_FAILING, RESULT_NONE, RESULT_OK, UNREACHABLE_MSG, Judge, Row
from .live import memberships_in


@dataclass
class TeamYearRow:
    """One team's year under QH-YEAR (驻村工作队每年驻村工作时间不少于200天): a day counts for the team when a
    majority of the members serving that day were in the village (``Policy.team_day_counts``); the
    minimum is pro-rated by the days of the year on which the team had members serving (convention 4).
    ``members`` are the cadres' own years beside it, for information (``Row.reference``)."""

    team_id: int
    team: str
    township: str
    township_id: int
    county_id: int
    team_days: int = 0  # days of the year with at least one member serving
    period_days: int = 0
    days_in_village: int = 0  # days on which a majority of the serving members were in the village
    required: int | None = None
    findings: list[rules.Finding] = field(default_factory=list)
    in_progress: bool = False
    still_possible: int = 0
    members: list[Row] = field(default_factory=list)

    @property
    def prorated(self) -> bool:
        return self.team_days != self.period_days

    @property
    def compliant(self) -> bool | None:
        if self.required is None:
            return None
        if self.findings:
            return False
        return None if self.in_progress else True

    @property
    def result(self) -> str:
        if self.required is not None and self.in_progress and not self.findings:
            return IN_PROGRESS["year"]
        return {True: RESULT_OK, False: RESULT_FAILING, None: RESULT_NONE}[self.compliant]


def team_year_compliance(
    scope: QuerySet[Membership],
    year: int,
    *,
    today: datetime.date | None = None,
    members: Iterable[Row] = (),
) -> list[TeamYearRow]:
    """QH-YEAR per team, for the teams of ``scope`` (a scoped Membership queryset) in counties whose
    policy judges a team's year. Every member of such a team counts (the team's figure is the team's,
    whoever reads it); ``members`` (the cadre rows of ``year_compliance`` / ``county_year``) are
    attached to their team for information. A year not over on ``today`` is in progress: it fails early
    only when even every open day (a majority still possible among the members not entered) would not
    reach the minimum."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    period = (end - start).days + 1
    team_ids = set(memberships_in(scope, start, end).values_list("team_id", flat=True))
    teams = (
        Team.objects.filter(pk__in=team_ids)
        .select_related("village__township")
        .order_by("village__township__name", "village__name")
    )
    counties = {r.pk: r for r in Region.objects.filter(pk__in={t.village.township.parent_pk for t in teams})}
    judge = Judge(counties, end)
    found: dict[int, TeamYearRow] = {}
    for team in teams:
        county_id = team.village.township.parent_pk
        policy = judge.policy(county_id) if county_id is not None else None
        if county_id is None or policy is None or policy.in_force("QH-YEAR") is None:
            continue
        found[team.pk] = TeamYearRow(
            team_id=team.pk,
            team=f"{team.village.name}驻村工作队",
            township=team.village.township.name,
            township_id=team.village.township_id,
            county_id=county_id,
            period_days=period,
        )
    if not found:
        return []
    # Members serving on each day of the year, per team (all members, not only the scope's).
    serving: dict[int, list[int]] = {pk: [0] * period for pk in found}
    for team_id, m_start, m_end in memberships_in(
        Membership.objects.filter(team_id__in=list(found)), start, end
    ).values_list("team_id", "start", "end"):
        lo, hi = max(start, m_start), min(end, m_end or end)
        counts = serving[team_id]
        for i in range((lo - start).days, (hi - start).days + 1):
            counts[i] += 1
    present: dict[int, dict[int, tuple[int, int]]] = {pk: {} for pk in found}
    for team_id, day, n_in, n_entered in (
        AttendanceDay.objects.filter(team_id__in=list(found), date__range=(start, end))
        .values_list("team_id", "date")
        .annotate(
            n_in=Count("cadre_id", filter=Q(status=AttendanceStatus.IN_VILLAGE)), n_entered=Count("cadre_id")
        )
        .order_by()
    ):
        present[team_id][(day - start).days] = (n_in, n_entered)
    in_progress = end >= today
    for team_id, row in found.items():
        policy = judge.policy(row.county_id)
        assert policy is not None
        counts = serving[team_id]
        days = present[team_id]
        for i, n_serving in enumerate(counts):
            if n_serving == 0:
                continue
            row.team_days += 1
            n_in, n_entered = days.get(i, (0, 0))
            if policy.team_day_counts(n_in, n_serving):
                row.days_in_village += 1
            elif in_progress and policy.team_day_counts(n_in + max(0, n_serving - n_entered), n_serving):
                row.still_possible += 1
        row.in_progress = in_progress
        row.required = policy.min_days_in_year(year, row.team_days)
        if row.required is None or row.days_in_village >= row.required:
            continue
        if in_progress and row.days_in_village + row.still_possible >= row.required:
            continue
        findings = policy.check_team_attendance_year(year, row.days_in_village, row.team_days)
        if in_progress:
            label = UNREACHABLE_MSG.format(possible=row.still_possible)
            findings = [rules.Finding(f.provision, f.severity, label + f.message) for f in findings]
        row.findings = findings
    for member in members:
        team_row = found.get(member.team_id)
        if team_row is not None:
            team_row.members.append(member)
    return list(found.values())
