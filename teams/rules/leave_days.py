"""Convention 2 (PROVISIONS.md): a leave's length is counted in calendar days, start and end inclusive,
half days allowed; a county may switch to counting only working days.

Plain Python like the rest of the package. The one place that walks a leave's dates: the day count of a
request and the leave days attendance shows both read it. Which days are working days is the caller's
(the county's own work calendar), passed in as a predicate.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

HALF_DAY = Decimal("0.5")
ONE_DAY = Decimal(1)


def leave_day_shares(
    *,
    start: datetime.date,
    end: datetime.date,
    half_day_start: bool,
    half_day_end: bool,
    counts: Callable[[datetime.date], bool] | None = None,
) -> Iterator[tuple[datetime.date, Decimal]]:
    """Each date of [start, end] that counts, with the part of it taken: 1, or half a day less for a
    first day taken from the afternoon (``half_day_start``) and for a last day ending at noon
    (``half_day_end``). ``counts`` leaves out the dates it refuses (working days only); without it every
    calendar date counts."""
    day = start
    while day <= end:
        if counts is None or counts(day):
            share = ONE_DAY
            if day == start and half_day_start:
                share -= HALF_DAY
            if day == end and half_day_end:
                share -= HALF_DAY
            yield day, share
        day += datetime.timedelta(days=1)


def leave_day_count(
    *,
    start: datetime.date,
    end: datetime.date,
    half_day_start: bool,
    half_day_end: bool,
    counts: Callable[[datetime.date], bool] | None = None,
) -> Decimal:
    """The leave's length: the sum of ``leave_day_shares``."""
    shares = leave_day_shares(
        start=start, end=end, half_day_start=half_day_start, half_day_end=half_day_end, counts=counts
    )
    return sum((share for _, share in shares), Decimal(0))
