"""Substitute approvers (代理审批人): an office names a colleague of the same office, inside its own
jurisdiction, to decide for it for a bounded period; and revokes the naming."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from attendance.models import SUBSTITUTE_MAX_DAYS, SubstituteApprover
from core.params import clean_text
from teams import rules

from .. import errors, selectors
from ..errors import ServiceError

APPROVER_OFFICES = frozenset(rules.OFFICE_NAMES)


def substitute_name(
    *,
    actor: User,
    substitute: User | int,
    start: datetime.date,
    end: datetime.date,
    reason: str = "",
    today: datetime.date | None = None,
) -> SubstituteApprover:
    """The actor's office names another user of the same office, inside its jurisdiction, to decide
    for it during [start, end]: from today or later, at most ``SUBSTITUTE_MAX_DAYS`` days."""
    today = today or timezone.localdate()
    if actor.office not in APPROVER_OFFICES:
        raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
    sub_id = substitute.pk if isinstance(substitute, User) else substitute
    target = User.objects.filter(pk=sub_id, is_active=True).first()
    if target is None:
        raise ServiceError(errors.SUBSTITUTE_UNKNOWN, errors.SUBSTITUTE_UNKNOWN_MSG, "substitute")
    if target.pk == actor.pk:
        raise ServiceError(errors.SUBSTITUTE_SELF, errors.SUBSTITUTE_SELF_MSG, "substitute")
    if target.office != actor.office:
        raise ServiceError(
            errors.SUBSTITUTE_OFFICE,
            errors.SUBSTITUTE_OFFICE_MSG.format(office=Office(actor.office).label),
            "substitute",
        )
    # A stand-in of another county (or unit) would reach requests its own office may not see.
    if not selectors.substitute_eligible(actor).filter(pk=target.pk).exists():
        raise ServiceError(
            errors.SUBSTITUTE_JURISDICTION,
            errors.SUBSTITUTE_JURISDICTION_MSG.format(jurisdiction=actor.jurisdiction_label),
            "substitute",
        )
    if not selectors.substitute_candidates(actor).filter(pk=target.pk).exists():
        raise ServiceError(
            errors.SUBSTITUTE_REDUNDANT, errors.SUBSTITUTE_REDUNDANT_MSG.format(user=target), "substitute"
        )
    if start < today:
        raise ServiceError(
            errors.SUBSTITUTE_STARTS_IN_PAST,
            errors.SUBSTITUTE_STARTS_IN_PAST_MSG.format(today=f"{today:%Y-%m-%d}"),
            "start",
        )
    if end < start:
        raise ServiceError(errors.SUBSTITUTE_DATES, errors.SUBSTITUTE_DATES_MSG, "end")
    if (end - start).days + 1 > SUBSTITUTE_MAX_DAYS:
        raise ServiceError(
            errors.SUBSTITUTE_TOO_LONG, errors.SUBSTITUTE_TOO_LONG_MSG.format(days=SUBSTITUTE_MAX_DAYS), "end"
        )
    with transaction.atomic():
        return SubstituteApprover.objects.create(
            office=actor.office,
            region=actor.region if actor.office != Office.DISPATCHING_UNIT else None,
            dispatching_unit=actor.dispatching_unit if actor.office == Office.DISPATCHING_UNIT else None,
            principal=actor,
            substitute=target,
            start=start,
            end=end,
            reason=clean_text(reason, label="事由", limit=200, field="reason"),
        )


def substitute_revoke(*, actor: User, substitution: SubstituteApprover) -> SubstituteApprover:
    with transaction.atomic():
        locked = SubstituteApprover.objects.select_for_update().get(pk=substitution.pk)
        in_office = actor.office == locked.office and (
            SubstituteApprover.objects.for_user(actor).exclude(substitute=actor).filter(pk=locked.pk).exists()
        )
        if not in_office:
            raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked
