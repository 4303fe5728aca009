"""A check every work log write shares."""

from __future__ import annotations

import datetime

from worklog import errors
from worklog.errors import WorklogError


def _not_future(day: datetime.date, today: datetime.date, field: str = "date") -> None:
    if day > today:
        raise WorklogError(errors.FUTURE_DATE, errors.FUTURE_DATE_MSG.format(today=today.isoformat()), field)
