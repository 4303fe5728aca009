"""Pages of the work log (驻村日志), household coverage, meetings (例会) and visits (领导到村 / 五必访).

Every object is fetched through ``for_user()`` (404 outside); writes go through ``services``. No page
counts entries per cadre as a score or ranking: the log is a record, nothing is forced.

One module per page group (entries, households, meetings, support), re-exported here for worklog/urls.py.
"""

from .entries import WRITERS, entry_attachment, entry_detail, entry_list
from .households import MAX_IMPORT_BYTES, household_list
from .meetings import MEETING_DUTY_REGIONS, meeting_detail, meeting_list
from .shared import PAGE_SIZE
from .support import CARE_CASES_SHOWN, care_visit, support_list

__all__ = [
    "PAGE_SIZE",
    "WRITERS",
    "entry_list",
    "entry_detail",
    "entry_attachment",
    "MAX_IMPORT_BYTES",
    "household_list",
    "MEETING_DUTY_REGIONS",
    "meeting_list",
    "meeting_detail",
    "CARE_CASES_SHOWN",
    "support_list",
    "care_visit",
]
