"""Writes of presence: the township's month grid, check-ins, certification, approved leave as days,
spot checks and absence explanations. Keyword-only, one transaction each, a Chinese ServiceError on
refusal; every write to AttendanceDay refreshes the cadre × month summary in the same transaction.

Approved leave becomes ``leave`` days when it is written (``leave_days_sync``, called by the leave
services on approval, cancellation and return), not derived at read time: the summary stays one table
and the month grid shows the leave where the clerk types.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Office, User
from audit.recording import record_attendance_cells
from core.params import clean_text
from teams import rules
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import Cadre, Membership, Region, Team
from teams.rules import defaults as rule_defaults
from teams.rules.presence import unexcused_absence

from .models import (
    AbsenceExplanation,
    AttendanceChange,
    AttendanceDay,
    AttendanceSource,
    AttendanceStatus,
    CadreMonthSummary,
    CheckIn,
    ExplanationState,
    MonthCertification,
    SpotCheck,
    WorkCalendarDay,
)

# --- error codes and messages (tests import these) -------------------------------------------------

NOT_ALLOWED = "presence_not_allowed"
NOT_ALLOWED_MSG = "您的职能无权进行此项操作"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED})
BAD_STATUS = "presence_bad_status"
BAD_STATUS_MSG = "考勤状态无效：{value}"
FUTURE_DAY = "presence_future_day"
FUTURE_DAY_MSG = "不能录入今天（{today}）以后的考勤"
NOT_SERVING = "presence_not_serving"
NOT_SERVING_MSG = "{cadre}在{day}不在您管辖范围内的工作队任职"
LOCKED = "presence_locked"
LOCKED_MSG = "{township}{year}年{month}月的考勤已确认锁定，修改须由县委组织部办理并填写理由"
NEED_REASON = "presence_need_reason"
NEED_REASON_MSG = "修改已确认月份的考勤须填写理由"
ALREADY_CERTIFIED = "presence_already_certified"
ALREADY_CERTIFIED_MSG = "{township}{year}年{month}月的考勤已于{at}确认"
MONTH_NOT_OVER = "presence_month_not_over"
MONTH_NOT_OVER_MSG = "{year}年{month}月尚未结束，不能确认"
NO_MEMBERSHIP = "presence_no_membership"
NO_MEMBERSHIP_MSG = "您今天没有在驻任职，无法打卡"
BAD_COORDINATES = "presence_bad_coordinates"
BAD_COORDINATES_MSG = "定位数据无效：纬度应在-90到90之间，经度应在-180到180之间，精度应为正数"
ALREADY_REVIEWED = "presence_already_reviewed"
ALREADY_REVIEWED_MSG = "该打卡无需审核或已审核"
CALENDAR_UNKNOWN = "presence_calendar_unknown"
CALENDAR_UNKNOWN_MSG = (
    "国家法定节假日数据（chinesecalendar {version}）不包含{year}年，无法判断工作日；"
    "请升级 chinesecalendar 或由县委组织部在“工作日调整”中逐日登记{year}年的放假和调休安排"
)
BAD_EXPLANATION_STEP = "presence_bad_explanation_step"
BAD_EXPLANATION_STEP_MSG = "情况说明当前状态为“{state}”，不能{step}"
NO_TEXT = "presence_no_text"
NO_TEXT_MSG = "请填写情况说明"
NO_SIGNER = "presence_no_signer"
NO_SIGNER_MSG = "请填写签字的派出单位负责人姓名"
BAD_CHOICE = "presence_bad_choice"
BAD_CHOICE_MSG = "无效的选项：{value}"
FILL_REVERSED = "presence_fill_reversed"
FILL_REVERSED_MSG = "向下填充的起始日（{first}）晚于截止日（{last}），未填充任何一天；请在“从”填较早的一天"
SPOT_CHECK_FUTURE = "presence_spot_check_future"
SPOT_CHECK_FUTURE_MSG = "查岗时间（{at}）晚于现在（{now}），不能登记尚未进行的查岗"
SPOT_CHECK_OFF_DUTY = "presence_spot_check_off_duty"
SPOT_CHECK_OFF_DUTY_MSG = "{cadre}在{day}不在驻村任期内（当天没有任职），不能登记该日的查岗"

# The product's own defaults, kept in teams.rules.defaults with the thresholds (no provision of a seed).
CHECKIN_RADIUS_M = rule_defaults.CHECKIN_RADIUS_M
NIGHT_FROM_HOUR = rule_defaults.NIGHT_FROM_HOUR
# A second check-in from the same position this soon after the last one is the same tap twice (a
# double tap, a retried request): the service answers with the first one instead of storing another.
# A new position (the cadre walked to better reception) is a new check-in.
REPEAT_CHECKIN_SECONDS = 60
REPEAT_CHECKIN_MSG = "刚才（{at:%H:%M:%S}）已打卡，本次未重复记录"

COUNTY_OFFICES = (Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- the official calendar --------------------------------------------------------------------------


def working_days(county: Region, start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """China's official working days in [start, end] (with 调休), changed by the county's own table.

    A year the chinesecalendar package does not cover is refused loudly (ServiceError) unless the
    county registered every day of it… which it cannot sensibly do, so it is simply refused.
    """
    import chinese_calendar

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


def calendar_day_set(
    *, actor: User, county: Region, date: datetime.date, kind: str, name: str
) -> WorkCalendarDay | None:
    """The county office adds an extra holiday or a 调休 make-up day; ``kind=""`` removes the entry."""
    if not (actor.is_superuser or actor.office == Office.COUNTY_ORG_DEPT):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if kind and kind not in WorkCalendarDay.Kind.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=kind), "kind")
    with transaction.atomic():
        WorkCalendarDay.objects.filter(county=county, date=date).delete()
        if not kind:
            return None
        return WorkCalendarDay.objects.create(
            county=county, date=date, kind=kind, name=(name or "").strip()[:64], created_by=actor
        )


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


# --- the summary ------------------------------------------------------------------------------------


class _Policies:
    """County policies for one call, each read once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, datetime.date], rules.Policy | None] = {}
        self._counties: dict[int, Region] = {}

    def get(self, county_id: int, on: datetime.date) -> rules.Policy | None:
        key = (county_id, on)
        if key not in self._cache:
            county = self._counties.get(county_id) or Region.objects.get(pk=county_id)
            self._counties[county_id] = county
            try:
                self._cache[key] = county_policy(county, on)
            except LookupError:
                self._cache[key] = None
        return self._cache[key]

    def county(self, county_id: int) -> Region:
        return self._counties.get(county_id) or Region.objects.get(pk=county_id)


