"""The duties calendar of teams: for a team (or a whole county or province at once) and a year, every duty
its county's policy sets, with its provision, period, due date and state.

The duties and their dates come from ``teams.rules.duties`` (the policy only: a Jinan team has no quarterly
report); whether each was met is judged by the policy's ``check_*`` functions on facts counted in bulk,
a few queries for all teams together (never a loop of queries per team).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from teams import rules
from teams.models import Region, Team
from teams.policies import county_policy
from teams.rules import duties as rule_duties
from teams.rules.checks import QUARTER_NAMES
from teams.rules.duties import Duty

from .models import ReportStatus, TeamReport, TeamTarget


@dataclass(frozen=True)
class TeamInfo:
    pk: int
    village_id: int
    village: str
    township_id: int
    township: str
    county_id: int
    term_start: datetime.date
    term_end: datetime.date | None


@dataclass
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


def _teams(team_ids: Iterable[int] | None, year: int) -> list[TeamInfo]:
    start, end = rule_duties.year_bounds(year)
    base = Team.objects.filter(term_start__lte=end).filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
    if team_ids is not None:
        base = base.filter(pk__in=list(team_ids))
    rows = base.values_list(
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


def duties_by_team(
    team_ids: Iterable[int] | None, year: int, today: datetime.date
) -> dict[int, list[DutyRow]]:
    """Every team's duties for ``year`` (``team_ids`` None: all teams), judged on ``today``."""
    from worklog import selectors as wl

    teams = _teams(team_ids, year)
    if not teams:
        return {}
    ids = [t.pk for t in teams]
    on = (
        min(today, rule_duties.year_bounds(year)[1])
        if year <= today.year
        else rule_duties.year_bounds(year)[0]
    )
    counties = {r.pk: r for r in Region.objects.filter(pk__in={t.county_id for t in teams})}
    policies = {pk: county_policy(c, on) for pk, c in counties.items()}
    calendars = {pk: rule_duties.duties_for_year(p, year) for pk, p in policies.items()}
    kinds_by_county = {pk: {d.kind for d in cal} for pk, cal in calendars.items()}

    def teams_with(kind: str) -> list[TeamInfo]:
        return [t for t in teams if kind in kinds_by_county[t.county_id]]

    # --- facts, a few queries for all teams ---
    reports: dict[tuple[int, str, int | None], tuple[int, datetime.date]] = {}
    for pk, team_id, kind, period, at in TeamReport.objects.filter(
        team_id__in=ids, year=year, status__in=(ReportStatus.SUBMITTED, ReportStatus.ACKNOWLEDGED)
    ).values_list("pk", "team_id", "kind", "period", "submitted_at"):
        if at is not None:  # a submitted report has its time (team_report_submitted_has_submitter)
            reports[(team_id, kind, period)] = (pk, timezone_date(at))
    targets = dict(TeamTarget.objects.filter(team_id__in=ids, year=year).values_list("team_id", "signed_on"))

    quarters = {q: rule_duties.quarter_bounds(year, q) for q in QUARTER_NAMES}
    halves = {h: rule_duties.half_bounds(year, h) for h in rule_duties.HALF_NAMES}
    county_meetings: dict[int, dict[int, int]] = {}
    if teams_with(rule_duties.COUNTY_MEETING):
        county_ids = [pk for pk, k in kinds_by_county.items() if rule_duties.COUNTY_MEETING in k]
        county_meetings = {q: wl.county_meetings_by_county(county_ids, *b) for q, b in quarters.items()}
    township_meetings: dict[int, dict[int, int]] = {}
    with_township = teams_with(rule_duties.TOWNSHIP_MEETING)
    if with_township:
        townships = sorted({t.township_id for t in with_township})
        for month in range(1, 13):
            township_meetings[month] = wl.township_meetings_by_township(
                townships, datetime.date(year, month, 1), rule_duties.month_end(year, month)
            )
    visited: dict[int, dict[int, int]] = {}
    household_counts: dict[int, int] = {}
    with_households = teams_with(rule_duties.HOUSEHOLDS)
    if with_households:
        hh_ids = [t.pk for t in with_households]
        visited = {q: wl.households_visited_by_team(hh_ids, *b) for q, b in quarters.items()}
        household_counts = wl.household_counts_by_village({t.village_id for t in with_households})
    links: dict[int, dict[int, int]] = {}
    with_links = teams_with(rule_duties.LINK_VISIT)
    if with_links:
        village_ids = sorted({t.village_id for t in with_links})
        links = {q: wl.link_visits_by_village(village_ids, *b) for q, b in quarters.items()}
    support: dict[int | None, dict[int, dict[str, int]]] = {}
    with_unit = teams_with(rule_duties.UNIT_HEARING)
    if with_unit:
        unit_ids = [t.pk for t in with_unit]
        for half, b in halves.items():
            support[half] = wl.unit_support_by_team(unit_ids, *b)
        support[None] = wl.unit_support_by_team(unit_ids, *rule_duties.year_bounds(year))

    # --- judge ---
    meeting_cache: dict[tuple[int, str, int], list[rules.Finding]] = {}
    out: dict[int, list[DutyRow]] = {}
    for team in teams:
        policy = policies[team.county_id]
        rows: list[DutyRow] = []
        report_findings = _report_findings(policy, team, year, today, calendars[team.county_id], reports)
        for duty in calendars[team.county_id]:
            if duty.end < team.term_start or (team.term_end is not None and duty.start > team.term_end):
                continue
            row = DutyRow(team, duty, "", False)
            if duty.kind in rule_duties.REPORT_KINDS:
                found = reports.get((team.pk, duty.kind, duty.period))
                if found is not None:
                    row.report_id, submitted = found
                    row.done, row.late = True, submitted > duty.due
                    row.detail = f"{submitted.isoformat()}提交"
                row.findings = [f for f in report_findings if _is_about(f, duty)]
            elif duty.kind == rule_duties.TARGET:
                signed = targets.get(team.pk)
                row.findings = policy.check_targets(year, signed, today)
                if signed is not None:
                    row.done, row.late = True, signed > duty.due
                    row.detail = f"{signed.isoformat()}签订"
            elif duty.kind == rule_duties.COUNTY_MEETING:
                assert duty.period is not None
                n = county_meetings[duty.period].get(team.county_id, 0)
                key = (team.county_id, duty.kind, duty.period)
                if key not in meeting_cache:
                    meeting_cache[key] = policy.check_meetings(county_in_quarter=n)
                row.findings, row.done, row.detail = (
                    meeting_cache[key],
                    not meeting_cache[key],
                    f"已召开{n}次",
                )
            elif duty.kind == rule_duties.TOWNSHIP_MEETING:
                assert duty.period is not None
                n = township_meetings[duty.period].get(team.township_id, 0)
                key = (team.township_id, duty.kind, duty.period)
                if key not in meeting_cache:
                    meeting_cache[key] = policy.check_meetings(township_in_month=n)
                row.findings, row.done, row.detail = (
                    meeting_cache[key],
                    not meeting_cache[key],
                    f"已召开{n}次",
                )
            elif duty.kind == rule_duties.HOUSEHOLDS:
                assert duty.period is not None
                count = household_counts.get(team.village_id)
                n = visited[duty.period].get(team.pk, 0)
                if count is None:
                    row.detail = f"已走访{n}户，村户数未登记"
                else:
                    row.findings = policy.check_household_visits(count, n)
                    row.done, row.detail = not row.findings, f"已走访{n}户/共{count}户"
            elif duty.kind == rule_duties.LINK_VISIT:
                assert duty.period is not None
                n = links[duty.period].get(team.village_id, 0)
                row.findings = policy.check_link_visits(n)
                row.done, row.detail = not row.findings, f"联点领导到村{n}次"
            elif duty.kind == rule_duties.UNIT_HEARING:
                counts = support[duty.period].get(team.pk, {})
                n = counts.get("unit_hearing", 0)
                row.findings = policy.check_unit_support(
                    hearings=n, head_visits=0, other_leader_visits=0, half_years=1
                )
                row.done, row.detail = not row.findings, f"听取汇报{n}次"
            elif duty.kind == rule_duties.UNIT_VISITS:
                counts = support[None].get(team.pk, {})
                head, other = counts.get("unit_head_visit", 0), counts.get("unit_leader_visit", 0)
                p = policy.provision(duty.provision)
                # Hearings are the half-yearly duty's; this one judges the visits of the year only.
                enough = p.values["hearings_per_half_year"] * len(rule_duties.HALF_NAMES)
                row.findings = policy.check_unit_support(
                    hearings=enough, head_visits=head, other_leader_visits=other
                )
                row.done, row.detail = not row.findings, f"主要负责同志{head}次，其他班子成员{other}次"
            row.state = rule_duties.duty_state(duty.due, today, done=row.done)
            if row.state != rule_duties.OVERDUE and not row.late:
                row.findings = []  # a finding is shown once the period is over
            rows.append(row)
        out[team.pk] = rows
    return out


