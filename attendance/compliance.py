"""Compliance selectors: days in the village against the county's policy, per cadre, team, township and
county, monthly and yearly, pro-rated by assigned days (convention 4, the rules module rounds), the
Zhumadian week (ZMD-WEEK). The living allowance from certified days moved to ``funding.allowance_selectors``.

The live selectors (``month_compliance``, ``year_compliance``) count AttendanceDay; the ``*_from_summary``
selectors and the county page (``county_month``, ``county_year``) read CadreMonthSummary, which every
write keeps current, and give the same rows. Thresholds come only from ``teams.rules``; a finding is
produced only by the policy's checks (``check_presence_month``, ``check_presence_year``, ``check_week``).

Counting (convention 3): a day counts when its status is ``in_village``. Leave and official business are
shown beside it and do not count toward the month or year minimum. Where a county counts official working
days only for JN-MONTH / ZMD-MONTH (20个工作日, ``month_count_working_days``), only in-village working days
count and the month's minimum is pro-rated by assigned working days (``_Judge.count_workdays``). QH-YEAR
names the team (驻村工作队每年驻村工作时间不少于200天): ``team_year_compliance`` judges each team, a cadre's own
year is shown beside it for information (``Row.reference``). For the week rule a day of approved
leave or official business excuses both the day and the night (the documents are silent; a week with
leave is not a week of unexcused absence).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncWeek
from django.utils import timezone

from core import params
from teams import rules
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import Cadre, Membership, PolicyOverride, Region, Team

from .models import AttendanceDay, AttendanceStatus, CadreMonthSummary
from .presence_services import (
    assigned_days,
    month_bounds,
    month_days_by_cadre,
    post_on,
    posts_for,
    workday_figures,
    working_days,
)

# What a row's result reads (pages, exports, the command); tests import these.
RESULT_OK = "达标"
RESULT_FAILING = "未达标"
RESULT_NONE = "无此要求"
# A cadre's own year where QH-YEAR judges the team (驻村工作队每年驻村工作时间不少于200天): shown, not judged.
RESULT_REFERENCE = "仅供参考"
IN_PROGRESS = {"month": "本月进行中", "year": "本年进行中"}
NOT_STARTED = {"month": "本月尚未开始", "year": "本年尚未开始"}
# Before a finding of a period in progress whose minimum is already out of reach.
UNREACHABLE_MSG = "尚未结束但已无法达标（尚可计入{possible}天）："


def progress_label(period: str, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    """``本月进行中`` and the like for a period that has not ended on ``today``; "" for one that has."""
    if end < today:
        return ""
    return (NOT_STARTED if today < start else IN_PROGRESS)[period]


@dataclass(slots=True)
class Row:
    """One cadre in one period (a month or a year).

    A period that has not ended on the day it is judged is *in progress*: the days so far are shown
    with ``still_possible`` (the assigned days with nothing entered yet, past or future), and the row is
    never compliant before the end. It fails early only when the minimum is out of reach even if every
    one of those days were spent in the village (or a week of ZMD-WEEK is over and failed)."""

    cadre_id: int
    id_number: str
    name: str
    county_id: int
    county: str
    township: str = ""
    team: str = ""
    unit: str = ""
    township_id: int = 0
    team_id: int = 0
    in_village: int = 0
    leave: int = 0
    business: int = 0
    absent: int = 0
    nights: int = 0
    entered: int = 0
    assigned_days: int = 0
    period_days: int = 0
    required: int | None = None
    findings: list[rules.Finding] = field(default_factory=list)
    week_findings: list[rules.Finding] = field(default_factory=list)
    period: str = "month"
    in_progress: bool = False
    not_started: bool = False
    still_possible: int = 0
    # Convention 3, where the county counts official working days only for JN-MONTH / ZMD-MONTH
    # (20个工作日, ``month_count_working_days``): the month is judged and pro-rated on these figures.
    workdays_only: bool = False
    workdays_in_village: int = 0
    assigned_workdays: int = 0
    period_workdays: int = 0
    # QH-YEAR names the team: a cadre's year is information beside the team's (``team_year_compliance``);
    # ``required`` is then the cadre's own pro-rated share, never a finding.
    reference: bool = False

    @property
    def prorated(self) -> bool:
        if self.workdays_only:
            return self.assigned_workdays != self.period_workdays
        return self.assigned_days != self.period_days

    @property
    def counted(self) -> int:
        """The days that count toward the month's minimum under the county's reading."""
        return self.workdays_in_village if self.workdays_only else self.in_village

    @property
    def compliant(self) -> bool | None:
        """True: met the minimum in a period that is over; False: failed (in progress: can no longer
        meet it, or failed a week); None: no requirement, or in progress and still open (``pending``),
        or a figure shown for information only (``reference``)."""
        if self.reference:
            return None
        if self.required is None and not self.week_findings:
            return None
        if self.findings or self.week_findings:
            return False
        return None if self.in_progress else True

    @property
    def pending(self) -> bool:
        """In progress, with a minimum that may still be met."""
        return (
            self.in_progress and self.required is not None and self.compliant is None and not self.reference
        )

    @property
    def result(self) -> str:
        if self.reference:
            return RESULT_REFERENCE
        if self.pending:
            return (NOT_STARTED if self.not_started else IN_PROGRESS)[self.period]
        return {True: RESULT_OK, False: RESULT_FAILING, None: RESULT_NONE}[self.compliant]

    @property
    def provisions(self) -> list[str]:
        return sorted({f.provision for f in (*self.findings, *self.week_findings)})

    def as_json(self) -> dict[str, Any]:
        return {
            "cadre_id": self.cadre_id,
            "id_number": self.id_number,
            "name": self.name,
            "county": self.county,
            "township": self.township,
            "team": self.team,
            "days_in_village": self.in_village,
            "leave": self.leave,
            "business": self.business,
            "absent": self.absent,
            "nights": self.nights,
            "assigned_days": self.assigned_days,
            "prorated": self.prorated,
            "required": self.required,
            "working_days_only": self.workdays_only,
            "working_days_in_village": self.workdays_in_village if self.workdays_only else None,
            "compliant": self.compliant,
            "in_progress": self.in_progress,
            "still_possible": self.still_possible if self.in_progress else None,
            "result": self.result,
            "provisions": self.provisions,
            "findings": [f.message for f in (*self.findings, *self.week_findings)],
        }


@dataclass
class Group:
    """A team, township or county: how many of its cadres met the minimum."""

    key: Any
    name: str
    cadres: int = 0
    compliant: int = 0
    failing: int = 0
    in_village: int = 0
    # Cadres of a period in progress who may still meet the minimum (``Row.pending``).
    in_progress: int = 0

    @property
    def rate(self) -> str:
        """No rate while anyone's period is still open: "100%" of the few already judged would mislead."""
        judged = self.compliant + self.failing
        return f"{self.compliant * 100 / judged:.1f}%" if judged and not self.in_progress else "—"


