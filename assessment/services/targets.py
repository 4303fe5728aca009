"""Target responsibility letters (目标责任书, SC-TARGET) signed for a team's year."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assessment import errors
from assessment.errors import AssessmentError
from assessment.models import TeamTarget
from teams.models import Team

from .rounds import _require_county_office


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
