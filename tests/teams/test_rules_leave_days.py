"""Convention 2: a leave's dates and their shares, half days included (teams.rules.leave_days, no Django)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teams.rules.leave_days import leave_day_count, leave_day_shares

MON = datetime.date(2026, 11, 23)


def d(offset: int) -> datetime.date:
    return MON + datetime.timedelta(days=offset)


def weekday(day: datetime.date) -> bool:
    return day.weekday() < 5


@pytest.mark.parametrize(
    ("start", "end", "half_start", "half_end", "days"),
    [
        (0, 0, False, False, "1"),
        (0, 0, True, False, "0.5"),
        (0, 0, False, True, "0.5"),
        (0, 2, False, False, "3"),
        (0, 3, True, False, "3.5"),
        (0, 3, False, False, "4"),
        (0, 7, True, True, "7"),
        (0, 7, True, False, "7.5"),
        (0, 7, False, False, "8"),
    ],
)
def test_calendar_days_with_half_days(
    start: int, end: int, half_start: bool, half_end: bool, days: str
) -> None:
    count = leave_day_count(start=d(start), end=d(end), half_day_start=half_start, half_day_end=half_end)
    assert count == Decimal(days)


def test_each_date_carries_its_share() -> None:
    shares = dict(leave_day_shares(start=d(0), end=d(2), half_day_start=True, half_day_end=True))
    assert shares == {d(0): Decimal("0.5"), d(1): Decimal(1), d(2): Decimal("0.5")}


def test_working_days_only_leaves_out_the_days_the_predicate_refuses() -> None:
    # Friday afternoon to Monday noon: the weekend does not count, the half days still do.
    shares = dict(
        leave_day_shares(start=d(4), end=d(7), half_day_start=True, half_day_end=True, counts=weekday)
    )
    assert shares == {d(4): Decimal("0.5"), d(7): Decimal("0.5")}
    assert leave_day_count(start=d(4), end=d(7), half_day_start=True, half_day_end=True, counts=weekday) == 1


def test_a_half_first_day_that_does_not_count_takes_nothing() -> None:
    # Saturday afternoon to Tuesday: Monday and Tuesday.
    count = leave_day_count(start=d(5), end=d(8), half_day_start=True, half_day_end=False, counts=weekday)
    assert count == 2
