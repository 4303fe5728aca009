"""Writes of the annual assessment: open a round, propose and decide grades, enter scores, close, recall.

Who proposes and who decides comes from the county's policy (``teams.rules.assessment``); whether a
grade is allowed, whether a cadre may be 优秀 and whether the Sichuan cap holds come from the policy's
checks. Every decision takes the round's row lock first, so two clerks (or a double click) racing for
the last 优秀 slot are served one after the other and the second sees the first's grade.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Office, User
from core import params
from teams import changes, rules
from teams.choices import RegionLevel
from teams.models import Cadre, Membership, Team

from . import errors, selectors
from .errors import AssessmentError
from .models import (
    AssessmentEntry,
    AssessmentRound,
    Grade,
    Recall,
    ResultFiling,
    ReviewMethod,
    RoundStatus,
    TeamTarget,
    TermReview,
)


def _office_name(code: str) -> str:
    return rules.OFFICE_NAMES.get(code, code)


def _require_county_office(user: User) -> None:
    if user.office != Office.COUNTY_ORG_DEPT:
        raise AssessmentError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_OPEN_MSG)


def round_open(*, user: User, year: int, today: datetime.date | None = None) -> AssessmentRound:
    """The county organisation department opens its county's round for ``year``: an entry for every
    cadre who served in the county that year, with the days served (pro-rating) and the latest role."""
    today = today or timezone.localdate()
    _require_county_office(user)
    county = user.region
    if county is None or county.level != RegionLevel.COUNTY:
        raise AssessmentError(errors.NOT_A_COUNTY, errors.NOT_A_COUNTY_MSG)
    if not isinstance(year, int) or not params.MIN_YEAR <= year <= today.year:
        raise AssessmentError(
            errors.BAD_YEAR, errors.BAD_YEAR_MSG.format(low=params.MIN_YEAR, high=today.year), "year"
        )
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    period = (end - start).days + 1
    postings = (
        Membership.objects.filter(team__village__township__parent=county, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list(
            "cadre_id", "team_id", "team__village__township_id", "dispatching_unit_id", "role", "start", "end"
        )
        .order_by("start", "pk")
    )
    latest: dict[int, tuple[Any, ...]] = {}
    days: dict[int, int] = {}
    for cadre_id, team_id, township_id, unit_id, role, m_start, m_end in postings:
        lo, hi = max(start, m_start), min(end, m_end or end)
        days[cadre_id] = days.get(cadre_id, 0) + (hi - lo).days + 1
        latest[cadre_id] = (team_id, township_id, unit_id, role)
    if not latest:
        raise AssessmentError(
            errors.NOBODY_SERVED, errors.NOBODY_SERVED_MSG.format(county=county.name, year=year)
        )
    duplicate = AssessmentError(
        errors.DUPLICATE, errors.DUPLICATE_MSG.format(county=county.name, year=year), "year"
    )
    try:
        with transaction.atomic():
            if AssessmentRound.objects.filter(county=county, year=year).exists():
                raise duplicate
            round_ = AssessmentRound.objects.create(
                county=county, year=year, opened_by=user, opened_at=timezone.now()
            )
            AssessmentEntry.objects.bulk_create(
                AssessmentEntry(
                    round=round_,
                    cadre_id=cadre_id,
                    team_id=team_id,
                    township_id=township_id,
                    dispatching_unit_id=unit_id,
                    role=role,
                    service_days=min(days[cadre_id], period),
                    period_days=period,
                )
                for cadre_id, (team_id, township_id, unit_id, role) in latest.items()
            )
    except IntegrityError:  # two clerks opened the same round at once: the constraint kept one
        raise duplicate from None
    return round_


def _entry_for(user: User, entry: AssessmentEntry | int) -> AssessmentEntry:
    pk = entry.pk if isinstance(entry, AssessmentEntry) else entry
    found = AssessmentEntry.objects.for_user(user).select_related("cadre").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _locked_round(entry: AssessmentEntry) -> AssessmentRound:
    round_ = AssessmentRound.objects.select_for_update().select_related("county").get(pk=entry.round_id)
    if not round_.is_open:
        raise AssessmentError(errors.CLOSED, errors.CLOSED_MSG)
    return round_


def _check_grade(policy: rules.Policy, grade: str) -> None:
    if grade not in Grade.values:
        raise AssessmentError(errors.BAD_GRADE, errors.BAD_GRADE_MSG, "grade")
    allowed = selectors.allowed_grades(policy)
    if grade not in allowed.grades:
        raise AssessmentError(
            errors.GRADE_NOT_ALLOWED,
            errors.GRADE_NOT_ALLOWED_MSG.format(
                policy=policy.name,
                grades="、".join(rules.GRADE_NAMES[g] for g in allowed.grades),
                grade=rules.GRADE_NAMES[grade],
                provision=allowed.provision,
            ),
            "grade",
            provision=allowed.provision,
        )


def _check_eligible(
    policy: rules.Policy, round_: AssessmentRound, entry: AssessmentEntry, grade: str
) -> None:
    if grade != Grade.EXCELLENT:
        return
    reasons = selectors.entry_reasons(entry, policy)
    if reasons:
        raise AssessmentError(
            errors.NOT_ELIGIBLE,
            errors.NOT_ELIGIBLE_MSG.format(cadre=entry.cadre.name, reason=reasons[0].message),
            "grade",
            provision=reasons[0].provision,
        )


def _check_absence_cap(policy: rules.Policy, entry: AssessmentEntry, grade: str) -> None:
    """The county's ladder of unexcused absences (本县规定) caps the grade; nothing when it set none."""
    cap = selectors.entry_absence_cap(entry, policy)
    if cap is None or cap.allows(grade):
        return
    raise AssessmentError(
        errors.ABOVE_ABSENCE_CAP,
        errors.ABOVE_ABSENCE_CAP_MSG.format(
            cadre=entry.cadre.name, grade=rules.GRADE_NAMES[grade], reason=cap.message(entry.round.year)
        ),
        "grade",
        provision=cap.provision,
    )


