"""Compliance selectors: days in the village against the county's policy, per cadre, team, township and
county, monthly and yearly, pro-rated by assigned days (convention 4, the rules module rounds), the
Zhumadian week (ZMD-WEEK), and the living allowance from certified days (QH10-ALLOWANCE).

A county's figures are computed live from AttendanceDay; province-wide figures come from
CadreMonthSummary, which every write keeps current. Thresholds come only from ``teams.rules``.

Counting (convention 3): a day counts when its status is ``in_village``. Leave and official business are
shown beside it and do not count toward the month or year minimum. For the week rule a day of approved
leave or official business excuses both the day and the night (the documents are silent; a week with
leave is not a week of unexcused absence).
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from teams import rules
from teams.models import Cadre, Membership, Region
from teams.policies import county_policy

from .presence import AttendanceDay, AttendanceStatus, CadreMonthSummary, MonthCertification
from .presence_services import assigned_days, month_bounds, post_on, posts_for


@dataclass
class Row:
    """One cadre in one period (a month or a year)."""

    cadre_id: int
    id_number: str
    name: str
    county_id: int
    county: str
    township: str = ""
    team: str = ""
    unit: str = ""
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

    @property
    def prorated(self) -> bool:
        return self.assigned_days != self.period_days

    @property
    def compliant(self) -> bool | None:
        if self.required is None and not self.week_findings:
            return None
        return not self.findings and not self.week_findings

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
            "compliant": self.compliant,
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

    @property
    def rate(self) -> str:
        judged = self.compliant + self.failing
        return f"{self.compliant * 100 / judged:.1f}%" if judged else "—"


class Policies:
    def __init__(self) -> None:
        self._cache: dict[tuple[int, datetime.date], rules.Policy | None] = {}

    def get(self, county: Region, on: datetime.date) -> rules.Policy | None:
        key = (county.pk, on)
        if key not in self._cache:
            try:
                self._cache[key] = county_policy(county, on)
            except LookupError:
                self._cache[key] = None
        return self._cache[key]


def parse_month(value: str | None, today: datetime.date | None = None) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); anything else → the current month (never an error)."""
    today = today or timezone.localdate()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        datetime.date(year, month, 1)
        if 2000 <= year <= 2100:
            return year, month
    except (ValueError, TypeError):
        pass
    return today.year, today.month


def _memberships(
    scope: QuerySet[Membership], start: datetime.date, end: datetime.date
) -> QuerySet[Membership]:
    return scope.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))


def _base_rows(
    scope: QuerySet[Membership], start: datetime.date, end: datetime.date
) -> tuple[dict[int, Row], dict[int, list[Any]], dict[int, Region]]:
    """Rows for every cadre serving in ``scope`` at some time in [start, end]."""
    ms = _memberships(scope, start, end).values_list(
        "cadre_id",
        "cadre__id_number",
        "cadre__name",
        "team__village__township__parent_id",
        "team__village__township__name",
        "team__village__name",
        "dispatching_unit__name",
        "start",
    )
    rows: dict[int, Row] = {}
    county_ids: set[int] = set()
    for cadre_id, id_number, name, county_id, township, village, unit, _start in sorted(
        ms, key=lambda r: r[7]
    ):
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
            period_days=(end - start).days + 1,
        )
    counties = {r.pk: r for r in Region.objects.filter(pk__in=county_ids)}
    for row in rows.values():
        row.county = counties[row.county_id].name
    posts = posts_for(rows, start, end)
    for cadre_id, row in rows.items():
        row.assigned_days = assigned_days(posts.get(cadre_id, []), start, end)
    return rows, posts, counties


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
    policies = Policies()
    for row in rows.values():
        policy = policies.get(counties[row.county_id], end)
        if policy is None:
            continue
        assigned = row.assigned_days
        row.required = policy.min_days_in_month(year, month, assigned)
        if end < today or row.required is None:
            row.findings = policy.check_presence_month(year, month, row.in_village, assigned)
        elif row.required is not None:
            # The month is still running: only a minimum that can no longer be reached is a finding.
            remaining = (end - today).days + 1
            if row.in_village + remaining < row.required:
                row.findings = policy.check_presence_month(year, month, row.in_village, assigned)
    if weeks:
        _weeks(rows, posts, counties, policies, start, end, today)
    return sorted(rows.values(), key=lambda r: (r.county, r.township, r.team, r.name))