def summaries_refresh(
    cadre_ids: Iterable[int], year: int, month: int, *, policies: _Policies | None = None
) -> int:
    """Recompute the cadres' CadreMonthSummary rows for the month from their attendance days."""
    ids = sorted(set(cadre_ids))
    if not ids:
        return 0
    policies = policies or _Policies()
    first, last = month_bounds(year, month)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last))
        .values_list("cadre_id", "status")
        .annotate(n=Count("date"), nights=Count("date", filter=Q(night_in_village=True)))
        .order_by()
    )
    for cadre_id, status, n, nights in rows:
        counts[cadre_id][status] += n
        counts[cadre_id]["nights"] += nights
    posts = posts_for(ids, first, last)
    days_team = dict(
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last))
        .order_by("cadre_id", "date")
        .values_list("cadre_id", "team_id")
    )
    existing = {
        s.cadre_id: s for s in CadreMonthSummary.objects.filter(cadre_id__in=ids, year=year, month=month)
    }
    to_create, to_update, to_delete = [], [], []
    # Read once, for a county that counts working days only (convention 3).
    workdays: dict[int, set[datetime.date]] = {}
    month_days: dict[int, list[tuple[datetime.date, str]]] | None = None
    for cadre_id in ids:
        mine = posts.get(cadre_id, [])
        c = counts.get(cadre_id)
        if not mine and not c:
            if cadre_id in existing:
                to_delete.append(existing[cadre_id].pk)
            continue
        post = post_on(mine, last) or (Post(*mine[-1][2:]) if mine else None)
        if post is None:
            team_id = days_team[cadre_id]
            team = Team.objects.select_related("village__township").get(pk=team_id)
            post = Post(team_id, team.village.township_id, team.village.township.parent_pk)
        assigned = assigned_days(mine, first, last)
        policy = policies.get(post.county_id, last)
        required = policy.min_days_in_month(year, month, assigned) if policy is not None else None
        in_village = (c or {}).get("in_village", 0)
        counted = in_village
        if policy is not None and policy.month_counts_working_days:
            # Convention 3, the county counts official working days only: `compliant` and `required`
            # follow that reading (the summary keeps every day in the village in `in_village`).
            if post.county_id not in workdays:
                workdays[post.county_id] = working_days(policies.county(post.county_id), first, last)
            if month_days is None:
                month_days = month_days_by_cadre(ids, first, last)
            figures = workday_figures(workdays[post.county_id], mine, month_days.get(cadre_id, []))
            required = policy.min_days_in_month(year, month, figures.assigned, period_days=figures.period)
            counted = figures.in_village
        values = {
            "county_id": post.county_id,
            "township_id": post.township_id,
            "team_id": post.team_id,
            "in_village": in_village,
            "leave": (c or {}).get("leave", 0),
            "business": (c or {}).get("business", 0),
            "absent": (c or {}).get("absent", 0),
            "nights": (c or {}).get("nights", 0),
            "assigned_days": assigned,
            "required": required,
            "compliant": None if required is None else counted >= required,
        }
        row = existing.get(cadre_id)
        if row is None:
            to_create.append(CadreMonthSummary(cadre_id=cadre_id, year=year, month=month, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            to_update.append(row)
    CadreMonthSummary.objects.bulk_create(to_create)
    if to_update:
        CadreMonthSummary.objects.bulk_update(to_update, list(values))
    CadreMonthSummary.objects.filter(pk__in=to_delete).delete()
    return len(to_create) + len(to_update)


def summaries_follow_memberships(spans: Iterable[tuple[int, datetime.date, datetime.date | None]]) -> None:
    """A membership changed (edited, shortened, imported): its cadre's summarised months in the span
    are recomputed, so assigned days, the pro-rated minimum and the team stay true. Registered with
    ``teams.services.on_membership_change``; runs in the writer's transaction."""
    wanted: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for cadre_id, start, end in spans:
        wanted[cadre_id].append((start.replace(day=1), end or datetime.date.max))
    touched: list[tuple[int, datetime.date]] = []
    ids = sorted(wanted)
    for i in range(0, len(ids), 5000):
        existing = CadreMonthSummary.objects.filter(cadre_id__in=ids[i : i + 5000]).values_list(
            "cadre_id", "year", "month"
        )
        for cadre_id, year, month in existing:
            first = datetime.date(year, month, 1)
            if any(lo <= first <= hi for lo, hi in wanted[cadre_id]):
                touched.append((cadre_id, first))
    _refresh_touched(touched)


# County settings a month summary's ``required`` / ``compliant`` depend on (convention 3).
SUMMARY_SETTINGS = frozenset({"month_count_working_days"})


def summaries_follow_policy(county: Region, key: str) -> None:
    """The county changed how JN-MONTH / ZMD-MONTH count (``month_count_working_days``): its summarised
    months are recomputed with the new reading, in the writer's transaction (as the live pages, which
    read the county's current settings, already judge). Registered with
    ``teams.overrides.on_policy_override``."""
    if key not in SUMMARY_SETTINGS:
        return
    touched = CadreMonthSummary.objects.filter(county=county).values_list("cadre_id", "year", "month")
    _refresh_touched((cadre_id, datetime.date(year, month, 1)) for cadre_id, year, month in touched)


def _refresh_touched(touched: Iterable[tuple[int, datetime.date]]) -> None:
    by_month: dict[tuple[int, int], set[int]] = defaultdict(set)
    for cadre_id, day in touched:
        by_month[(day.year, day.month)].add(cadre_id)
    policies = _Policies()
    for (year, month), ids in sorted(by_month.items()):
        summaries_refresh(ids, year, month, policies=policies)


# --- certification ----------------------------------------------------------------------------------


def certified_months(
    township_ids: Iterable[int], months: Iterable[tuple[int, int]]
) -> set[tuple[int, int, int]]:
    months = list(months)
    q = Q(pk__in=[])
    for year, month in months:
        q |= Q(year=year, month=month)
    return set(
        MonthCertification.objects.filter(q, township_id__in=list(township_ids)).values_list(
            "township_id", "year", "month"
        )
    )


def month_certify(
    *, actor: User, township: Region, year: int, month: int, today: datetime.date | None = None
) -> MonthCertification:
    """SC-ATT: the township certifies (and so locks) a finished month."""
    today = _today(today)
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if not Region.objects.for_user(actor).filter(pk=township.pk, level="township").exists():
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if month_bounds(year, month)[1] >= today:
        raise ServiceError(MONTH_NOT_OVER, MONTH_NOT_OVER_MSG.format(year=year, month=month))
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=township.pk).first()
        done = MonthCertification.objects.filter(township=township, year=year, month=month).first()
        if done is not None:
            raise ServiceError(
                ALREADY_CERTIFIED,
                ALREADY_CERTIFIED_MSG.format(
                    township=township,
                    year=year,
                    month=month,
                    at=f"{timezone.localtime(done.at):%Y-%m-%d %H:%M}",
                ),
            )
        return MonthCertification.objects.create(
            township=township, year=year, month=month, certified_by=actor
        )


def certification_due(county: Region, year: int, month: int, today: datetime.date) -> datetime.date | None:
    """SC-ATT: the day by which the township counts and files (here: certifies) the month's attendance —
    the county's ``attendance_statistics_grace_days`` day of the next month (default the 10th; seed 003
    says only 每月统计…留档备查, the deadline is the county's). None where SC-ATT is not in force."""
    provision = county_policy(county, today).in_force("SC-ATT")
    if provision is None:
        return None
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.date(next_year, next_month, provision.values["grace_days"])


def certification_findings(
    county: Region, year: int, month: int, certified_on: datetime.date | None, today: datetime.date
) -> list[rules.Finding]:
    """SC-ATT findings of one township month: not certified by the county's deadline, or certified late."""
    return county_policy(county, today).check_attendance_statistics(year, month, certified_on, today)


# --- the month grid ----------------------------------------------------------------------------------

# A cell: (status, night) or None to clear the day.
Cell = tuple[str, bool] | None


@dataclass(frozen=True)
class GridResult:
    created: int
    updated: int
    deleted: int
    unchanged: int
    audited: int


def attendance_grid_save(
    *,
    actor: User,
    entries: Mapping[tuple[int, datetime.date], Cell],
    reason: str = "",
    today: datetime.date | None = None,
) -> GridResult:
    """Write a block of cells (a team's or a township's month) in one transaction. Idempotent: the same
    cells again change nothing. The township office enters open months; a certified month takes the
    county office with a reason, and each changed cell is written to AttendanceChange."""
    today = _today(today)
    county_actor = actor.office == Office.COUNTY_ORG_DEPT
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or county_actor or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if not entries:
        return GridResult(0, 0, 0, 0, 0)
    for cell in entries.values():
        if cell is not None and cell[0] not in AttendanceStatus.values:
            raise ServiceError(BAD_STATUS, BAD_STATUS_MSG.format(value=cell[0]))
    days = [d for _, d in entries]
    if max(days) > today:
        raise ServiceError(FUTURE_DAY, FUTURE_DAY_MSG.format(today=today.isoformat()))
    cadre_ids = {c for c, _ in entries}
    lo, hi = min(days), max(days)
    posts = posts_for(cadre_ids, lo, hi)
    in_scope_teams = set(
        Team.objects.for_user(actor).filter(memberships__cadre_id__in=cadre_ids).values_list("pk", flat=True)
    )
    names = dict(Cadre.objects.filter(pk__in=cadre_ids).values_list("pk", "name"))
    where: dict[tuple[int, datetime.date], Post] = {}
    for key in entries:
        post = post_on(posts.get(key[0], []), key[1])
        if post is None or (not actor.is_superuser and post.team_id not in in_scope_teams):
            raise ServiceError(
                NOT_SERVING, NOT_SERVING_MSG.format(cadre=names.get(key[0], key[0]), day=key[1])
            )
        where[key] = post
    months = {(d.year, d.month) for d in days}
    locked = certified_months({p.township_id for p in where.values()}, months)
    reason = clean_text(reason, label="修改理由", field="reason")
    with transaction.atomic():
        current = {
            (row.cadre_id, row.date): row
            for row in AttendanceDay.objects.select_for_update().filter(
                cadre_id__in=cadre_ids, date__range=(lo, hi)
            )
        }
        create, update, delete, changes = [], [], [], []
        touched: list[tuple[int, datetime.date]] = []
        audited: list[tuple[tuple[int, datetime.date], Cell, Cell, int]] = []  # bulk writes: no signals
        unchanged = 0
        for key, cell in entries.items():
            post = where[key]
            row = current.get(key)
            old = None if row is None else (row.status, row.night_in_village)
            if old == cell:
                unchanged += 1
                continue
            touched.append(key)
            audited.append((key, old, cell, post.county_id))
            if (post.township_id, key[1].year, key[1].month) in locked:
                if not (county_actor or actor.is_superuser):
                    township = Region.objects.get(pk=post.township_id)
                    raise ServiceError(
                        LOCKED, LOCKED_MSG.format(township=township, year=key[1].year, month=key[1].month)
                    )
                if not reason:
                    raise ServiceError(NEED_REASON, NEED_REASON_MSG, "reason")
                changes.append(
                    AttendanceChange(
                        cadre_id=key[0],
                        date=key[1],
                        township_id=post.township_id,
                        old_status=old[0] if old else "",
                        new_status=cell[0] if cell else "",
                        old_night=old[1] if old else None,
                        new_night=cell[1] if cell else None,
                        reason=reason,
                        changed_by=actor,
                    )
                )
            if cell is None:
                delete.append(key)
            elif row is None:
                create.append(
                    AttendanceDay(
                        cadre_id=key[0],
                        date=key[1],
                        status=cell[0],
                        night_in_village=cell[1],
                        team_id=post.team_id,
                        county_id=post.county_id,
                        township_id=post.township_id,
                        source=AttendanceSource.GRID,
                    )
                )
            else:
                row.status, row.night_in_village, row.source = cell[0], cell[1], AttendanceSource.GRID
                update.append(row)
        AttendanceDay.objects.bulk_create(create)
        if update:
            AttendanceDay.objects.bulk_update(update, ["status", "night_in_village", "source"])
        if delete:
            q = Q(pk__in=[])
            for cadre_id, day in delete:
                q |= Q(cadre_id=cadre_id, date=day)
            AttendanceDay.objects.filter(q).delete()
        AttendanceChange.objects.bulk_create(changes)
        _refresh_touched(touched)
        record_attendance_cells(actor=actor, model=AttendanceDay, cells=audited, names=names)
    return GridResult(len(create), len(update), len(delete), unchanged, len(changes))


def grid_cadres(
    *, actor: User, year: int, month: int, township: Region | None = None, team: Team | None = None
) -> list[tuple[Cadre, list[Any]]]:
    """The cadres serving in the township (or team) at any time in the month, with their posts."""
    first, last = month_bounds(year, month)
    memberships = (
        Membership.objects.for_user(actor)
        .filter(start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
    )
    if team is not None:
        memberships = memberships.filter(team=team)
    elif township is not None:
        memberships = memberships.filter(team__village__township=township)
    ids = set(memberships.values_list("cadre_id", flat=True))
    posts = posts_for(ids, first, last)
    cadres = Cadre.objects.filter(pk__in=ids).order_by("name", "pk")
    order = dict(
        memberships.order_by("team__village__name", "-is_leader", "role").values_list(
            "cadre_id", "team__village__name"
        )
    )
    return sorted(
        ((c, posts.get(c.pk, [])) for c in cadres), key=lambda cp: (order.get(cp[0].pk, ""), cp[0].name)
    )


def attendance_fill(
    *,
    actor: User,
    cadres: Iterable[int],
    first: datetime.date,
    last: datetime.date,
    status: str,
    night: bool,
    only_empty: bool = True,
    today: datetime.date | None = None,
) -> GridResult:
    """Fill-down: one status for the given cadres on every assigned day of [first, last] up to today
    (by default only the days not entered yet).

    A reversed range is refused rather than read as [last, first]: the clerk typed two days and one of
    them is wrong, and which one cannot be known; swapped, a fill with "overwrite" would replace days
    nobody meant to touch. A range wholly after today is refused too, instead of filling nothing."""
    today = _today(today)
    if first > last:
        raise ServiceError(
            FILL_REVERSED,
            FILL_REVERSED_MSG.format(
                first=f"{first.month}月{first.day}日", last=f"{last.month}月{last.day}日"
            ),
        )
    if first > today:
        raise ServiceError(FUTURE_DAY, FUTURE_DAY_MSG.format(today=today.isoformat()))
    ids = list(cadres)
    last = min(last, today)
    posts = posts_for(ids, first, last)
    existing = set(
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last)).values_list(
            "cadre_id", "date"
        )
    )
    entries: dict[tuple[int, datetime.date], Cell] = {}
    day = first
    while day <= last:
        for cadre_id in ids:
            if post_on(posts.get(cadre_id, []), day) is None:
                continue
            if only_empty and (cadre_id, day) in existing:
                continue
            entries[(cadre_id, day)] = (status, night)
        day += datetime.timedelta(days=1)
    return attendance_grid_save(actor=actor, entries=entries, today=today)


