"""The duties calendar of teams: for a team (or a whole county or province at once) and a year, every duty
its county's policy sets, with its provision, period, due date and state.

The duties and their dates come from ``teams.rules.duties`` (the policy only: a Jinan team has no quarterly
report); whether each was met is judged by the policy's ``check_*`` functions on facts counted in bulk,
a few queries for all teams together (never a loop of queries per team).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth, ExtractQuarter, TruncDate

from teams import rules
from teams.county_policy import county_policy
from teams.models import Region, Team
from teams.rules import duties as rule_duties
from teams.rules.duties import Duty

from .models import ReportStatus, TeamReport, TeamTarget


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


@dataclass(slots=True)
class DutyRow:
    team: TeamInfo
    duty: Duty
    state: str
    done: bool
    late: bool = False  # done after its due date
    detail: str = ""  # what was counted, in Chinese
    findings: list[rules.Finding] = field(default_factory=list)
    report_id: int | None = None

    @property
    def state_name(self) -> str:
        name = rule_duties.STATE_NAMES[self.state]
        return f"{name}（逾期完成）" if self.late else name

    @property
    def key(self) -> str:
        """Stable per team, duty and period: the reminders' dedupe key."""
        d = self.duty
        return f"duty:{self.team.pk}:{d.kind}:{d.year}:{d.period or 0}"


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


