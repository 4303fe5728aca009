"""One cadre's entry in a round: grades proposed and decided, scores entered, each under the round's lock."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assessment import errors, selectors
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, AssessmentRound, Grade
from teams import rules

from .rounds import _require_county_office


def _office_name(code: str) -> str:
    return rules.OFFICE_NAMES.get(code, code)


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
