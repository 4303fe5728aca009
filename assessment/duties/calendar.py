"""Every team's duties for a year, each judged by the county's policy on the counted facts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from teams import rules
from teams.county_policy import county_policy
from teams.models import Region, Team
from teams.rules import duties as rule_duties
from teams.rules.duties import Duty

from .facts import TeamInfo, _Facts, _scope, _teams


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
