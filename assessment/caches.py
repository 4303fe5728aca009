"""What invalidates the duties calendar's counts kept across requests for the home page's work list
(issue 15, core/caching.py, ``worklist.duty_items``): the calendar counts reports and targets (assessment)
and meetings, household visits, link visits and support visits (worklog), so any save or delete of a row of
either app — and any change of a work-log entry's households or a meeting's attendees — bumps the
"duty-facts" generation. The roster, the regions and the counties' policies have their own (teams/caches.py).
Connected when the app is ready (apps.py)."""

from __future__ import annotations

from core.caching import bump_on_writes

DUTY_FACTS_GENERATION = "duty-facts"


def connect() -> None:
    bump_on_writes(DUTY_FACTS_GENERATION, "assessment", "worklog")
