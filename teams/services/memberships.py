"""Memberships (postings of a cadre in a team): never two at once for a cadre, each change filed, and
derived data told through ``teams.signals.membership_changed``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from accounts.models import User
from teams import changes, errors
from teams.models import Cadre, DispatchingUnit, Membership, Team
from teams.signals import MembershipSpan, membership_changed

from .base import KEEP, OPEN_END, Keep, apply, guarded, overlaps, require_editor, require_in_scope


def memberships_changed(spans: Sequence[MembershipSpan]) -> None:
    """Every writer of memberships (this module, the roster import) calls this after writing: derived
    data (attendance's month summaries) follows through ``teams.signals.membership_changed``, in the
    writer's transaction."""
    if spans:
        membership_changed.send(sender=Membership, spans=spans)


def membership_save(
    *,
    actor: User,
    membership: Membership | None = None,
    today: datetime.date | None = None,
    team: Team | Keep = KEEP,
    cadre: Cadre | Keep = KEEP,
    role: str | Keep = KEEP,
    is_leader: bool | Keep = KEEP,
    dispatching_unit: DispatchingUnit | None | Keep = KEEP,
    start: datetime.date | Keep = KEEP,
    end: datetime.date | None | Keep = KEEP,
    end_reason: str | Keep = KEEP,
) -> Membership:
    """Put a cadre in a team (or change that). One cadre is never in two memberships at once. Each
    change of the team's members is filed (teams.changes, ZMD-CHANGE) on ``today``."""
    require_editor(actor)
    today = today or timezone.localdate()
    membership = membership or Membership()
    previous = changes.before_of(membership)
    before: list[MembershipSpan] = (
        list(Membership.objects.filter(pk=membership.pk).values_list("cadre_id", "start", "end"))
        if membership.pk
        else []
    )
    apply(
        membership,
        {
            "team": team,
            "cadre": cadre,
            "role": role,
            "is_leader": is_leader,
            "dispatching_unit": dispatching_unit,
            "start": start,
            "end": end,
            "end_reason": end_reason,
        },
    )
    if before and membership.cadre_id != before[0][0]:
        raise errors.ServiceError(errors.MEMBERSHIP_CADRE_CHANGE, errors.MEMBERSHIP_CADRE_CHANGE_MSG, "cadre")
    posted_team, posted_cadre = membership.team, membership.cadre
    require_in_scope(actor, Team.objects.all(), posted_team, "工作队", "team")
    require_in_scope(actor, Cadre.objects.all(), posted_cadre, "干部", "cadre")
    if membership.end is None and posted_team.term_end is not None:
        membership.end = posted_team.term_end  # an open-ended appointment ends with the team's term
    if membership.end is not None and membership.end < membership.start:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_BEFORE_START, errors.MEMBERSHIP_END_BEFORE_START_MSG, "end"
        )
    term_end = posted_team.term_end or OPEN_END
    if membership.start < posted_team.term_start or (membership.end or OPEN_END) > term_end:
        raise errors.ServiceError(
            errors.MEMBERSHIP_OUTSIDE_TERM,
            errors.MEMBERSHIP_OUTSIDE_TERM_MSG.format(
                start=f"{posted_team.term_start:%Y-%m-%d}",
                end=f"{posted_team.term_end:%Y-%m-%d}" if posted_team.term_end else "今",
            ),
            "start",
        )
    clash = (
        Membership.objects.filter(cadre=posted_cadre)
        .filter(overlaps(membership.start, membership.end, "start", "end"))
        .exclude(pk=membership.pk)
        .select_related("team__village")
        .first()
    )
    if clash is not None:
        raise errors.ServiceError(errors.MEMBERSHIP_OVERLAP, _overlap_message(actor, clash), "start")
    changes.check_membership_form(membership=membership, before=previous, today=today)
    generic = errors.MEMBERSHIP_OVERLAP_MSG.format(
        cadre=posted_cadre, team="其他工作队", start=f"{membership.start:%Y-%m-%d}", end="今"
    )
    with guarded(
        {
            "membership_no_overlap": (errors.MEMBERSHIP_OVERLAP, generic, "start"),
            "membership_end_after_start": (
                errors.MEMBERSHIP_END_BEFORE_START,
                errors.MEMBERSHIP_END_BEFORE_START_MSG,
                "end",
            ),
        }
    ):
        membership.save()
        memberships_changed([*before, (posted_cadre.pk, membership.start, membership.end)])
        changes.membership_saved(actor=actor, membership=membership, before=previous, today=today)
    return membership


def membership_end(
    *,
    actor: User,
    membership: Membership,
    end: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> Membership:
    """End a posting early, with the reason on record (a cadre is replaced by ending their posting and
    adding the successor's, never by swapping the cadre of a posting)."""
    require_editor(actor)
    reason = reason.strip()
    if not reason:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_REASON_REQUIRED, errors.MEMBERSHIP_END_REASON_REQUIRED_MSG, "reason"
        )
    if membership.end is not None and end > membership.end:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_AFTER_PLANNED,
            errors.MEMBERSHIP_END_AFTER_PLANNED_MSG.format(end=f"{membership.end:%Y-%m-%d}"),
            "end",
        )
    return membership_save(actor=actor, membership=membership, today=today, end=end, end_reason=reason)


def _overlap_message(actor: User, clash: Membership) -> str:
    visible = Membership.objects.for_user(actor).filter(pk=clash.pk).exists()
    return errors.MEMBERSHIP_OVERLAP_MSG.format(
        cadre=clash.cadre,
        team=clash.team if visible else errors.MEMBERSHIP_OVERLAP_ELSEWHERE,
        start=f"{clash.start:%Y-%m-%d}",
        end=f"{clash.end:%Y-%m-%d}" if clash.end else "今",
    )