def entry_propose(
    *, user: User, entry: AssessmentEntry | int, grade: str, comment: str = ""
) -> AssessmentEntry:
    """The proposing office (QH-ANNUAL: the township committee) proposes a grade."""
    found = _entry_for(user, entry)
    with transaction.atomic():
        round_ = _locked_round(found)
        policy = selectors.round_policy(round_)
        route = selectors.assessment_route(policy)
        if route.proposer is None:
            raise AssessmentError(
                errors.NOT_PROPOSER,
                errors.NO_PROPOSER_MSG.format(
                    policy=policy.name, office=_office_name(route.decider), provision=route.provision
                ),
                provision=route.provision,
            )
        if user.office != route.proposer:
            raise AssessmentError(
                errors.NOT_PROPOSER,
                errors.NOT_PROPOSER_MSG.format(
                    policy=policy.name, office=_office_name(route.proposer), provision=route.provision
                ),
                provision=route.provision,
            )
        _check_grade(policy, grade)
        locked = AssessmentEntry.objects.select_related("cadre", "round").get(pk=found.pk)
        _check_absence_cap(policy, locked, grade)
        _check_eligible(policy, round_, locked, grade)
        locked.proposed_grade = grade
        locked.proposed_by = user
        locked.proposed_at = timezone.now()
        locked.proposed_comment = (comment or "").strip()
        locked.save(update_fields=["proposed_grade", "proposed_by", "proposed_at", "proposed_comment"])
    return locked


