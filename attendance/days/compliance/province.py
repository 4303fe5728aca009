"""Province-wide (or one county's) figures read from CadreMonthSummary: the year or the month per cadre,
and the counties side by side (``province_month``), the rules applied per cadre (``Judge``)."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, F, IntegerField, Max, Q, Sum, Value

from teams.models import Cadre, Region

from ...models import CadreMonthSummary
from ..months import month_bounds
from .judge import Group, Judge, Row, bulk


def year_from_summary(
    year: int, county: Region | None = None, *, today: datetime.date | None = None
) -> list[Row]:
    """The year per cadre from CadreMonthSummary, for the whole province (or one county): the months are
    summed per cadre in the database (GROUP BY cadre), then the rules are applied per cadre (``Judge``).
    The cadre's county is the highest county id among its months; assigned days are the summary's.

    Without ``today`` the year is judged as over. With it, a year not over is in progress; the months
    not summarised yet are unknown here, so every day of the year with nothing entered counts as still
    possible (a minimum is called out of reach only when it surely is)."""
    qs = CadreMonthSummary.objects.filter(year=year)
    if county is not None:
        qs = qs.filter(county=county)
    sums = (
        qs.values("cadre_id")
        .annotate(
            s_in=Sum("in_village"),
            s_leave=Sum("leave"),
            s_business=Sum("business"),
            s_absent=Sum("absent"),
            s_nights=Sum("nights"),
            s_assigned=Sum("assigned_days"),
            s_county=Max("county_id"),
        )
        .order_by()
    )
    inner, params = sums.query.sql_with_params()
    cadres = Cadre._meta.db_table
    # Names are joined after the grouping: the GROUP BY stays on the summary's own columns.
    sql = (
        f"SELECT s.cadre_id, c.id_number, c.name, s.s_county, s.s_in, s.s_leave, s.s_business, s.s_absent, "
        f"s.s_nights, s.s_assigned FROM ({inner}) s JOIN {cadres} c ON c.id = s.cadre_id"
    )
    period = 366 if calendar.isleap(year) else 365
    end = datetime.date(year, 12, 31)
    rows: list[Row] = []
    with bulk(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
        counties = {r.pk: r for r in Region.objects.filter(pk__in={f[3] for f in fetched})}
        names = {pk: r.name for pk, r in counties.items()}
        judge = Judge(counties, end)
        for (
            cadre_id,
            id_number,
            name,
            county_id,
            in_village,
            leave,
            business,
            absent,
            nights,
            assigned,
        ) in fetched:
            row = Row(
                cadre_id=cadre_id,
                id_number=id_number,
                name=name,
                county_id=county_id,
                county=names[county_id],
                in_village=in_village,
                leave=leave,
                business=business,
                absent=absent,
                nights=nights,
                entered=in_village + leave + business + absent,
                assigned_days=assigned,
                period_days=period,
            )
            judge.year(row, year, today, possible=max(0, period - row.entered))
            rows.append(row)
    return rows


def month_from_summary(
    year: int, month: int, county: Region | None = None, *, today: datetime.date | None = None
) -> list[Row]:
    """Month rows for the province (or one county) from CadreMonthSummary, the rules applied per cadre
    (``Judge``). Without ``today`` the month is judged as over, as the summary's ``compliant`` is;
    with it, a month not over is in progress."""
    qs = CadreMonthSummary.objects.filter(year=year, month=month)
    if county is not None:
        qs = qs.filter(county=county)
    end = month_bounds(year, month)[1]
    rows: list[Row] = []
    with bulk():
        fetched = list(
            qs.values_list(
                "cadre_id",
                "cadre__id_number",
                "cadre__name",
                "county_id",
                "county__name",
                "township_id",
                "township__name",
                "team_id",
                "team__village__name",
                "in_village",
                "leave",
                "business",
                "absent",
                "nights",
                "assigned_days",
            ).order_by("county_id", "township__name", "team__village__name", "cadre__name")
        )
        counties = {r.pk: r for r in Region.objects.filter(pk__in={f[3] for f in fetched})}
        judge = Judge(counties, end)
        for s in fetched:
            row = Row(
                cadre_id=s[0],
                id_number=s[1],
                name=s[2],
                county_id=s[3],
                county=s[4],
                township_id=s[5],
                township=s[6],
                team_id=s[7],
                team=f"{s[8]}驻村工作队",
                in_village=s[9],
                leave=s[10],
                business=s[11],
                absent=s[12],
                nights=s[13],
                entered=s[9] + s[10] + s[11] + s[12],
                assigned_days=s[14],
                period_days=end.day,
            )
            rows.append(row)
        # Only counties that count working days only are read again (convention 3).
        judge.count_workdays(rows, {}, month_bounds(year, month)[0], end)
        for row in rows:
            judge.month(row, year, month, today)
    return rows


def province_month(
    year: int, month: int, region: Region | None = None, *, today: datetime.date | None = None
) -> list[Group]:
    """Per county: cadres, compliant, failing, days in the village — one grouped read of the summary.

    The summary's ``compliant`` says whether the days entered so far reach the minimum. With ``today``
    inside the month (or before it) nobody is compliant yet: a cadre fails only when the minimum is out
    of reach (the assigned days not spent on leave, business or absent are fewer than required), the
    others are in progress — as ``Row`` judges them."""
    qs = CadreMonthSummary.objects.filter(year=year, month=month)
    if region is not None:
        qs = qs.filter(county__path__startswith=region.path)
    none: Any = Value(0, output_field=IntegerField())
    if today is not None and month_bounds(year, month)[1] >= today:
        out_of_reach = Q(assigned_days__lt=F("required") + F("leave") + F("business") + F("absent"))
        ok = none
        failing = Count("cadre_id", filter=Q(required__isnull=False) & out_of_reach)
        pending = Count("cadre_id", filter=Q(required__isnull=False) & ~out_of_reach)
    else:
        ok = Count("cadre_id", filter=Q(compliant=True))
        failing = Count("cadre_id", filter=Q(compliant=False))
        pending = none
    grouped = (
        qs.values("county_id", "county__name")
        .annotate(cadres=Count("cadre_id"), ok=ok, failing=failing, pending=pending, days=Sum("in_village"))
        .order_by("county__name")
    )
    return [
        Group(
            g["county_id"],
            g["county__name"],
            g["cadres"],
            g["ok"],
            g["failing"],
            g["days"] or 0,
            in_progress=g["pending"],
        )
        for g in grouped
    ]
