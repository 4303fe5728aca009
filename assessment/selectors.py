"""Reads of an assessment round: the county's policy for the round, who may do what, why a cadre may not
be 优秀, the units barred from 优秀, the cap box, and the inputs read from attendance beside each entry.

Every judgement comes from ``teams.rules`` (``check_member_year``, ``check_unit_year``, ``check_grades``,
``assessment_route``, ``allowed_grades``, ``excellent_cap``); nothing here knows a threshold.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.models import Office
from attendance.days import compliance
from attendance.days.selectors import unexcused_absences
from attendance.models import CadreMonthSummary
from teams import rules
from teams.choices import Role
from teams.county_policy import county_policy
from teams.models import DispatchingUnit, Membership
from teams.rules.assessment import (
    AbsenceCap,
    AssessmentRoute,
    ExcellentCap,
    GradeSet,
    allowed_grades,
    assessment_route,
    excellent_cap,
)
from training.selectors import training_days

from .models import (
    AssessmentEntry,
    AssessmentEntryQuerySet,
    AssessmentRound,
    Grade,
    Recall,
    ResultFiling,
    RoundStatus,
)


def round_policy(round_: AssessmentRound) -> rules.Policy:
    """The county's policy in force at the year's end, with its settings as they stand (or stood when
    the round closed)."""
    return county_policy(round_.county, datetime.date(round_.year, 12, 31), as_of=round_.closed_at)


@dataclass(frozen=True)
class Reason:
    provision: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"provision": self.provision, "message": self.message}


@dataclass
class CadreYear:
    """What the system knows of one cadre's year in the county, for eligibility and the inputs."""

    unexcused_absences: int = 0
    recalled_on: datetime.date | None = None
    incompetent_recall_on: datetime.date | None = None


def cadre_years(round_: AssessmentRound, cadre_ids: Iterable[int]) -> dict[int, CadreYear]:
    """Unexcused absences found by spot checks in the year (``unexcused_absences``) and recalls: this
    year's, and the latest recall after a 不称职 grade up to the year's end (QH10-BAN follows the cadre)."""
    wanted = set(cadre_ids)
    years: dict[int, CadreYear] = {pk: CadreYear() for pk in wanted}
    for record in unexcused_absences(round_.county, round_.year):
        if record.cadre.pk in years:
            years[record.cadre.pk].unexcused_absences += 1
    end = datetime.date(round_.year, 12, 31)
    # The round's cadres as a subquery: a list of a county's 1,200 ids as parameters costs more than the
    # query itself.
    cadres = round_.entries.order_by().values("cadre_id")
    recalls = Recall.objects.filter(cadre_id__in=cadres, recalled_on__lte=end).order_by("recalled_on", "pk")
    if len(wanted) <= 100:
        recalls = recalls.filter(cadre_id__in=list(wanted))
    for recall in recalls.values("cadre_id", "recalled_on", "after_incompetent"):
        year = years.get(recall["cadre_id"])
        if year is None:
            continue
        if recall["recalled_on"].year == round_.year:
            year.recalled_on = recall["recalled_on"]
        if recall["after_incompetent"]:
            year.incompetent_recall_on = recall["recalled_on"]
    return years


def why_not_excellent(policy: rules.Policy, year: int, facts: CadreYear) -> list[Reason]:
    """The policy's findings were this cadre graded 优秀 (QH10-ABSENT, QH-RECALL, QH10-BAN), and the step
    of the county's ladder of unexcused absences reached, if it set one (``absence_grade_cap``)."""
    findings = policy.check_member_year(
        rules.MemberYearFacts(
            year=year,
            grade=rules.EXCELLENT,
            unexcused_absence=facts.unexcused_absences > 0,
            recalled_on=facts.recalled_on,
            incompetent_recall_on=facts.incompetent_recall_on,
        )
    )
    reasons = [Reason(f.provision, f.message) for f in findings]
    cap = policy.absence_grade_cap(facts.unexcused_absences)
    if cap is not None:  # the county's own ladder (本县规定): every step bars 优秀
        reasons.append(Reason(cap.provision, cap.message(year)))
    return reasons


def entry_absence_cap(entry: AssessmentEntry, policy: rules.Policy) -> AbsenceCap | None:
    """The best grade the county's ladder of unexcused absences leaves this cadre (None: no step reached)."""
    facts = cadre_years(entry.round, [entry.cadre_id])[entry.cadre_id]
    return policy.absence_grade_cap(facts.unexcused_absences)