# --- check-ins ----------------------------------------------------------------------------------------


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (mean Earth radius 6,371,008.8 m)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(a)))


def checkin_record(
    *,
    actor: User,
    latitude: Decimal | float | str,
    longitude: Decimal | float | str,
    accuracy: float | str,
    at: datetime.datetime | None = None,
) -> CheckIn:
    """The cadre checks in. Near the village (within CHECKIN_RADIUS_M, positioned at least that well)
    the day counts as in the village; otherwise the check-in waits for the township's review and
    counts only if the township accepts it. The position may come as the form's text: anything that
    does not parse is BAD_COORDINATES. Within REPEAT_CHECKIN_SECONDS of a check-in from the same position the
    answer is that check-in (its ``at`` is not the ``at`` asked for): nothing new is stored."""
    if actor.office != Office.CADRE or actor.cadre_id is None:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    try:
        lat, lon, acc = Decimal(str(latitude)), Decimal(str(longitude)), float(accuracy)
    except (ArithmeticError, ValueError, TypeError):
        raise ServiceError(BAD_COORDINATES, BAD_COORDINATES_MSG) from None
    # NaN first: a Decimal NaN cannot even be compared (InvalidOperation).
    finite = lat.is_finite() and lon.is_finite() and math.isfinite(acc)
    if not (finite and -90 <= lat <= 90 and -180 <= lon <= 180 and acc > 0):
        raise ServiceError(BAD_COORDINATES, BAD_COORDINATES_MSG)
    lat, lon = lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    membership = (
        Membership.objects.filter(cadre_id=actor.cadre_id)
        .active_on(day)
        .select_related("team__village__township")
        .first()
    )
    if membership is None:
        raise ServiceError(NO_MEMBERSHIP, NO_MEMBERSHIP_MSG)
    village = membership.team.village
    distance = None
    if village.latitude is not None and village.longitude is not None:
        distance = round(
            haversine_m(float(lat), float(lon), float(village.latitude), float(village.longitude))
        )
    far = distance is None or distance > CHECKIN_RADIUS_M or acc > CHECKIN_RADIUS_M
    night = timezone.localtime(at).hour >= NIGHT_FROM_HOUR
    with transaction.atomic():
        # The cadre's row is the lock that makes two taps at once queue, so the second sees the first.
        Cadre.objects.select_for_update().filter(pk=actor.cadre_id).first()
        recent = (
            CheckIn.objects.filter(
                cadre_id=actor.cadre_id,
                at__gt=at - datetime.timedelta(seconds=REPEAT_CHECKIN_SECONDS),
                at__lte=at,
                latitude=lat,
                longitude=lon,
            )
            .order_by("-at")
            .first()
        )
        if recent is not None:
            return recent
        checkin = CheckIn.objects.create(
            cadre_id=actor.cadre_id,
            team=membership.team,
            county_id=village.township.parent_pk,
            township=village.township,
            at=at,
            date=day,
            latitude=lat,
            longitude=lon,
            accuracy=acc,
            distance_m=distance,
            far=far,
            review=CheckIn.Review.PENDING if far else CheckIn.Review.NONE,
        )
        if not far:
            _count_checkin(checkin, night=night)
    return checkin