def timezone_date(at: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(at).date()


def _report_findings(
    policy: rules.Policy,
    team: TeamInfo,
    year: int,
    today: datetime.date,
    calendar: Sequence[Duty],
    reports: dict[tuple[int, str, int | None], tuple[int, datetime.date]],
) -> list[rules.Finding]:
    """check_team_reports on the team's reports submitted by their due dates (a late one is still found)."""
    dates: list[datetime.date] = []
    commitment_on: datetime.date | None = None
    for duty in calendar:
        if duty.kind not in rule_duties.REPORT_KINDS:
            continue
        found = reports.get((team.pk, duty.kind, duty.period))
        if duty.kind == rule_duties.COMMITMENT:
            commitment_on = found[1] if found else None
        elif found is not None and found[1] <= duty.due:
            dates.append(max(found[1], duty.start))
    return policy.check_team_reports(year, today, dates, commitment_on=commitment_on)


def _is_about(finding: rules.Finding, duty: Duty) -> bool:
    if finding.provision != duty.provision:
        return False
    if duty.kind == rule_duties.COMMITMENT:
        return "承诺" in finding.message
    return duty.period_label in finding.message


def team_duties(team: Team, year: int, today: datetime.date) -> list[DutyRow]:
    return duties_by_team([team.pk], year, today).get(team.pk, [])


def open_duties(
    team_ids: Iterable[int] | None,
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


def duties_remind(*, today: datetime.date, team_ids: Iterable[int] | None = None) -> int:
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