class Policies:
    """County policies for one call, each computed once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, datetime.date], rules.Policy | None] = {}
        self._plain: set[int] = set()

    def prime(self, county_ids: Iterable[int]) -> None:
        """One query for many counties: those without any PolicyOverride take the shipped policy as it
        is (what ``county_policy`` returns for them), so only counties with overrides cost a query each."""
        ids = set(county_ids)
        overridden = set(
            PolicyOverride.objects.filter(county_id__in=ids).values_list("county_id", flat=True).distinct()
        )
        self._plain = ids - overridden

    def get(self, county: Region, on: datetime.date) -> rules.Policy | None:
        key = (county.pk, on)
        if key not in self._cache:
            try:
                if county.pk in self._plain and county.level == "county":
                    self._cache[key] = rules.policy_for(county.policy_code, on)
                else:
                    self._cache[key] = county_policy(county, on)
            except LookupError:
                self._cache[key] = None
        return self._cache[key]


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Tens of thousands of small objects at once. The cyclic garbage collector would traverse them
    again and again while they are built (all of them stay alive), so it is paused; afterwards the new
    objects join the oldest generation (``freeze``/``unfreeze`` move them without a traversal) instead
    of being traversed once more by the first young collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


class _Judge:
    """The county's rules applied to many rows: one policy per county, the (pro-rated) minimum once per
    (county, assigned days), and the policy's check called for each row below its minimum (the checks
    find nothing at or above the minimum, nor where the policy sets none)."""

    def __init__(self, counties: dict[int, Region], on: datetime.date) -> None:
        self.policies = Policies()
        if len(counties) > 1:
            self.policies.prime(counties)
        self.counties = counties
        self.on = on
        self._policy: dict[int, rules.Policy | None] = {}
        self._required: dict[tuple[int, int], int | None] = {}
        self._findings: dict[tuple[int, int, int], list[rules.Finding]] = {}
        self._month_required: dict[tuple[int, int, int | None], int | None] = {}
        self._month_findings: dict[tuple[int, int, int, int | None], list[rules.Finding]] = {}

    def count_workdays(
        self, rows: Iterable[Row], posts: dict[int, list[Any]], start: datetime.date, end: datetime.date
    ) -> None:
        """Convention 3: for the rows of counties that count official working days only (JN-MONTH /
        ZMD-MONTH 20个工作日, the county's ``month_count_working_days``), their in-village working days,
        assigned working days and the month's working days (the county's calendar with 调休); the
        days still possible of a month in progress become the assigned working days not entered yet."""
        wanted = [
            r for r in rows if (p := self.policy(r.county_id)) is not None and p.month_counts_working_days
        ]
        if not wanted:
            return
        missing = [r.cadre_id for r in wanted if r.cadre_id not in posts]
        if missing:
            posts = {**posts, **posts_for(missing, start, end)}
        days = month_days_by_cadre([r.cadre_id for r in wanted], start, end)
        workdays: dict[int, set[datetime.date]] = {}
        for row in wanted:
            if row.county_id not in workdays:
                workdays[row.county_id] = working_days(self.counties[row.county_id], start, end)
            figures = workday_figures(
                workdays[row.county_id], posts.get(row.cadre_id, []), days[row.cadre_id]
            )
            row.workdays_only = True
            row.workdays_in_village = figures.in_village
            row.assigned_workdays = figures.assigned
            row.period_workdays = figures.period
            row.still_possible = figures.possible

    def policy(self, county_id: int) -> rules.Policy | None:
        try:
            return self._policy[county_id]
        except KeyError:
            found = self._policy[county_id] = self.policies.get(self.counties[county_id], self.on)
            return found

    def _progress(
        self, row: Row, start: datetime.date, today: datetime.date | None, possible: int | None
    ) -> None:
        """Marks a row whose period (``start``..``self.on``) has not ended on ``today``. The days still
        possible are the assigned days with nothing entered yet, unless the caller knows better."""
        if today is None or self.on < today:
            return
        row.in_progress = True
        row.not_started = today < start
        if row.workdays_only and row.period == "month":
            return  # ``count_workdays`` set the working days still possible
        row.still_possible = max(0, row.assigned_days - row.entered) if possible is None else possible

    def month(
        self,
        row: Row,
        year: int,
        month: int,
        today: datetime.date | None = None,
        *,
        possible: int | None = None,
    ) -> None:
        """JN-MONTH / ZMD-MONTH. With ``today`` no later than the month's end the month is in progress
        (``Row``): only a minimum that can no longer be reached is a finding. Without ``today`` the month
        is judged as over."""
        row.period = "month"
        self._progress(row, datetime.date(year, month, 1), today, possible)
        policy = self.policy(row.county_id)
        if policy is None:
            return
        # Convention 3: every day in the village (shipped), or the county's official working days only
        # (``count_workdays`` filled the row), for the count and for the pro-rating base alike.
        counted, assigned = row.counted, row.assigned_days
        period = row.period_workdays if row.workdays_only else None
        if row.workdays_only:
            assigned = row.assigned_workdays
        key = (row.county_id, assigned, period)
        if key not in self._month_required:
            self._month_required[key] = policy.min_days_in_month(year, month, assigned, period_days=period)
        row.required = required = self._month_required[key]
        if required is None or counted >= required:
            return
        if row.in_progress and counted + row.still_possible >= required:
            return
        found = (row.county_id, counted, assigned, period)
        if found not in self._month_findings:
            self._month_findings[found] = policy.check_presence_month(
                year, month, counted, assigned, period_days=period
            )
        row.findings = self._early(row, self._month_findings[found])

    def year(
        self, row: Row, year: int, today: datetime.date | None = None, *, possible: int | None = None
    ) -> None:
        """QH-YEAR where the policy sets a yearly minimum; a year in progress as a month (``month``)."""
        row.period = "year"
        self._progress(row, datetime.date(year, 1, 1), today, possible)
        policy = self.policy(row.county_id)
        if policy is None:
            return
        key = (row.county_id, row.assigned_days)
        if key not in self._required:
            self._required[key] = policy.min_days_in_year(year, row.assigned_days)
        row.required = required = self._required[key]
        if required is not None and policy.in_force("QH-YEAR") is not None:
            # QH-YEAR 驻村工作队每年驻村工作时间不少于200天 judges the team (``team_year_compliance``);
            # the cadre's own days and pro-rated share are shown beside it as information.
            row.reference = True
            return
        if required is None or row.in_village >= required:
            return
        if row.in_progress and row.in_village + row.still_possible >= required:
            return
        found = (row.county_id, row.in_village, row.assigned_days)
        if found not in self._findings:
            self._findings[found] = policy.check_presence_year(year, row.in_village, row.assigned_days)
        row.findings = self._early(row, self._findings[found])

    @staticmethod
    def _early(row: Row, findings: list[rules.Finding]) -> list[rules.Finding]:
        """The policy's findings, said to come before the period's end when it is in progress."""
        if not row.in_progress:
            return list(findings)
        label = UNREACHABLE_MSG.format(possible=row.still_possible)
        return [rules.Finding(f.provision, f.severity, label + f.message) for f in findings]


def parse_month(value: str | None, today: datetime.date | None = None) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); anything else → the current month (never an error). Pages check
    the month with ``params.parse_month`` instead, to say what was wrong."""
    today = today or timezone.localdate()
    try:
        found = params.parse_month(value)
    except ServiceError:
        found = None
    return found or (today.year, today.month)