def _count_checkin(checkin: CheckIn, *, night: bool) -> None:
    """A counted check-in marks the day in the village, never over a day the township or a leave
    wrote, and never into a certified month."""
    if certified_months([checkin.township_id], [(checkin.date.year, checkin.date.month)]):
        return
    row = (
        AttendanceDay.objects.select_for_update().filter(cadre_id=checkin.cadre_id, date=checkin.date).first()
    )
    if row is None:
        AttendanceDay.objects.create(
            cadre_id=checkin.cadre_id,
            date=checkin.date,
            status=AttendanceStatus.IN_VILLAGE,
            night_in_village=night,
            team_id=checkin.team_id,
            county_id=checkin.county_id,
            township_id=checkin.township_id,
            source=AttendanceSource.CHECKIN,
        )
    elif row.source == AttendanceSource.CHECKIN and night and not row.night_in_village:
        row.night_in_village = True
        row.save(update_fields=["night_in_village"])
    else:
        return
    summaries_refresh([checkin.cadre_id], checkin.date.year, checkin.date.month)


def checkin_review(*, actor: User, checkin: CheckIn, accept: bool, note: str = "") -> CheckIn:
    """The township accepts a far check-in (the day then counts) or rejects it."""
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        if locked.review != CheckIn.Review.PENDING:
            raise ServiceError(ALREADY_REVIEWED, ALREADY_REVIEWED_MSG)
        locked.review = CheckIn.Review.ACCEPTED if accept else CheckIn.Review.REJECTED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = (note or "").strip()[:200]
        locked.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
        if accept:
            _count_checkin(locked, night=timezone.localtime(locked.at).hour >= NIGHT_FROM_HOUR)
    return locked


