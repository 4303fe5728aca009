"""Writes of the work log, households, meetings, linked leaders, support visits and must-visit cases.

Keyword-only, one transaction each; a refusal is a ``WorklogError`` (code and Chinese message in
``errors``) and nothing is written. A visit is entered once: a log entry of kind visit with its households;
a care visit is one ``SupportVisit`` that closes its case.

One module per sub-domain (log entries, households, meetings, support and must-visits), re-exported here.
"""

from .entries import DOUBLE_SUBMIT_SECONDS, log_entry_create, log_entry_update, may_edit_entry
from .households import (
    HOUSEHOLD_SHEET,
    IMPORT_ROWS_NAMED,
    MARK_OFFICES,
    MAX_HOUSEHOLDS,
    household_mark,
    village_households_import,
    village_households_set,
)
from .meetings import meeting_create
from .support import (
    CARE_OFFICES,
    UNIT_KINDS,
    care_case_open,
    care_case_team,
    link_leader_create,
    support_visit_create,
)

__all__ = [
    "DOUBLE_SUBMIT_SECONDS",
    "log_entry_create",
    "may_edit_entry",
    "log_entry_update",
    "MARK_OFFICES",
    "MAX_HOUSEHOLDS",
    "village_households_set",
    "household_mark",
    "IMPORT_ROWS_NAMED",
    "HOUSEHOLD_SHEET",
    "village_households_import",
    "meeting_create",
    "UNIT_KINDS",
    "CARE_OFFICES",
    "link_leader_create",
    "support_visit_create",
    "care_case_open",
    "care_case_team",
]
