"""End-of-term reviews (期满考核) of postings."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assessment import errors
from assessment.errors import AssessmentError
from assessment.models import Grade, ReviewMethod, TermReview
from teams.models import Membership

from .rounds import _require_county_office


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