# --- approved leave as days ---------------------------------------------------------------------------


def leave_days_sync(*, leave: Any) -> int:
    """Make the cadre's ``leave`` days match the request: every whole calendar day of an approved
    leave (a closed one up to the day before the return), none for a cancelled or rejected one.

    Half days stay the township's to enter. A day the township or a check-in already wrote is kept,
    and certified months are not touched (a change there is the county's, audited).
    """
    from .models import LeaveStatus

    wanted: set[datetime.date] = set()
    if leave.status in (LeaveStatus.APPROVED, LeaveStatus.CLOSED):
        last = leave.end
        if leave.status == LeaveStatus.CLOSED and leave.returned_on is not None:
            last = min(last, leave.returned_on - datetime.timedelta(days=1))
        wanted = {d for d, share in leave.leave_days_by_date().items() if share == 1 and d <= last}
    months = {(d.year, d.month) for d in leave.leave_days_by_date()}
    locked = {(y, m) for _, y, m in certified_months([leave.township_id], months)}
    existing = {
        row.date: row
        for row in AttendanceDay.objects.select_for_update().filter(
            cadre_id=leave.cadre_id, date__range=(leave.start, leave.end)
        )
    }
    touched: list[tuple[int, datetime.date]] = []
    stale = [
        d
        for d, row in existing.items()
        if row.source == AttendanceSource.LEAVE and d not in wanted and (d.year, d.month) not in locked
    ]
    if stale:
        AttendanceDay.objects.filter(cadre_id=leave.cadre_id, date__in=stale).delete()
        touched += [(leave.cadre_id, d) for d in stale]
    new = [d for d in sorted(wanted) if d not in existing and (d.year, d.month) not in locked]
    team_id = leave.membership.team_id
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            cadre_id=leave.cadre_id,
            date=d,
            status=AttendanceStatus.LEAVE,
            night_in_village=False,
            team_id=team_id,
            county_id=leave.county_id,
            township_id=leave.township_id,
            source=AttendanceSource.LEAVE,
        )
        for d in new
    )
    touched += [(leave.cadre_id, d) for d in new]
    _refresh_touched(touched)
    return len(touched)


