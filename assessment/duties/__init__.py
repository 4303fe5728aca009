"""The duties calendar of teams: for a team (or a whole county or province at once) and a year, every duty
its county's policy sets, with its provision, period, due date and state.

The duties and their dates come from ``teams.rules.duties`` (the policy only: a Jinan team has no quarterly
report); whether each was met is judged by the policy's ``check_*`` functions on facts counted in bulk,
a few queries for all teams together (never a loop of queries per team).

- ``facts``: the teams in scope and what the duties count, in bulk;
- ``calendar``: every team's duties for a year with their states (``duties_by_team``, ``open_duties``);
- ``reminders``: the daily notices of duties coming due and overdue (``duties_remind``).
"""

from .calendar import DutyRow, duties_by_team, open_duties, state_counts, team_duties
from .facts import TeamInfo
from .reminders import CONCERNS, OVERDUE_TEXT, SOON_TEXT, duties_remind

__all__ = [
    "TeamInfo",
    "DutyRow",
    "duties_by_team",
    "team_duties",
    "open_duties",
    "state_counts",
    "SOON_TEXT",
    "OVERDUE_TEXT",
    "CONCERNS",
    "duties_remind",
]