def _memberships(
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
    ms = _memberships(scope, start, end).values_list(
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
    judge = _Judge(counties, end)
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
    judge = _Judge(counties, end)
    judge.count_workdays(rows.values(), posts, start, end)
    for row in rows.values():
        judge.month(row, year, month, today)
    return _sorted(rows.values()), WeekContext(posts, judge)


@dataclass(frozen=True)
class WeekContext:
    """The posts of a month's cadres and the county policies already read, for ``add_weeks``."""

    posts: dict[int, list[Any]]
    judge: _Judge


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
    judge: _Judge,
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
    judge = _Judge(counties, end)
    for row in rows.values():
        judge.year(row, year, today)
    return _sorted(rows.values())


@dataclass
class TeamYearRow:
    """One team's year under QH-YEAR (驻村工作队每年驻村工作时间不少于200天): a day counts for the team when a
    majority of the members serving that day were in the village (``Policy.team_day_counts``); the
    minimum is pro-rated by the days of the year on which the team had members serving (convention 4).
    ``members`` are the cadres' own years beside it, for information (``Row.reference``)."""

    team_id: int
    team: str
    township: str
    township_id: int
    county_id: int
    team_days: int = 0  # days of the year with at least one member serving
    period_days: int = 0
    days_in_village: int = 0  # days on which a majority of the serving members were in the village
    required: int | None = None
    findings: list[rules.Finding] = field(default_factory=list)
    in_progress: bool = False
    still_possible: int = 0
    members: list[Row] = field(default_factory=list)

    @property
    def prorated(self) -> bool:
        return self.team_days != self.period_days

    @property
    def compliant(self) -> bool | None:
        if self.required is None:
            return None
        if self.findings:
            return False
        return None if self.in_progress else True

    @property
    def result(self) -> str:
        if self.required is not None and self.in_progress and not self.findings:
            return IN_PROGRESS["year"]
        return {True: RESULT_OK, False: RESULT_FAILING, None: RESULT_NONE}[self.compliant]


def team_year_compliance(
    scope: QuerySet[Membership],
    year: int,
    *,
    today: datetime.date | None = None,
    members: Iterable[Row] = (),
) -> list[TeamYearRow]:
    """QH-YEAR per team, for the teams of ``scope`` (a scoped Membership queryset) in counties whose
    policy judges a team's year. Every member of such a team counts (the team's figure is the team's,
    whoever reads it); ``members`` (the cadre rows of ``year_compliance`` / ``county_year``) are
    attached to their team for information. A year not over on ``today`` is in progress: it fails early
    only when even every open day (a majority still possible among the members not entered) would not
    reach the minimum."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    period = (end - start).days + 1
    team_ids = set(_memberships(scope, start, end).values_list("team_id", flat=True))
    teams = (
        Team.objects.filter(pk__in=team_ids)
        .select_related("village__township")
        .order_by("village__township__name", "village__name")
    )
    counties = {r.pk: r for r in Region.objects.filter(pk__in={t.village.township.parent_pk for t in teams})}
    judge = _Judge(counties, end)
    found: dict[int, TeamYearRow] = {}
    for team in teams:
        county_id = team.village.township.parent_pk
        policy = judge.policy(county_id) if county_id is not None else None
        if county_id is None or policy is None or policy.in_force("QH-YEAR") is None:
            continue
        found[team.pk] = TeamYearRow(
            team_id=team.pk,
            team=f"{team.village.name}驻村工作队",
            township=team.village.township.name,
            township_id=team.village.township_id,
            county_id=county_id,
            period_days=period,
        )
    if not found:
        return []
    # Members serving on each day of the year, per team (all members, not only the scope's).
    serving: dict[int, list[int]] = {pk: [0] * period for pk in found}
    for team_id, m_start, m_end in _memberships(
        Membership.objects.filter(team_id__in=list(found)), start, end
    ).values_list("team_id", "start", "end"):
        lo, hi = max(start, m_start), min(end, m_end or end)
        counts = serving[team_id]
        for i in range((lo - start).days, (hi - start).days + 1):
            counts[i] += 1
    present: dict[int, dict[int, tuple[int, int]]] = {pk: {} for pk in found}
    for team_id, day, n_in, n_entered in (
        AttendanceDay.objects.filter(team_id__in=list(found), date__range=(start, end))
        .values_list("team_id", "date")
        .annotate(
            n_in=Count("cadre_id", filter=Q(status=AttendanceStatus.IN_VILLAGE)), n_entered=Count("cadre_id")
        )
        .order_by()
    ):
        present[team_id][(day - start).days] = (n_in, n_entered)
    in_progress = end >= today
    for team_id, row in found.items():
        policy = judge.policy(row.county_id)
        assert policy is not None
        counts = serving[team_id]
        days = present[team_id]
        for i, n_serving in enumerate(counts):
            if n_serving == 0:
                continue
            row.team_days += 1
            n_in, n_entered = days.get(i, (0, 0))
            if policy.team_day_counts(n_in, n_serving):
                row.days_in_village += 1
            elif in_progress and policy.team_day_counts(n_in + max(0, n_serving - n_entered), n_serving):
                row.still_possible += 1
        row.in_progress = in_progress
        row.required = policy.min_days_in_year(year, row.team_days)
        if row.required is None or row.days_in_village >= row.required:
            continue
        if in_progress and row.days_in_village + row.still_possible >= row.required:
            continue
        findings = policy.check_team_presence_year(year, row.days_in_village, row.team_days)
        if in_progress:
            label = UNREACHABLE_MSG.format(possible=row.still_possible)
            findings = [rules.Finding(f.provision, f.severity, label + f.message) for f in findings]
        row.findings = findings
    for member in members:
        team_row = found.get(member.team_id)
        if team_row is not None:
            team_row.members.append(member)
    return list(found.values())


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
    judge = _Judge(counties, end)
    for row in rows.values():
        judge.year(row, year, today)
    return _sorted(rows.values())


def year_from_summary(
    year: int, county: Region | None = None, *, today: datetime.date | None = None
) -> list[Row]:
    """The year per cadre from CadreMonthSummary, for the whole province (or one county): the months are
    summed per cadre in the database (GROUP BY cadre), then the rules are applied per cadre (``_Judge``).
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
    with _bulk(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
        counties = {r.pk: r for r in Region.objects.filter(pk__in={f[3] for f in fetched})}
        names = {pk: r.name for pk, r in counties.items()}
        judge = _Judge(counties, end)
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
    (``_Judge``). Without ``today`` the month is judged as over, as the summary's ``compliant`` is;
    with it, a month not over is in progress."""
    qs = CadreMonthSummary.objects.filter(year=year, month=month)
    if county is not None:
        qs = qs.filter(county=county)
    end = month_bounds(year, month)[1]
    rows: list[Row] = []
    with _bulk():
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
        judge = _Judge(counties, end)
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


def groups(rows: Iterable[Row], by: str) -> list[Group]:
    """Aggregate rows by ``team``, ``township`` or ``county``."""
    found: dict[str, Group] = {}
    for row in rows:
        name = getattr(row, by)
        g = found.setdefault(name, Group(name, name))
        g.cadres += 1
        g.in_village += row.in_village
        if row.compliant is True:
            g.compliant += 1
        elif row.compliant is False:
            g.failing += 1
        elif row.pending:
            g.in_progress += 1
    return sorted(found.values(), key=lambda g: g.name)


def county_cadres(user: Any, county: Region | None) -> QuerySet[Membership]:
    scope = Membership.objects.for_user(user)
    if county is not None:
        scope = scope.filter(team__village__township__parent=county)
    return scope


__all__ = [
    "Cadre",
    "Group",
    "Row",
    "TeamYearRow",
    "WeekContext",
    "add_weeks",
    "county_cadres",
    "county_month",
    "county_year",
    "groups",
    "month_compliance",
    "month_from_summary",
    "parse_month",
    "progress_label",
    "province_month",
    "team_year_compliance",
    "year_compliance",
    "year_from_summary",
]