def entry_decide(
    *, user: User, entry: AssessmentEntry | int, grade: str, comment: str = ""
) -> AssessmentEntry:
    """The deciding office fixes the grade: JN-ANNUAL / SC-GRADES the county, QH-ANNUAL the county
    organisation department on the township's proposal, ZMD-ANNUAL the dispatching unit for its own."""
    found = _entry_for(user, entry)
    with transaction.atomic():
        round_ = _locked_round(found)  # the row lock: one decision of the round at a time
        policy = selectors.round_policy(round_)
        route = selectors.assessment_route(policy)
        if user.office != route.decider:
            raise AssessmentError(
                errors.NOT_DECIDER,
                errors.NOT_DECIDER_MSG.format(
                    policy=policy.name, office=_office_name(route.decider), provision=route.provision
                ),
                provision=route.provision,
            )
        if not selectors.may_decide_entry(user, found, route):
            raise AssessmentError(
                errors.NOT_DECIDER,
                errors.NOT_OWN_UNIT_MSG.format(provision=route.provision),
                provision=route.provision,
            )
        _check_grade(policy, grade)
        locked = AssessmentEntry.objects.select_related("cadre", "round").get(pk=found.pk)
        if route.proposer is not None and not locked.proposed_grade:
            raise AssessmentError(
                errors.NEEDS_PROPOSAL,
                errors.NEEDS_PROPOSAL_MSG.format(
                    office=_office_name(route.proposer), provision=route.provision
                ),
                provision=route.provision,
            )
        _check_absence_cap(policy, locked, grade)
        _check_eligible(policy, round_, locked, grade)
        if grade == Grade.EXCELLENT:
            findings = policy.check_grades(selectors.round_grades(round_, replace=(locked.pk, grade)))
            over = [f for f in findings if f.provision == "SC-QUOTA-EXC"]
            cap = selectors.cap_for(round_, policy)
            if over and cap is not None:
                raise AssessmentError(
                    errors.CAP_REACHED,
                    errors.CAP_REACHED_MSG.format(
                        members=cap.members,
                        percent=cap.percent,
                        rounding=cap.rounding,
                        cap=cap.cap,
                        used=cap.used,
                        provision=cap.provision,
                    ),
                    "grade",
                    provision=cap.provision,
                )
        locked.grade = grade
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decided_comment = (comment or "").strip()
        locked.save(update_fields=["grade", "decided_by", "decided_at", "decided_comment"])
    return locked


def _score(raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise AssessmentError(errors.BAD_SCORE, errors.BAD_SCORE_MSG, "score") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise AssessmentError(errors.BAD_SCORE, errors.BAD_SCORE_MSG, "score")
    return value.quantize(Decimal("0.01"))


def entry_score(
    *, user: User, entry: AssessmentEntry | int, village_score: Any = None, cadre_review_score: Any = None
) -> AssessmentEntry:
    """The county enters the 村民测评 and 村干部评议 scores (empty clears)."""
    found = _entry_for(user, entry)
    _require_county_office(user)
    village, review = _score(village_score), _score(cadre_review_score)
    with transaction.atomic():
        _locked_round(found)
        # Saved, not updated in bulk: the change is audited (audit.registry).
        locked = AssessmentEntry.objects.get(pk=found.pk)
        locked.village_score, locked.cadre_review_score = village, review
        locked.save(update_fields=["village_score", "cadre_review_score"])
    return locked


def round_close(
    *, user: User, round_: AssessmentRound | int, today: datetime.date | None = None
) -> AssessmentRound:
    """Freezes the round once every entry is graded, records who closed it and files the results with
    each dispatching unit (and the office the policy names: JN-ANNUAL, ZMD-ANNUAL ``result_to``)."""
    today = today or timezone.localdate()
    pk = round_.pk if isinstance(round_, AssessmentRound) else round_
    if not AssessmentRound.objects.for_user(user).filter(pk=pk).exists():
        raise Http404
    _require_county_office(user)
    with transaction.atomic():
        locked = AssessmentRound.objects.select_for_update().select_related("county").get(pk=pk)
        if locked.county_id != user.region_id:
            raise AssessmentError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_OPEN_MSG)
        if not locked.is_open:
            raise AssessmentError(errors.CLOSED, errors.CLOSED_MSG)
        ungraded = locked.entries.filter(grade="").count()
        if ungraded:
            raise AssessmentError(errors.UNGRADED, errors.UNGRADED_MSG.format(count=ungraded))
        policy = selectors.round_policy(locked)
        broken = policy.check_grades(selectors.round_grades(locked))
        if broken:
            raise AssessmentError(errors.RULES_BROKEN, broken[0].message, provision=broken[0].provision)
        now = timezone.now()
        route = selectors.assessment_route(policy)
        units = locked.entries.values_list("dispatching_unit_id", flat=True).distinct().order_by()
        ResultFiling.objects.bulk_create(
            ResultFiling(round=locked, dispatching_unit_id=unit_id, filed_at=now) for unit_id in set(units)
        )
        locked.status = RoundStatus.CLOSED
        locked.closed_by = user
        locked.closed_at = now
        locked.result_to = ",".join(route.result_to)
        locked.save(update_fields=["status", "closed_by", "closed_at", "result_to"])
    return locked