# --- spot checks and explanations ----------------------------------------------------------------------


def collection_month(found_on: datetime.date, policy: rules.Policy | None) -> tuple[int, int, datetime.date]:
    """ZMD-ABSENT: the month whose collection (due on the summary day) takes an absence found on
    ``found_on``; an absence found after the summary day goes into the next month's."""
    provision = policy.in_force("ZMD-ABSENT") if policy is not None else None
    day = provision.values["summary_day"] if provision is not None else None
    year, month = found_on.year, found_on.month
    if day is None:
        # No city collection under this policy: the explanation is due at the month's end.
        return year, month, month_bounds(year, month)[1]
    if found_on.day > day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year, month, datetime.date(year, month, day)


def spot_check_record(
    *,
    actor: User,
    cadre: Cadre,
    at: datetime.datetime,
    method: str,
    result: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> SpotCheck:
    """查岗 by the township or county offices; an unexcused absence marks the day absent (unless the
    month is certified) and, where ZMD-ABSENT is in force, opens an explanation. A check is recorded
    after it happened, never ahead
    (``now``), and only on a day the cadre served in a team of the actor's jurisdiction: a day outside
    every term of the cadre and a day in another jurisdiction's team are told apart."""
    if actor.office not in (Office.TOWNSHIP_COMMITTEE, *COUNTY_OFFICES) and not actor.is_superuser:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if method not in SpotCheck.Method.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=method), "method")
    if result not in SpotCheck.Result.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=result), "result")
    note = clean_text(note, label="查岗情况", field="note")
    now = now or timezone.now()
    if at > now:
        shown = f"{timezone.localtime(at):%Y-%m-%d %H:%M}", f"{timezone.localtime(now):%Y-%m-%d %H:%M}"
        raise ServiceError(SPOT_CHECK_FUTURE, SPOT_CHECK_FUTURE_MSG.format(at=shown[0], now=shown[1]), "at")
    day = timezone.localtime(at).date()
    membership = (
        Membership.objects.for_user(actor)
        .filter(cadre=cadre)
        .active_on(day)
        .select_related("team__village__township__parent")
        .first()
    )
    if membership is None:
        if not Membership.objects.filter(cadre=cadre).active_on(day).exists():
            raise ServiceError(
                SPOT_CHECK_OFF_DUTY, SPOT_CHECK_OFF_DUTY_MSG.format(cadre=cadre.name, day=day), "at"
            )
        raise ServiceError(NOT_SERVING, NOT_SERVING_MSG.format(cadre=cadre.name, day=day), "cadre")
    township = membership.team.village.township
    county = township.parent
    assert county is not None
    with transaction.atomic():
        check = SpotCheck.objects.create(
            cadre=cadre,
            team=membership.team,
            county=county,
            township=township,
            dispatching_unit_id=membership.dispatching_unit_id,
            at=at,
            method=method,
            result=result,
            note=note,
            checked_by=actor,
        )
        if result == SpotCheck.Result.UNEXCUSED:
            try:
                policy = county_policy(county, day)
            except LookupError:
                policy = None
            # The explanation workflow is Zhumadian's (seed 004 第十八条, ZMD-ABSENT): elsewhere the
            # absence is recorded (this check and the absent day) and feeds the policy's own consequence,
            # read back by presence_selectors.unexcused_absences (e.g. QH10-ABSENT). Issue 10, correction 6.
            if policy is not None and unexcused_absence(policy).needs_explanation:
                year, month, due = collection_month(day, policy)
                AbsenceExplanation.objects.create(
                    spot_check=check,
                    cadre=cadre,
                    county=county,
                    township=township,
                    dispatching_unit_id=membership.dispatching_unit_id,
                    collection_year=year,
                    collection_month=month,
                    due=due,
                )
            if not certified_months([township.pk], [(day.year, day.month)]):
                row = AttendanceDay.objects.select_for_update().filter(cadre=cadre, date=day).first()
                if row is None:
                    AttendanceDay.objects.create(
                        cadre=cadre,
                        date=day,
                        status=AttendanceStatus.ABSENT,
                        team=membership.team,
                        county=county,
                        township=township,
                        source=AttendanceSource.GRID,
                    )
                elif row.status != AttendanceStatus.ABSENT:
                    row.status, row.night_in_village, row.source = (
                        AttendanceStatus.ABSENT,
                        False,
                        AttendanceSource.GRID,
                    )
                    row.save(update_fields=["status", "night_in_village", "source"])
                summaries_refresh([cadre.pk], day.year, day.month)
    return check