def _weeks(
    rows: dict[int, Row],
    posts: dict[int, list[Any]],
    counties: dict[int, Region],
    policies: Policies,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> None:
    """ZMD-WEEK over the weeks (Monday to Sunday) that begin in the month and are over, for cadres
    assigned on all seven days."""
    week_ids = [
        r.cadre_id
        for r in rows.values()
        if (p := policies.get(counties[r.county_id], end)) is not None and p.in_force("ZMD-WEEK") is not None
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
    days: dict[int, dict[datetime.date, tuple[str, bool]]] = defaultdict(dict)
    week_posts = posts_for(week_ids, first_monday, last_sunday)
    for cadre_id, day, status, night in AttendanceDay.objects.filter(
        cadre_id__in=week_ids, date__range=(first_monday, last_sunday)
    ).values_list("cadre_id", "date", "status", "night_in_village"):
        days[cadre_id][day] = (status, night)
    for cadre_id in week_ids:
        row = rows[cadre_id]
        policy = policies.get(counties[row.county_id], end)
        assert policy is not None
        mine = week_posts.get(cadre_id, [])
        for monday in mondays:
            week = [monday + datetime.timedelta(days=i) for i in range(7)]
            if any(post_on(mine, d) is None for d in week):
                continue
            n_days = n_nights = 0
            for d in week:
                status, night = days[cadre_id].get(d, ("", False))
                excused = status in (AttendanceStatus.LEAVE, AttendanceStatus.BUSINESS)
                n_days += status == AttendanceStatus.IN_VILLAGE or excused
                n_nights += night or excused
            for finding in policy.check_week(n_days, n_nights):
                label = f"{monday:%m月%d日}起的一周："
                row.week_findings.append(
                    rules.Finding(finding.provision, finding.severity, label + finding.message)
                )


def year_compliance(scope: QuerySet[Membership], year: int) -> list[Row]:
    """Live: each cadre's year (QH-YEAR where the policy sets a yearly minimum; the months otherwise)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows, _, counties = _base_rows(scope, start, end)
    _count_days(rows, start, end)
    _judge_year(rows, counties, year)
    return sorted(rows.values(), key=lambda r: (r.county, r.township, r.team, r.name))


def _judge_year(rows: dict[int, Row], counties: dict[int, Region], year: int) -> None:
    policies = Policies()
    end = datetime.date(year, 12, 31)
    for row in rows.values():
        policy = policies.get(counties[row.county_id], end)
        if policy is None:
            continue
        row.required = policy.min_days_in_year(year, row.assigned_days)
        row.findings = policy.check_presence_year(year, row.in_village, row.assigned_days)


def year_from_summary(year: int, county: Region | None = None) -> list[Row]:
    """The same as ``year_compliance`` from CadreMonthSummary: for the whole province."""
    qs = CadreMonthSummary.objects.filter(year=year)
    if county is not None:
        qs = qs.filter(county=county)
    sums = qs.values("cadre_id", "cadre__name", "cadre__id_number").annotate(
        in_village=Sum("in_village"),
        leave=Sum("leave"),
        business=Sum("business"),
        absent=Sum("absent"),
        nights=Sum("nights"),
        assigned=Sum("assigned_days"),
        county_id=Max("county_id"),  # the cadre's (latest) county
    )
    period = 366 if calendar.isleap(year) else 365
    rows: dict[int, Row] = {}
    for s in sums.order_by():
        rows[s["cadre_id"]] = Row(
            cadre_id=s["cadre_id"],
            id_number=s["cadre__id_number"],
            name=s["cadre__name"],
            county_id=s["county_id"],
            county="",
            in_village=s["in_village"],
            leave=s["leave"],
            business=s["business"],
            absent=s["absent"],
            nights=s["nights"],
            assigned_days=s["assigned"],
            period_days=period,
        )
    counties = {r.pk: r for r in Region.objects.filter(pk__in={r.county_id for r in rows.values()})}
    for row in rows.values():
        row.county = counties[row.county_id].name
    _judge_year(rows, counties, year)
    return list(rows.values())


def month_from_summary(year: int, month: int, county: Region | None = None) -> list[Row]:
    """Month rows for the province (or one county) from CadreMonthSummary."""
    qs = CadreMonthSummary.objects.filter(year=year, month=month)
    if county is not None:
        qs = qs.filter(county=county)
    counties: dict[int, Region] = {}
    policies = Policies()
    end = month_bounds(year, month)[1]
    rows = []
    for s in qs.values_list(
        "cadre_id",
        "cadre__id_number",
        "cadre__name",
        "county_id",
        "township__name",
        "team__village__name",
        "in_village",
        "leave",
        "business",
        "absent",
        "nights",
        "assigned_days",
        "required",
    ).order_by("county_id", "township__name", "team__village__name", "cadre__name"):
        if s[3] not in counties:
            counties[s[3]] = Region.objects.get(pk=s[3])
        row = Row(
            cadre_id=s[0],
            id_number=s[1],
            name=s[2],
            county_id=s[3],
            county=counties[s[3]].name,
            township=s[4],
            team=f"{s[5]}驻村工作队",
            in_village=s[6],
            leave=s[7],
            business=s[8],
            absent=s[9],
            nights=s[10],
            assigned_days=s[11],
            period_days=end.day,
            required=s[12],
        )
        policy = policies.get(counties[s[3]], end)
        if policy is not None and row.required is not None:
            row.findings = policy.check_presence_month(year, month, row.in_village, row.assigned_days)
        rows.append(row)
    return rows


def province_month(year: int, month: int, region: Region | None = None) -> list[Group]:
    """Per county: cadres, compliant, failing, days in the village — one grouped read of the summary."""
    qs = CadreMonthSummary.objects.filter(year=year, month=month)
    if region is not None:
        qs = qs.filter(county__path__startswith=region.path)
    grouped = (
        qs.values("county_id", "county__name")
        .annotate(
            cadres=Count("cadre_id"),
            ok=Count("cadre_id", filter=Q(compliant=True)),
            failing=Count("cadre_id", filter=Q(compliant=False)),
            days=Sum("in_village"),
        )
        .order_by("county__name")
    )
    return [
        Group(g["county_id"], g["county__name"], g["cadres"], g["ok"], g["failing"], g["days"] or 0)
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
    return sorted(found.values(), key=lambda g: g.name)


# --- allowance -------------------------------------------------------------------------------------


@dataclass
class AllowanceRow:
    cadre_id: int
    id_number: str
    name: str
    unit: str
    township: str
    certified: bool
    days: int
    per_day: Decimal | None
    amount: Decimal | None
    provision: str


def allowance(scope: QuerySet[Membership], year: int, month: int) -> list[AllowanceRow]:
    """QH10-ALLOWANCE (or a county's standard): days × rate from certified months only; only cadres
    whose county's policy sets a rate."""
    start, end = month_bounds(year, month)
    rows, posts, counties = _base_rows(scope, start, end)
    policies = Policies()
    rated = {}
    for cadre_id, row in rows.items():
        policy = policies.get(counties[row.county_id], end)
        if policy is not None and policy.living_allowance(0) is not None:
            rated[cadre_id] = (row, policy)
    if not rated:
        return []
    certified = set(
        MonthCertification.objects.filter(year=year, month=month).values_list(
            "township__name", "township__parent_id"
        )
    )
    days = dict(
        AttendanceDay.objects.filter(
            cadre_id__in=list(rated), date__range=(start, end), status=AttendanceStatus.IN_VILLAGE
        )
        .values_list("cadre_id")
        .annotate(n=Count("date"))
        .order_by()
    )
    out = []
    for cadre_id, (row, policy) in rated.items():
        ok = (row.township, row.county_id) in certified
        n = days.get(cadre_id, 0) if ok else 0
        provision = policy.allowance_provision
        per_day = Decimal(provision.values["living_allowance_per_day"]) if provision else None
        out.append(
            AllowanceRow(
                cadre_id,
                row.id_number,
                row.name,
                row.unit,
                row.township,
                ok,
                n,
                per_day,
                policy.living_allowance(n) if ok else None,
                provision.id if provision else "",
            )
        )
    return sorted(out, key=lambda a: (a.unit, a.township, a.name))


def county_cadres(user: Any, county: Region | None) -> QuerySet[Membership]:
    scope = Membership.objects.for_user(user)
    if county is not None:
        scope = scope.filter(team__village__township__parent=county)
    return scope


__all__ = [
    "AllowanceRow",
    "Cadre",
    "Group",
    "Row",
    "allowance",
    "county_cadres",
    "groups",
    "month_compliance",
    "month_from_summary",
    "parse_month",
    "province_month",
    "year_compliance",
    "year_from_summary",
]
