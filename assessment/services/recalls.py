"""Recalls (召回) of cadres."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assessment import errors
from assessment.errors import AssessmentError
from assessment.models import Recall
from teams import changes
from teams.models import Cadre, Membership

from .rounds import _require_county_office


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