def _locked_explanation(explanation: AbsenceExplanation) -> AbsenceExplanation:
    return AbsenceExplanation.objects.select_for_update().get(pk=explanation.pk)


def _step_error(expl: AbsenceExplanation, step: str) -> ServiceError:
    return ServiceError(
        BAD_EXPLANATION_STEP, BAD_EXPLANATION_STEP_MSG.format(state=expl.get_state_display(), step=step)
    )


def explanation_write(*, actor: User, explanation: AbsenceExplanation, text: str) -> AbsenceExplanation:
    """The cadre writes the explanation (and may rewrite it until the unit head has signed)."""
    if actor.office != Office.CADRE or actor.cadre_id != explanation.cadre_id:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    text = clean_text(text, label="情况说明", field="text")
    if not text:
        raise ServiceError(NO_TEXT, NO_TEXT_MSG, "text")
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state not in (ExplanationState.PENDING, ExplanationState.WRITTEN):
            raise _step_error(expl, "修改说明")
        expl.text, expl.written_at, expl.state = text, timezone.now(), ExplanationState.WRITTEN
        expl.save(update_fields=["text", "written_at", "state"])
    return expl


def explanation_sign(*, actor: User, explanation: AbsenceExplanation, signer_name: str) -> AbsenceExplanation:
    """The dispatching unit records its head's signature."""
    if (
        actor.office != Office.DISPATCHING_UNIT
        or actor.dispatching_unit_id != explanation.dispatching_unit_id
    ):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    signer_name = clean_text(signer_name, label="签字负责人", limit=32, field="signer_name")
    if not signer_name:
        raise ServiceError(NO_SIGNER, NO_SIGNER_MSG, "signer_name")
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state != ExplanationState.WRITTEN:
            raise _step_error(expl, "签字")
        expl.signer_name, expl.signed_by, expl.signed_at = signer_name[:32], actor, timezone.now()
        expl.state = ExplanationState.SIGNED
        expl.save(update_fields=["signer_name", "signed_by", "signed_at", "state"])
    return expl


