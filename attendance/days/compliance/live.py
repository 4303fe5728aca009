"""Compliance per cadre for a scope of memberships: live from AttendanceDay (``month_compliance``,
``year_compliance``) or from CadreMonthSummary for the county page (``county_month``, ``county_year``),
which every write keeps current and which give the same rows; pro-rated by assigned days (convention 4,
the rules module rounds), with the Zhumadian week (ZMD-WEEK). For the week rule a day of approved leave
or official business excuses both the day and the night (the documents are silent; a week with leave is
not a week of unexcused absence).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from teams import rules
from teams.models import Membership, Region

from ...models import AttendanceDay, AttendanceStatus, CadreMonthSummary
from ..months import assigned_days, month_bounds, post_on, posts_for
from .judge import Judge, Row


def memberships_in(
    scope: QuerySet[Membership], start: datetime.date, end: datetime.date
) -> QuerySet[Membership]:
    return scope.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))


def _base_rows(
    scope: QuerySet[Membership], start: datetime.date, end: datetime.date
) -> tuple[dict[int, Row], dict[int, list[Any]], dict[int, Region]]:
    """Rows for every cadre serving in ``scope`` at some time in [start, end], their posts in the period
    (as ``posts_for``: enough to count assigned days and to tell whether a day is covered) and counties.

    A cadre with a membership in scope covering the whole period is assigned on every day whatever
    else it held, so only the others' memberships are read again (``posts_for``)."""
    ms = memberships_in(scope, start, end).values_list(
        "cadre_id",
        "cadre__id_number",
        "cadre__name",
        "team__village__township__parent_id",
        "team__village__township_id",
        "team__village__township__name",
        "team_id",
        "team__village__name",
        "dispatching_unit__name",
        "start",
        "end",
    )
    rows: dict[int, Row] = {}
    covering: dict[int, list[Any]] = {}
    county_ids: set[int] = set()
    period_days = (end - start).days + 1
    for (
        cadre_id,
        id_number,
        name,
        county_id,
        township_id,
        township,
        team_id,
        village,
        unit,
        m_start,
        m_end,
    ) in sorted(ms, key=lambda r: r[9]):
        assert county_id is not None  # a team's village lies in a township of a county
        county_ids.add(county_id)
        # The latest membership in the period names the team.
        rows[cadre_id] = Row(
            cadre_id=cadre_id,
            id_number=id_number,
            name=name,
            county_id=county_id,
            county="",
            township=township,
            team=f"{village}驻村工作队",
            unit=unit,
            township_id=township_id,
            team_id=team_id,
            period_days=period_days,
        )
        if m_start <= start and (m_end is None or m_end >= end):
            covering.setdefault(cadre_id, []).append((m_start, m_end, team_id, township_id, county_id))
    counties = {r.pk: r for r in Region.objects.filter(pk__in=county_ids)}
    for row in rows.values():
        row.county = counties[row.county_id].name
    posts = posts_for([c for c in rows if c not in covering], start, end) if len(covering) < len(rows) else {}
    posts.update(covering)
    for cadre_id, row in rows.items():
        row.assigned_days = assigned_days(posts.get(cadre_id, []), start, end)
    return rows, posts, counties


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.county, r.township, r.team, r.name))


def _count_days(rows: dict[int, Row], start: datetime.date, end: datetime.date) -> None:
    counts = (
        AttendanceDay.objects.filter(cadre_id__in=list(rows), date__range=(start, end))
        .values_list("cadre_id", "status")
        .annotate(n=Count("date"), nights=Count("date", filter=Q(night_in_village=True)))
        .order_by()
    )
    for cadre_id, status, n, nights in counts:
        row = rows[cadre_id]
        if status == AttendanceStatus.IN_VILLAGE:
            row.in_village += n
        elif status == AttendanceStatus.LEAVE:
            row.leave += n
        elif status == AttendanceStatus.BUSINESS:
            row.business += n
        else:
            row.absent += n
        row.nights += nights
        row.entered += n


def month_compliance(
    scope: QuerySet[Membership],
    year: int,
    month: int,
    *,
    today: datetime.date | None = None,
    weeks: bool = True,
) -> list[Row]:
    """Live: each cadre serving in ``scope`` (a scoped Membership queryset) during the month."""
    today = today or timezone.localdate()
    start, end = month_bounds(year, month)
    rows, posts, counties = _base_rows(scope, start, end)
    _count_days(rows, start, end)
    judge = Judge(counties, end)
    judge.count_workdays(rows.values(), posts, start, end)
    for row in rows.values():
        judge.month(row, year, month, today)
    if weeks:
        _weeks(rows, posts, judge, start, end, today)
    return _sorted(rows.values())


# The figures of a month in CadreMonthSummary, in Row's order.
_SUMMARY_FIGURES = ("in_village", "leave", "business", "absent", "nights")