def entry_reasons(entry: AssessmentEntry, policy: rules.Policy | None = None) -> list[Reason]:
    round_ = entry.round
    policy = policy or round_policy(round_)
    facts = cadre_years(round_, [entry.cadre_id])[entry.cadre_id]
    return why_not_excellent(policy, round_.year, facts)


def member_count(round_: AssessmentRound) -> tuple[int, int]:
    """(team members, first secretaries) of the round: SC-QUOTA-EXC counts members only."""
    counts = dict(
        round_.entries.values_list("role").annotate(n=Count("pk")).order_by().values_list("role", "n")
    )
    return counts.get(Role.MEMBER, 0), counts.get(Role.FIRST_SECRETARY, 0)


def excellent_used(round_: AssessmentRound) -> int:
    return round_.entries.filter(role=Role.MEMBER, grade=Grade.EXCELLENT).count()


def cap_for(round_: AssessmentRound, policy: rules.Policy | None = None) -> ExcellentCap | None:
    policy = policy or round_policy(round_)
    members, first_secretaries = member_count(round_)
    return excellent_cap(
        policy, members=members, first_secretaries=first_secretaries, used=excellent_used(round_)
    )


def round_grades(round_: AssessmentRound, *, replace: tuple[int, str] | None = None) -> list[tuple[str, str]]:
    """(role, grade) of every entry, for ``check_grades``; ``replace`` = (entry id, grade) as if that
    entry were graded so. SC-QUOTA-EXC's base is every team member of the county (队员总数), graded yet or
    not: an entry not graded yet counts as a member who is not 优秀 (称职, never refused by SC-GRADES)."""
    pairs = []
    for pk, role, grade in round_.entries.order_by().values_list("pk", "role", "grade"):
        if replace is not None and pk == replace[0]:
            grade = replace[1]
        pairs.append((role, grade or rules.COMPETENT))
    return pairs


@dataclass(frozen=True)
class Capacity:
    """What ``user`` may do in ``round_`` under the county's policy."""

    route: AssessmentRoute
    grades: GradeSet
    may_propose: bool
    may_decide: bool
    may_manage: bool  # open, close, enter scores: the county organisation department


def capacity(user: Any, round_: AssessmentRound, policy: rules.Policy | None = None) -> Capacity:
    policy = policy or round_policy(round_)
    route = assessment_route(policy)
    office = getattr(user, "office", "")
    manages = office == Office.COUNTY_ORG_DEPT and getattr(user, "region_id", None) == round_.county_id
    return Capacity(
        route=route,
        grades=allowed_grades(policy),
        may_propose=round_.is_open and route.proposer is not None and office == route.proposer,
        may_decide=round_.is_open and office == route.decider,
        may_manage=manages,
    )


def entries_awaiting(user: Any, round_: AssessmentRound, capacity: Capacity) -> AssessmentEntryQuerySet:
    """The round's entries waiting for the user's own step: a grade to propose (the proposing office),
    or a grade to fix once proposed where the route has a proposer (the deciding office; a unit only for
    its own cadres). The round page's ``todo=1`` and the home page's work list read this."""
    entries = AssessmentEntry.objects.for_user(user).filter(round=round_)
    if capacity.may_propose:
        return entries.filter(proposed_grade="")
    if not capacity.may_decide:
        return entries.none()
    entries = entries.filter(grade="")
    if capacity.route.proposer is not None:
        entries = entries.exclude(proposed_grade="")
    if capacity.route.decider == Office.DISPATCHING_UNIT:
        entries = entries.filter(dispatching_unit_id=getattr(user, "dispatching_unit_id", None))
    return entries


def may_decide_entry(user: Any, entry: AssessmentEntry, route: AssessmentRoute) -> bool:
    if getattr(user, "office", "") != route.decider:
        return False
    if route.decider == Office.DISPATCHING_UNIT:
        return getattr(user, "dispatching_unit_id", None) == entry.dispatching_unit_id
    return True


# --- the entries page -----------------------------------------------------------------------------