def explanation_send(*, actor: User, explanation: AbsenceExplanation) -> AbsenceExplanation:
    """The signed explanation is sent to (received by) the county offices."""
    if actor.office not in (Office.TOWNSHIP_COMMITTEE, *COUNTY_OFFICES) and not actor.is_superuser:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state != ExplanationState.SIGNED:
            raise _step_error(expl, "报送")
        expl.sent_by, expl.sent_at, expl.state = actor, timezone.now(), ExplanationState.SENT
        expl.save(update_fields=["sent_by", "sent_at", "state"])
    return expl


def explanations_remind(*, today: datetime.date | None = None) -> int:
    """ZMD-ABSENT reminder (beat, daily): every explanation of a collection due within
    ``EXPLANATION_REMINDER_LEAD_DAYS`` (teams.rules.defaults) and not yet sent is reminded once a day;
    returns how many."""
    from django.conf import settings
    from django.core.mail import send_mail

    today = _today(today)
    open_ = (
        AbsenceExplanation.objects.filter(
            due__gte=today,
            due__lte=today + datetime.timedelta(days=rule_defaults.EXPLANATION_REMINDER_LEAD_DAYS),
        )
        .exclude(state=ExplanationState.SENT)
        .exclude(reminded_on=today)
        .select_related("cadre", "county")
    )
    count = 0
    for expl in open_:
        recipients = list(
            User.objects.filter(
                Q(cadre_id=expl.cadre_id)
                | Q(dispatching_unit_id=expl.dispatching_unit_id, office=Office.DISPATCHING_UNIT)
                | Q(region_id=expl.county_id, office=Office.COUNTY_RURAL_BUREAU),
                is_active=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            send_mail(
                subject=f"驻村通：{expl.cadre.name}的不在岗情况说明须于{expl.due:%Y-%m-%d}前报送",
                message=(
                    f"{expl.cadre.name}的不在岗情况说明当前状态：{expl.get_state_display()}。"
                    f"按ZMD-ABSENT，县乡村振兴局应于每月{expl.due.day}日前汇总报市。"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        count += 1
    AbsenceExplanation.objects.filter(pk__in=[e.pk for e in open_]).update(reminded_on=today)
    return count