def county_month(
    scope: QuerySet[Membership],
    summaries: QuerySet[CadreMonthSummary],
    year: int,
    month: int,
    *,
    county: Region | None = None,
    today: datetime.date | None = None,
) -> tuple[list[Row], WeekContext]:
    """The same rows as ``month_compliance(..., weeks=False)`` with the figures from CadreMonthSummary:
    the cadres serving in ``scope`` during the month, their figures read in one indexed query for the
    county (``summaries`` is the user's scoped summary queryset). A cadre whose month is summarised under
    another county (moved away before the month's end) is read by id, as the live count reads days by
    id; a cadre with no summary row has nothing entered. Assigned days come from the memberships (as
    live), so a membership changed after the days were entered is still pro-rated correctly.

    Returns the rows (sorted) and what ``add_weeks`` needs for them.
    """
    today = today or timezone.localdate()
    start, end = month_bounds(year, month)
    rows, posts, counties = _base_rows(scope, start, end)
    wanted = summaries.filter(year=year, month=month)
    figures = ("cadre_id", *_SUMMARY_FIGURES)
    found = dict.fromkeys(rows, None)
    read = wanted.filter(county=county) if county is not None else wanted.filter(cadre_id__in=list(rows))
    for values in read.values_list(*figures):
        if values[0] in found:
            found[values[0]] = values
    missing = [cadre_id for cadre_id, values in found.items() if values is None]
    if missing and county is not None:
        # Only cadres of the scoped rows, by id (as the live path reads their days).
        for values in CadreMonthSummary.objects.filter(
            cadre_id__in=missing, year=year, month=month
        ).values_list(*figures):
            found[values[0]] = values
    for cadre_id, values in found.items():
        if values is not None:
            row = rows[cadre_id]
            _, row.in_village, row.leave, row.business, row.absent, row.nights = values
            row.entered = row.in_village + row.leave + row.business + row.absent
    judge = Judge(counties, end)
    judge.count_workdays(rows.values(), posts, start, end)
    for row in rows.values():
        judge.month(row, year, month, today)
    return _sorted(rows.values()), WeekContext(posts, judge)


@dataclass(frozen=True)
class WeekContext:
    """The posts of a month's cadres and the county policies already read, for ``add_weeks``."""

    posts: dict[int, list[Any]]
    judge: Judge


def add_weeks(
    rows: list[Row], context: WeekContext, year: int, month: int, *, today: datetime.date | None = None
) -> None:
    """ZMD-WEEK for just these rows (e.g. the page shown), as ``month_compliance`` does for all."""
    if not rows:
        return
    today = today or timezone.localdate()
    start, end = month_bounds(year, month)
    _weeks({row.cadre_id: row for row in rows}, context.posts, context.judge, start, end, today)


def _weeks(
    rows: dict[int, Row],
    posts: dict[int, list[Any]],
    judge: Judge,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> None:
    """ZMD-WEEK over the weeks (Monday to Sunday) that begin in the month and are over, for cadres
    assigned on all seven days. Days and nights are counted per cadre and week in the database."""
    week_ids = [
        r.cadre_id
        for r in rows.values()
        if (p := judge.policy(r.county_id)) is not None and p.in_force("ZMD-WEEK") is not None
    ]
    if not week_ids:
        return
    first_monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    mondays = []
    monday = first_monday
    while monday <= end and monday + datetime.timedelta(days=6) < today:
        mondays.append(monday)
        monday += datetime.timedelta(days=7)
    if not mondays:
        return
    last_sunday = mondays[-1] + datetime.timedelta(days=6)
    excused = [AttendanceStatus.LEAVE, AttendanceStatus.BUSINESS]
    counted: dict[tuple[int, datetime.date], tuple[int, int]] = {}
    for cadre_id, week, n_days, n_nights in (
        AttendanceDay.objects.filter(cadre_id__in=week_ids, date__range=(first_monday, last_sunday))
        .annotate(week=TruncWeek("date"))
        .values_list("cadre_id", "week")
        .annotate(
            # A day of leave or official business excuses both the day and the night.
            n_days=Count("date", filter=Q(status=AttendanceStatus.IN_VILLAGE) | Q(status__in=excused)),
            n_nights=Count("date", filter=Q(night_in_village=True) | Q(status__in=excused)),
        )
        .order_by()
    ):
        if isinstance(week, datetime.datetime):
            week = week.date()
        counted[(cadre_id, week)] = (n_days, n_nights)
    # Cadres whose posts were read for the month only: a week running into the next month needs those.
    week_posts = posts if last_sunday <= end else posts_for(week_ids, first_monday, last_sunday)
    for cadre_id in week_ids:
        row = rows[cadre_id]
        policy = judge.policy(row.county_id)
        assert policy is not None
        mine = week_posts.get(cadre_id, [])
        for monday in mondays:
            week = [monday + datetime.timedelta(days=i) for i in range(7)]
            if any(post_on(mine, d) is None for d in week):
                continue
            n_days, n_nights = counted.get((cadre_id, monday), (0, 0))
            for finding in policy.check_week(n_days, n_nights):
                label = f"{monday:%m月%d日}起的一周："
                row.week_findings.append(
                    rules.Finding(finding.provision, finding.severity, label + finding.message)
                )


def year_compliance(
    scope: QuerySet[Membership], year: int, *, today: datetime.date | None = None
) -> list[Row]:
    """Live: each cadre's year (QH-YEAR where the policy sets a yearly minimum; the months otherwise);
    a year not over on ``today`` is in progress (``Row``)."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows, _, counties = _base_rows(scope, start, end)
    _count_days(rows, start, end)
    judge = Judge(counties, end)
    for row in rows.values():
        judge.year(row, year, today)
    return _sorted(rows.values())


def county_year(scope: QuerySet[Membership], year: int, *, today: datetime.date | None = None) -> list[Row]:
    """The same rows as ``year_compliance`` with the figures summed from CadreMonthSummary (the cadres'
    twelve months, read by id through the unique (cadre, year, month) index)."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows, _, counties = _base_rows(scope, start, end)
    sums = (
        CadreMonthSummary.objects.filter(cadre_id__in=list(rows), year=year)
        .values_list("cadre_id")
        .annotate(*(Sum(f) for f in _SUMMARY_FIGURES))
        .order_by()
    )
    for cadre_id, *values in sums:
        row = rows[cadre_id]
        row.in_village, row.leave, row.business, row.absent, row.nights = values
        row.entered = row.in_village + row.leave + row.business + row.absent
    judge = Judge(counties, end)
    for row in rows.values():
        judge.year(row, year, today)
    return _sorted(rows.values())