def duties_by_team(
    teams: QuerySet[Team] | Iterable[int] | None, year: int, today: datetime.date
) -> dict[int, list[DutyRow]]:
    """Every team's duties for ``year`` (``teams``: a queryset, ids, or None for all), judged on ``today``."""
    scope = _scope(teams, year)
    infos = _teams(scope)
    if not infos:
        return {}
    on = (
        min(today, rule_duties.year_bounds(year)[1])
        if year <= today.year
        else rule_duties.year_bounds(year)[0]
    )
    counties = {r.pk: r for r in Region.objects.filter(pk__in={t.county_id for t in infos})}
    policies = {pk: county_policy(c, on) for pk, c in counties.items()}
    calendars = {pk: rule_duties.duties_for_year(p, year) for pk, p in policies.items()}
    kinds = {d.kind for cal in calendars.values() for d in cal}
    facts = _Facts(scope, kinds, year, infos)

    # Findings depend only on the policy and the counted values: computed once per distinct input.
    cache: dict[tuple[object, ...], Any] = {}

    def judged(key: tuple[object, ...], check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        found = cache.get(key)
        if found is None:
            found = cache[key] = check(*args, **kwargs)
        return found

    in_term: dict[tuple[int, datetime.date, datetime.date | None], list[tuple[Duty, str]]] = {}
    out: dict[int, list[DutyRow]] = {}
    for team in infos:
        cid = team.county_id
        policy = policies[cid]
        calendar = calendars[cid]
        term = (cid, team.term_start, team.term_end)
        served = in_term.get(term)
        if served is None:
            # The duties of the periods the team's term overlaps, with the state each has when not done.
            served = in_term[term] = [
                (d, rule_duties.duty_state(d.due, today, done=False))
                for d in calendar
                if d.end >= team.term_start and (team.term_end is None or d.start <= team.term_end)
            ]
        rows: list[DutyRow] = []
        report_findings: dict[str, list[rules.Finding]] | None = None
        for duty, open_state in served:
            row = DutyRow(team, duty, open_state, False)
            kind, period = duty.kind, duty.period
            if kind in rule_duties.REPORT_KINDS:
                found = facts.reports.get((team.pk, kind, period))
                if found is not None:
                    row.report_id, submitted = found
                    row.done, row.late = True, submitted > duty.due
                    row.detail = f"{submitted.isoformat()}提交"
                if today > duty.due or row.late:
                    if report_findings is None:
                        report_findings = _report_findings(
                            policy, cid, team, year, today, calendar, facts.reports, judged
                        )
                    row.findings = report_findings.get(_about(duty), [])
            elif kind == rule_duties.TARGET:
                signed = facts.targets.get(team.pk)
                row.findings = judged((cid, kind, signed), policy.check_targets, year, signed, today)
                if signed is not None:
                    row.done, row.late = True, signed > duty.due
                    row.detail = f"{signed.isoformat()}签订"
            elif kind == rule_duties.COUNTY_MEETING:
                n = facts.county_meetings.get((cid, period or 0), 0)
                row.findings = judged((cid, kind, n), policy.check_meetings, county_in_quarter=n)
                row.done, row.detail = not row.findings, f"已召开{n}次"
            elif kind == rule_duties.TOWNSHIP_MEETING:
                n = facts.township_meetings.get((team.township_id, period or 0), 0)
                row.findings = judged((cid, kind, n), policy.check_meetings, township_in_month=n)
                row.done, row.detail = not row.findings, f"已召开{n}次"
            elif kind == rule_duties.HOUSEHOLDS:
                count = facts.household_counts.get(team.village_id)
                n = facts.visited.get((team.pk, period or 0), 0)
                if count is None:
                    row.detail = f"已走访{n}户，村户数未登记"
                else:
                    row.findings = judged((cid, kind, count, n), policy.check_household_visits, count, n)
                    row.done, row.detail = not row.findings, f"已走访{n}户/共{count}户"
            elif kind == rule_duties.LINK_VISIT:
                n = facts.links.get((team.village_id, period or 0), 0)
                row.findings = judged((cid, kind, n), policy.check_link_visits, n)
                row.done, row.detail = not row.findings, f"联点领导到村{n}次"
            elif kind == rule_duties.UNIT_HEARING:
                n = facts.support[(team.pk, "unit_hearing", period or 0)]
                row.findings = judged(
                    (cid, kind, n),
                    policy.check_unit_support,
                    hearings=n,
                    head_visits=0,
                    other_leader_visits=0,
                    half_years=1,
                )
                row.done, row.detail = not row.findings, f"听取汇报{n}次"
            elif kind == rule_duties.UNIT_VISITS:
                head = sum(facts.support[(team.pk, "unit_head_visit", h)] for h in rule_duties.HALF_NAMES)
                other = sum(facts.support[(team.pk, "unit_leader_visit", h)] for h in rule_duties.HALF_NAMES)
                # Hearings are the half-yearly duty's; this one judges the visits of the year only.
                enough = policy.provision(duty.provision).values["hearings_per_half_year"] * len(
                    rule_duties.HALF_NAMES
                )
                row.findings = judged(
                    (cid, kind, head, other),
                    policy.check_unit_support,
                    hearings=enough,
                    head_visits=head,
                    other_leader_visits=other,
                )
                row.done, row.detail = not row.findings, f"主要负责同志{head}次，其他班子成员{other}次"
            if row.done:
                row.state = rule_duties.DONE
            if row.state != rule_duties.OVERDUE and not row.late:
                row.findings = []  # a finding is shown once the period is over
            rows.append(row)
        out[team.pk] = rows
    return out


def _report_findings(
    policy: rules.Policy,
    county_id: int,
    team: TeamInfo,
    year: int,
    today: datetime.date,
    calendar: Sequence[Duty],
    reports: dict[tuple[int, str, int | None], tuple[int, datetime.date]],
    judged: Callable[..., Any],
) -> dict[str, list[rules.Finding]]:
    """check_team_reports on the team's reports submitted by their due dates (a late one is still found),
    grouped by what they are about (``_about``)."""
    on_time: list[tuple[str, int | None]] = []
    commitment = "none"
    for duty in calendar:
        if duty.kind not in rule_duties.REPORT_KINDS:
            continue
        found = reports.get((team.pk, duty.kind, duty.period))
        if duty.kind == rule_duties.COMMITMENT:
            if found is not None:
                commitment = "on_time" if found[1] <= duty.due else "late"
        elif found is not None and found[1] <= duty.due:
            on_time.append((duty.kind, duty.period))
    due = {(d.kind, d.period): d for d in calendar}

    def check() -> list[rules.Finding]:
        # A day inside each period reported on time; the commitment's own day as it stands.
        dates = [due[key].start for key in on_time]
        commitment_on = None
        if commitment != "none":
            d = due[(rule_duties.COMMITMENT, None)].due
            commitment_on = d if commitment == "on_time" else d + datetime.timedelta(days=1)
        return policy.check_team_reports(year, today, dates, commitment_on=commitment_on)

    def check_grouped() -> dict[str, list[rules.Finding]]:
        grouped: dict[str, list[rules.Finding]] = defaultdict(list)
        for finding in check():
            grouped[_finding_about(finding, calendar)].append(finding)
        return grouped

    grouped_findings: dict[str, list[rules.Finding]] = judged(
        (county_id, "reports", tuple(on_time), commitment), check_grouped
    )
    return grouped_findings


def _about(duty: Duty) -> str:
    return f"{duty.provision}:{duty.kind}:{duty.period}"


def _finding_about(finding: rules.Finding, calendar: Sequence[Duty]) -> str:
    for duty in calendar:
        if duty.kind in rule_duties.REPORT_KINDS and _is_about(finding, duty):
            return _about(duty)
    return ""


def _is_about(finding: rules.Finding, duty: Duty) -> bool:
    if finding.provision != duty.provision:
        return False
    if duty.kind == rule_duties.COMMITMENT:
        return "承诺" in finding.message
    return duty.period_label in finding.message


def team_duties(team: Team, year: int, today: datetime.date) -> list[DutyRow]:
    return duties_by_team([team.pk], year, today).get(team.pk, [])


def open_duties(
    team_ids: QuerySet[Team] | Iterable[int] | None,
    year: int,
    today: datetime.date,
    *,
    states: Sequence[str] = (rule_duties.OVERDUE, rule_duties.DUE_SOON),
    kind: str = "",
) -> list[DutyRow]:
    """The overdue and due-soon duties of the teams, overdue first, then by due date."""
    out = [
        row
        for rows in duties_by_team(team_ids, year, today).values()
        for row in rows
        if row.state in states and (not kind or row.duty.kind == kind)
    ]
    order = {s: i for i, s in enumerate(states)}
    out.sort(key=lambda r: (order[r.state], r.duty.due, r.team.township, r.team.village))
    return out


def state_counts(rows: Iterable[DutyRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.state] += 1
    return dict(counts)


# --- reminders (beat, daily) --------------------------------------------------------------------------

SOON_TEXT = "{team}：{duty}（{period}）应于{due}前完成（{provision}）"
OVERDUE_TEXT = "{team}：{duty}（{period}）已逾期，应于{due}前完成（{provision}）"


def _recipients(rows: Sequence[DutyRow], today: datetime.date) -> dict[str, dict[int, list[int]]]:
    """User ids per concerned party: "team" (leader / first secretary), "unit" (the team's dispatching
    units), "county" (county org dept), "township" (township committee), each keyed by team id."""
    from accounts.models import Office, User
    from teams.models import Membership

    team_ids = {r.team.pk for r in rows}
    leaders: dict[int, set[int]] = defaultdict(set)
    units: dict[int, set[int]] = defaultdict(set)
    for team_id, cadre_id, unit_id, is_leader, role in (
        Membership.objects.active_on(today)
        .filter(team_id__in=team_ids)
        .values_list("team_id", "cadre_id", "dispatching_unit_id", "is_leader", "role")
    ):
        units[team_id].add(unit_id)
        if is_leader or role == "first_secretary":
            leaders[team_id].add(cadre_id)
    users = User.objects.filter(is_active=True).filter(
        Q(cadre_id__in={c for s in leaders.values() for c in s})
        | Q(office=Office.DISPATCHING_UNIT, dispatching_unit_id__in={u for s in units.values() for u in s})
        | Q(office=Office.COUNTY_ORG_DEPT, region_id__in={r.team.county_id for r in rows})
        | Q(office=Office.TOWNSHIP_COMMITTEE, region_id__in={r.team.township_id for r in rows})
    )
    by_cadre: dict[int, list[int]] = defaultdict(list)
    by_unit: dict[int, list[int]] = defaultdict(list)
    by_region: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pk, office, cadre_id, unit_id, region_id in users.values_list(
        "pk", "office", "cadre_id", "dispatching_unit_id", "region_id"
    ):
        if office == Office.CADRE and cadre_id is not None:
            by_cadre[cadre_id].append(pk)
        elif office == Office.DISPATCHING_UNIT and unit_id is not None:
            by_unit[unit_id].append(pk)
        elif region_id is not None:
            by_region[(office, region_id)].append(pk)
    out: dict[str, dict[int, list[int]]] = {"team": {}, "unit": {}, "county": {}, "township": {}}
    for row in rows:
        t = row.team
        out["team"][t.pk] = [u for c in leaders[t.pk] for u in by_cadre[c]]
        out["unit"][t.pk] = [u for unit in units[t.pk] for u in by_unit[unit]]
        out["county"][t.pk] = by_region[(Office.COUNTY_ORG_DEPT, t.county_id)]
        out["township"][t.pk] = by_region[(Office.TOWNSHIP_COMMITTEE, t.township_id)]
    return out


# Whom each duty concerns.
CONCERNS = {
    rule_duties.COMMITMENT: "team",
    rule_duties.QUARTERLY_REPORT: "team",
    rule_duties.HALF_YEAR_REPORT: "team",
    rule_duties.HOUSEHOLDS: "team",
    rule_duties.TARGET: "county",
    rule_duties.COUNTY_MEETING: "county",
    rule_duties.LINK_VISIT: "county",
    rule_duties.TOWNSHIP_MEETING: "township",
    rule_duties.UNIT_HEARING: "unit",
    rule_duties.UNIT_VISITS: "unit",
}


def duties_remind(*, today: datetime.date, team_ids: QuerySet[Team] | Iterable[int] | None = None) -> int:
    """Notify whom each duty concerns once when it comes within the reminder lead time of its due date
    and once when it turns overdue (a dedupe key per recipient, duty, period and notice: never twice).
    Returns how many notifications were written."""
    from django.urls import reverse

    from attendance.models import Notification

    rows: list[DutyRow] = []
    for year in {today.year, (today - datetime.timedelta(days=rule_duties.DUTY_REMINDER_LEAD_DAYS)).year}:
        rows += open_duties(team_ids, year, today)
    if not rows:
        return 0
    recipients = _recipients(rows, today)
    notes: list[Notification] = []
    seen: set[tuple[int, str]] = set()
    for row in rows:
        d = row.duty
        notice = "overdue" if row.state == rule_duties.OVERDUE else "soon"
        text = (OVERDUE_TEXT if notice == "overdue" else SOON_TEXT).format(
            team=f"{row.team.village}驻村工作队",
            duty=d.name,
            period=d.period_label,
            due=d.due.isoformat(),
            provision=d.provision,
        )
        url = reverse("assessment:team_duties", args=[row.team.pk]) + f"?year={d.year}"
        # County- and township-wide duties (meetings) are one notice per office, not one per team.
        party = CONCERNS[d.kind]
        scope = row.team.pk
        if d.kind in (rule_duties.COUNTY_MEETING,):
            scope = row.team.county_id
            url = reverse("assessment:duty_overdue_list") + f"?year={d.year}"
        elif d.kind == rule_duties.TOWNSHIP_MEETING:
            scope = row.team.township_id
            url = reverse("assessment:duty_overdue_list") + f"?year={d.year}"
        if scope != row.team.pk:
            key = f"duty:{d.kind}:{scope}:{d.year}:{d.period or 0}:{notice}"
            text = text.split("：", 1)[1]
        else:
            key = f"{row.key}:{notice}"
        for user_id in recipients[party].get(row.team.pk, []):
            if (user_id, key) in seen:
                continue
            seen.add((user_id, key))
            notes.append(
                Notification(
                    recipient_id=user_id,
                    text=text[:300],
                    target_url=url[:200],
                    target_label=d.name[:100],
                    dedupe_key=key[:120],
                )
            )
    existing = set(
        Notification.objects.filter(dedupe_key__in={n.dedupe_key for n in notes}).values_list(
            "recipient_id", "dedupe_key"
        )
    )
    fresh = [n for n in notes if (n.recipient_id, n.dedupe_key) not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    return len(fresh)
