"""The teams app's items of the home page's work list (core.worklist): under ZMD-CHANGE the bureau keeps
the ledger of member changes, so the changes of the year filed late or not at all (``changes.change_rows``,
the ledger page's rows) are its to follow up."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import Office
from core.worklist import Urgency, WorkItem, link

from . import changes
from .county_policy import counties_for_user, county_policy

# ZMD-CHANGE: changes are filed with the county organisation department and the bureau; the bureau keeps
# the ledger (DESIGN: daily management under Zhumadian).
LEDGER_OFFICES = (Office.COUNTY_RURAL_BUREAU,)


def work_items(user: Any, today: datetime.date) -> list[WorkItem]:
    if user.office not in LEDGER_OFFICES:
        return []
    items = []
    start = today.replace(month=1, day=1)
    for county in counties_for_user(user).order_by("code"):
        if county_policy(county, today).in_force(changes.CHANGE_PROVISION) is None:
            continue
        late = [
            r for r in changes.change_rows(user, county, start=start, end=today, today=today) if r.findings
        ]
        if late:
            query = {"county": county.pk, "start": start.isoformat(), "end": today.isoformat(), "late": 1}
            items.append(
                WorkItem(
                    f"teams.changes_late_{county.pk}",
                    f"{county.name}队员调整逾期备案",
                    link("teams:change_list", **query),
                    Urgency.OVERDUE,
                    len(late),
                    provision=changes.CHANGE_PROVISION,
                )
            )
    return items