def filing_receive(*, user: User, filing: ResultFiling | int) -> ResultFiling:
    """The dispatching unit acknowledges the results sent to it (签收): the work item on its home page is
    done. Idempotent: a second acknowledgement (a double click) keeps the first one's who and when."""
    pk = filing.pk if isinstance(filing, ResultFiling) else filing
    if not ResultFiling.objects.for_user(user).filter(pk=pk).exists():
        raise Http404
    with transaction.atomic():
        locked = ResultFiling.objects.select_for_update().get(pk=pk)
        if user.office != Office.DISPATCHING_UNIT or user.dispatching_unit_id != locked.dispatching_unit_id:
            raise AssessmentError(errors.NOT_OWN_FILING, errors.NOT_OWN_FILING_MSG)
        if locked.received_at is None:
            locked.received_by = user
            locked.received_at = timezone.now()
            locked.save(update_fields=["received_by", "received_at"])
    return locked


def recall_record(
    *,
    user: User,
    cadre: Cadre | int,
    recalled_on: datetime.date,
    reasons: str,
    after_incompetent: bool = False,
    unit_action: str = "",
    replacement: Cadre | int | None = None,
    head_interviewed_on: datetime.date | None = None,
    head_interview_note: str = "",
    today: datetime.date | None = None,
) -> Recall:
    """QH-RECALL: the county records a recall with its reasons, the unit's action, the replacement and
    the interview of the unit's head (召回干部与约谈派出单位负责人同步). The cadre's year loses 优秀; after a
    不称职 grade QH10-BAN follows for two years."""
    today = today or timezone.localdate()
    _require_county_office(user)
    county_id = user.region_id
    if county_id is None:
        raise AssessmentError(errors.NOT_A_COUNTY, errors.NOT_A_COUNTY_MSG)
    reasons = (reasons or "").strip()
    if not reasons:
        raise AssessmentError(errors.RECALL_NO_REASON, errors.RECALL_NO_REASON_MSG, "reasons")
    if recalled_on > today:
        raise AssessmentError(
            errors.RECALL_IN_FUTURE,
            errors.RECALL_IN_FUTURE_MSG.format(today=today.isoformat()),
            "recalled_on",
        )
    cadre_pk = cadre.pk if isinstance(cadre, Cadre) else cadre
    found = Cadre.objects.for_user(user).filter(pk=cadre_pk).first()
    if found is None:
        raise Http404
    posting = (
        Membership.objects.filter(cadre=found, team__village__township__parent_id=county_id)
        .active_on(recalled_on)
        .first()
    )
    if posting is None:
        raise AssessmentError(
            errors.RECALL_NOT_SERVING,
            errors.RECALL_NOT_SERVING_MSG.format(cadre=found.name, day=recalled_on.isoformat()),
            "recalled_on",
        )
    replacement_pk = replacement.pk if isinstance(replacement, Cadre) else replacement
    if replacement_pk is not None and not Cadre.objects.for_user(user).filter(pk=replacement_pk).exists():
        raise Http404
    with transaction.atomic():
        recall = Recall.objects.create(
            county_id=county_id,
            cadre=found,
            dispatching_unit_id=posting.dispatching_unit_id,
            recalled_on=recalled_on,
            reasons=reasons,
            after_incompetent=after_incompetent,
            unit_action=(unit_action or "").strip(),
            replacement_id=replacement_pk,
            head_interviewed_on=head_interviewed_on,
            head_interview_note=(head_interview_note or "").strip(),
            created_by=user,
        )
        # The cadre leaves the team: a change of members, filed with the recall (ZMD-CHANGE).
        changes.recall_filed(
            actor=user, membership=posting, recalled_on=recalled_on, reasons=reasons, today=today
        )
        return recall


