"""A month as the attendance rules count it: its bounds, China's official working days with the county's
own changes (调休, extra holidays), the posts a cadre held in it and the working-day figures of
convention 3. Reads only; the services, the summary and the compliance judging all count through here.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import chinese_calendar
from django.db.models import Q

from teams.errors import ServiceError
from teams.models import Membership, Region

from ..models import AttendanceDay, AttendanceStatus, WorkCalendarDay
from .errors import CALENDAR_UNKNOWN, CALENDAR_UNKNOWN_MSG


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def working_days(county: Region, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """China's official working days in [start, end] (with 调休), changed by the county's own table.

    A year the chinesecalendar package does not cover is refused loudly (ServiceError) unless the
    county registered every day of it… which it cannot sensibly do, so it is simply refused.
    """

    extra = dict(
        WorkCalendarDay.objects.filter(county=county, date__range=(start, end)).values_list("date", "kind")
    )
    found: set[datetime.date] = set()
    day = start
    while day <= end:
        kind = extra.get(day)
        if kind == WorkCalendarDay.Kind.WORKDAY:
            found.add(day)
        elif kind != WorkCalendarDay.Kind.HOLIDAY:
            try:
                if chinese_calendar.is_workday(day):
                    found.add(day)
            except NotImplementedError:
                raise ServiceError(
                    CALENDAR_UNKNOWN,
                    CALENDAR_UNKNOWN_MSG.format(
                        version=getattr(chinese_calendar, "__version__", ""), year=day.year
                    ),
                ) from None
        day += datetime.timedelta(days=1)
    return found


# --- where a cadre served on a day -------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    team_id: int
    township_id: int
    county_id: int


def posts_for(cadre_ids: Iterable[int], start: datetime.date, end: datetime.date) -> dict[int, list[Any]]:
    """Each cadre's memberships overlapping [start, end] with team, township and county ids."""
    rows = (
        Membership.objects.filter(cadre_id__in=list(cadre_ids), start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list(
            "cadre_id",
            "start",
            "end",
            "team_id",
            "team__village__township_id",
            "team__village__township__parent_id",
        )
        .order_by("cadre_id", "start")
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row[1:])
    return found


def post_on(posts: list[Any], day: datetime.date) -> Post | None:
    for start, end, team, township, county in posts:
        if start <= day and (end is None or end >= day):
            return Post(team, township, county)
    return None


def assigned_days(posts: list[Any], start: datetime.date, end: datetime.date) -> int:
    days: set[int] = set()
    for m_start, m_end, *_ in posts:
        lo, hi = max(start, m_start), min(end, m_end or end)
        days.update(range(lo.toordinal(), hi.toordinal() + 1))
    return len(days)


@dataclass(frozen=True)
class WorkdayFigures:
    """A cadre's month counted in official working days only (convention 3, the county's choice for
    JN-MONTH 每月在村工作时间不少于20个工作日 / ZMD-MONTH 每月在岗不少于20个工作日)."""

    in_village: int  # working days with status in_village
    assigned: int  # working days on which the cadre held a post
    period: int  # the month's working days (the pro-rating base)
    possible: int  # assigned working days with nothing entered yet


def workday_figures(
    workdays: set[datetime.date], posts: list[Any], days: Iterable[tuple[datetime.date, str]]
) -> WorkdayFigures:
    """``workdays`` of the month (``working_days``), the cadre's ``posts`` and its (date, status) days."""
    assigned = {d for d in workdays if post_on(posts, d) is not None}
    entered: set[datetime.date] = set()
    in_village = 0
    for day, status in days:
        entered.add(day)
        if status == AttendanceStatus.IN_VILLAGE and day in workdays:
            in_village += 1
    return WorkdayFigures(in_village, len(assigned), len(workdays), len(assigned - entered))


def month_days_by_cadre(
    cadre_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[int, list[tuple[datetime.date, str]]]:
    """Each cadre's (date, status) attendance days in [first, last]."""
    found: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for cadre_id, day, status in AttendanceDay.objects.filter(
        cadre_id__in=list(cadre_ids), date__range=(first, last)
    ).values_list("cadre_id", "date", "status"):
        found[cadre_id].append((day, status))
    return found
