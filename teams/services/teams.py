"""Work teams (工作队): one team per village at a time."""

from __future__ import annotations

import datetime

from accounts.models import User
from teams import errors
from teams.models import Team, Village

from .base import KEEP, Keep, apply, guarded, overlaps, require_editor, require_in_scope


def team_save(
    *,
    actor: User,
    team: Team | None = None,
    village: Village | Keep = KEEP,
    term_start: datetime.date | Keep = KEEP,
    term_end: datetime.date | None | Keep = KEEP,
    withdrawn_on: datetime.date | None | Keep = KEEP,
    note: str | Keep = KEEP,
) -> Team:
    """Create or update a team; a village never has two teams with overlapping terms."""
    require_editor(actor)
    team = team or Team()
    apply(
        team,
        {
            "village": village,
            "term_start": term_start,
            "term_end": term_end,
            "withdrawn_on": withdrawn_on,
            "note": note,
        },
    )
    require_in_scope(actor, Village.objects.all(), team.village, "村", "village")
    if team.term_end is not None and team.term_end < team.term_start:
        raise errors.ServiceError(errors.TEAM_END_BEFORE_START, errors.TEAM_END_BEFORE_START_MSG, "term_end")
    overlap_msg = errors.TEAM_OVERLAP_MSG
    clash = (
        Team.objects.filter(village=team.village)
        .filter(overlaps(team.term_start, team.term_end, "term_start", "term_end"))
        .exclude(pk=team.pk)
        .first()
    )
    if clash is not None:
        raise errors.ServiceError(
            errors.TEAM_OVERLAP,
            overlap_msg.format(village=team.village, start=f"{clash.term_start:%Y-%m-%d}"),
            "term_start",
        )
    generic = overlap_msg.format(village=team.village, start=f"{team.term_start:%Y-%m-%d}")
    with guarded(
        {
            "team_no_overlap_in_village": (errors.TEAM_OVERLAP, generic, "term_start"),
            "team_term_end_after_start": (
                errors.TEAM_END_BEFORE_START,
                errors.TEAM_END_BEFORE_START_MSG,
                "term_end",
            ),
        }
    ):
        team.save()
    return team