def term_review_record(
    *,
    user: User,
    membership: Membership | int,
    reviewed_on: datetime.date,
    result: str,
    methods: list[str] | tuple[str, ...] = (),
    summary: str = "",
    in_personal_file: bool = False,
    published_from: datetime.date | None = None,
    published_to: datetime.date | None = None,
    today: datetime.date | None = None,
) -> TermReview:
    """JN-ENDTERM / QH-ENDTERM: the county organisation department records the end-of-term review of a
    membership: its methods, result, whether it is in the cadre's file, and the 公示 dates. What the
    policy still misses is shown by ``selectors.term_review_findings`` (``check_term_review``)."""
    today = today or timezone.localdate()
    _require_county_office(user)
    pk = membership.pk if isinstance(membership, Membership) else membership
    found = (
        Membership.objects.for_user(user)
        .filter(pk=pk, team__village__township__parent_id=user.region_id)
        .select_related("cadre")
        .first()
    )
    if found is None:
        raise Http404
    if found.end is None:
        raise AssessmentError(
            errors.REVIEW_NOT_ENDING, errors.REVIEW_NOT_ENDING_MSG.format(cadre=found.cadre.name)
        )
    if result not in Grade.values:
        raise AssessmentError(errors.BAD_GRADE, errors.BAD_GRADE_MSG, "result")
    if any(m not in ReviewMethod.values for m in methods):
        raise AssessmentError(errors.REVIEW_BAD_METHOD, errors.REVIEW_BAD_METHOD_MSG, "methods")
    if reviewed_on > today:
        raise AssessmentError(
            errors.REVIEW_IN_FUTURE,
            errors.REVIEW_IN_FUTURE_MSG.format(today=today.isoformat()),
            "reviewed_on",
        )
    if (published_from is None) != (published_to is None) or (
        published_from is not None and published_to is not None and published_to < published_from
    ):
        raise AssessmentError(errors.REVIEW_PUBLICATION, errors.REVIEW_PUBLICATION_MSG, "published_to")
    duplicate = AssessmentError(
        errors.REVIEW_DUPLICATE, errors.REVIEW_DUPLICATE_MSG.format(cadre=found.cadre.name)
    )
    if TermReview.objects.filter(membership=found).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return TermReview.objects.create(
                membership=found,
                reviewed_on=reviewed_on,
                methods=",".join(m for m in ReviewMethod.values if m in methods),
                result=result,
                summary=(summary or "").strip(),
                in_personal_file=in_personal_file,
                published_from=published_from,
                published_to=published_to,
                reviewed_by=user,
            )
    except IntegrityError:
        raise duplicate from None


def target_record(
    *,
    user: User,
    team: Team | int,
    year: int,
    signed_on: datetime.date,
    targets: str,
    today: datetime.date | None = None,
) -> TeamTarget:
    """SC-TARGET: the county records the team's 目标责任书 for ``year``; ``check_targets`` judges its date."""
    today = today or timezone.localdate()
    _require_county_office(user)
    pk = team.pk if isinstance(team, Team) else team
    found = (
        Team.objects.for_user(user)
        .filter(pk=pk, village__township__parent_id=user.region_id)
        .select_related("village")
        .first()
    )
    if found is None:
        raise Http404
    targets = (targets or "").strip()
    if not targets:
        raise AssessmentError(errors.TARGET_NO_TEXT, errors.TARGET_NO_TEXT_MSG, "targets")
    if signed_on > today:
        raise AssessmentError(
            errors.TARGET_IN_FUTURE, errors.TARGET_IN_FUTURE_MSG.format(today=today.isoformat()), "signed_on"
        )
    if signed_on.year != year:
        raise AssessmentError(
            errors.TARGET_WRONG_YEAR, errors.TARGET_WRONG_YEAR_MSG.format(year=year), "signed_on"
        )
    duplicate = AssessmentError(
        errors.TARGET_DUPLICATE, errors.TARGET_DUPLICATE_MSG.format(team=found, year=year)
    )
    if TeamTarget.objects.filter(team=found, year=year).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return TeamTarget.objects.create(
                team=found, year=year, signed_on=signed_on, targets=targets, created_by=user
            )
    except IntegrityError:
        raise duplicate from None