@dataclass
class EntryRow:
    entry: AssessmentEntry
    reasons: list[Reason] = field(default_factory=list)
    attendance: compliance.Row | None = None
    months_short: int = 0
    unexcused_absences: int = 0
    target: TargetRow | None = None  # SC-TARGET: the team's 目标责任书, where the policy has one
    # Training days of the round's year (training.selectors.training_days: events starting that year).
    training_days: Decimal = Decimal(0)

    @property
    def may_be_excellent(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class UnitBar:
    unit: str
    reasons: list[Reason]


@dataclass
class RoundView:
    round: AssessmentRound
    policy: rules.Policy
    rows: list[EntryRow]
    cap: ExcellentCap | None
    unit_bars: list[UnitBar]


def round_view(
    round_: AssessmentRound, entries: QuerySet[AssessmentEntry], *, today: datetime.date
) -> RoundView:
    """The entries the user may see with their reasons and inputs; the cap and unit bars are the
    county's (they count the whole round)."""
    policy = round_policy(round_)
    listed = list(entries.select_related("cadre", "team__village", "township", "dispatching_unit"))
    all_cadres = list(round_.entries.order_by().values_list("cadre_id", "dispatching_unit_id", "grade"))
    years = cadre_years(round_, [c for c, _, _ in all_cadres])
    ids = [e.cadre_id for e in listed]
    scope = Membership.objects.filter(cadre_id__in=ids, team__village__township__parent=round_.county)
    attendance = {r.cadre_id: r for r in compliance.county_year(scope, round_.year, today=today)}
    short = dict(
        CadreMonthSummary.objects.filter(
            cadre_id__in=ids, year=round_.year, county=round_.county, compliant=False
        )
        .values_list("cadre_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("cadre_id", "n")
    )
    targets = team_targets(policy, {e.team_id for e in listed}, round_.year, today=today)
    trained = training_days(ids, round_.year)
    rows = []
    for entry in listed:
        facts = years[entry.cadre_id]
        rows.append(
            EntryRow(
                entry=entry,
                reasons=why_not_excellent(policy, round_.year, facts),
                attendance=attendance.get(entry.cadre_id),
                months_short=short.get(entry.cadre_id, 0),
                unexcused_absences=facts.unexcused_absences,
                target=targets.get(entry.team_id),
                training_days=trained.get(entry.cadre_id, Decimal(0)),
            )
        )
    return RoundView(
        round=round_,
        policy=policy,
        rows=rows,
        cap=cap_for(round_, policy),
        unit_bars=unit_bars(round_, policy, all_cadres, years),
    )


def unit_bars(
    round_: AssessmentRound,
    policy: rules.Policy,
    entries: list[tuple[int, int, str]],
    years: dict[int, CadreYear],
) -> list[UnitBar]:
    """Dispatching units barred from 优秀 this year (QH10-ABSENT, SC-INCOMPETENT), by ``check_unit_year``."""
    grades: dict[int, list[str]] = defaultdict(list)
    absent: dict[int, bool] = defaultdict(bool)
    for cadre_id, unit_id, grade in entries:
        if grade:
            grades[unit_id].append(grade)
        absent[unit_id] |= years[cadre_id].unexcused_absences > 0
    barred = [u for u in absent if absent[u] or rules.INCOMPETENT in grades[u]]
    names = dict(DispatchingUnit.objects.filter(pk__in=barred).values_list("pk", "name"))
    bars = []
    # Only a unit with an absent or 不称职 member can be barred; the policy's check says whether it is.
    for unit_id in sorted(barred, key=lambda u: names.get(u, "")):
        findings = policy.check_unit_year(
            rules.UnitYearFacts(
                year=round_.year,
                leadership_grade=rules.EXCELLENT,
                head_grade=rules.EXCELLENT,
                member_grades=tuple(grades[unit_id]),
                member_absent_or_called_back=absent[unit_id],
            )
        )
        if findings:
            bars.append(UnitBar(names.get(unit_id, ""), [Reason(f.provision, f.message) for f in findings]))
    return bars


def cadre_results(user: Any, cadre: Any) -> QuerySet[AssessmentEntry]:
    """The cadre's record of annual grades: the entries of closed rounds the user may see, newest year
    first. A closed round is frozen, so its entry is the grade written into the cadre's record (QH-ANNUAL
    考核等次记入驻村干部本人档案, SC-EXC-UNIT 记入个人档案) and its 考核登记表; nothing is copied elsewhere."""
    return (
        AssessmentEntry.objects.for_user(user)
        .filter(cadre=cadre, round__status=RoundStatus.CLOSED)
        .select_related("round__county", "team__village")
        .order_by("-round__year", "pk")
    )


def unit_filings(user: Any) -> QuerySet[ResultFiling]:
    """The results sent to the user's dispatching unit (none for any other office), newest first."""
    if getattr(user, "office", "") != Office.DISPATCHING_UNIT:
        return ResultFiling.objects.none()
    return (
        ResultFiling.objects.for_user(user)
        .select_related("round__county", "received_by")
        .order_by("-filed_at", "-pk")
    )


def filter_q(text: str) -> Q:
    return Q(cadre__name__contains=text) | Q(team__village__name__contains=text)


# --- end-of-term review ------------------------------------------------------------------------------


@dataclass
class TermRow:
    """A membership of the county ending by the horizon (or ended), its review and the policy's findings."""

    membership: Membership
    review: Any  # TermReview | None
    findings: list[rules.Finding]


def term_reviews(user: Any, county: Any, *, today: datetime.date, horizon_days: int = 90) -> list[TermRow]:
    """Memberships of ``county`` the user may see that end within ``horizon_days`` of ``today`` or have
    ended, with the end-of-term review and what JN-ENDTERM / QH-ENDTERM still miss (``check_term_review``)."""
    until = today + datetime.timedelta(days=horizon_days)
    memberships = Membership.objects.for_user(user).filter(
        team__village__township__parent=county, end__isnull=False, end__lte=until
    )
    return _term_rows(memberships, county, today)


def term_review_row(membership: Membership, *, today: datetime.date) -> TermRow:
    county = membership.team.village.township.parent
    return _term_rows(Membership.objects.filter(pk=membership.pk), county, today)[0]


def _term_rows(memberships: QuerySet[Membership], county: Any, today: datetime.date) -> list[TermRow]:
    from .models import TermReview

    memberships = memberships.select_related("cadre", "team__village__township", "dispatching_unit").order_by(
        "end", "cadre__name"
    )
    reviews = {
        r.membership_id: r
        for r in TermReview.objects.filter(membership__in=memberships).select_related("reviewed_by")
    }
    policies: dict[datetime.date, rules.Policy] = {}
    rows = []
    for m in memberships:
        review = reviews.get(m.pk)
        if m.end is None:  # no end yet: nothing is due
            rows.append(TermRow(m, review, []))
            continue
        if m.end not in policies:
            policies[m.end] = county_policy(county, m.end)
        findings = policies[m.end].check_term_review(
            m.end,
            today,
            reviewed_on=review.reviewed_on if review else None,
            in_personal_file=review.in_personal_file if review else False,
            methods=review.method_codes if review else (),
            published=bool(review and review.published_from and review.published_from <= today),
        )
        rows.append(TermRow(m, review, findings))
    return rows


def procedure_findings(
    round_: AssessmentRound, policy: rules.Policy, *, today: datetime.date
) -> list[rules.Finding]:
    """JN-ANNUAL, QH-ANNUAL, ZMD-ANNUAL on the round as it stands (``check_annual_assessment``): assessed
    once a year by the right offices, the result sent on. Before closing, the round is not assessed yet."""
    route = assessment_route(policy)
    closed = round_.closed_at
    reported: list[str] = [c for c in round_.result_to.split(",") if c]
    if closed is not None and round_.filings.exists():
        reported.append(Office.DISPATCHING_UNIT)
    return policy.check_annual_assessment(
        round_.year,
        today,
        assessed_on=closed.date() if closed else None,
        proposed_by=route.proposer,
        decided_by=route.decider,
        reported_to=reported,
    )


# Provisions shown beside a round, where the county's policy has them: what the grade means for the unit
# and the cadre's file.
NOTE_IDS = ("QH10-EXCELLENT", "SC-EXC-UNIT", "SC-INCOMPETENT", "QH10-ABSENT", "QH-RECALL", "QH10-BAN")


def round_notes(policy: rules.Policy) -> list[rules.Provision]:
    return [p for p in (policy.in_force(i) for i in NOTE_IDS) if p is not None]


# --- targets (SC-TARGET) -----------------------------------------------------------------------------


@dataclass
class TargetRow:
    team: Any
    target: Any  # TeamTarget | None
    findings: list[rules.Finding]


def team_targets(
    policy: rules.Policy, team_ids: Iterable[int], year: int, *, today: datetime.date
) -> dict[int, TargetRow]:
    """Each team's 目标责任书 of ``year`` and what ``check_targets`` finds (SC-TARGET; due by the county's
    ``start_of_year_due_month``); nothing where the policy has no such provision."""
    from teams.models import Team

    from .models import TeamTarget

    if policy.in_force("SC-TARGET") is None:
        return {}
    ids = list(team_ids)
    signed = {t.team_id: t for t in TeamTarget.objects.filter(team_id__in=ids, year=year)}
    rows = {}
    for team in Team.objects.filter(pk__in=ids).select_related("village__township"):
        target = signed.get(team.pk)
        findings = policy.check_targets(year, target.signed_on if target else None, today)
        rows[team.pk] = TargetRow(team, target, findings)
    return rows
