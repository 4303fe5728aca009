"""Reads of attendance days: a cadre's days as finally counted, who serves in a month's grid, which
months are certified (and by when they are due), what certifying a month would lock, and the unexcused
absences with what each policy attaches to them.

The check-in page states how today counts and lists the month's days; the check-in's flash message and
the check-in API say how today counts too. All of them read ``cadre_days``, so they cannot disagree:
the answer is the AttendanceDay row (whoever wrote it last — a check-in, the township's grid, a leave or
a spot check), and a spot check that found the cadre absent is named as the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Office, User
from teams import rules
from teams.county_policy import county_policy
from teams.models import Cadre, Membership, Region, Team
from teams.rules.attendance import UnexcusedAbsence, unexcused_absence

from ..models import (
    AbsenceExplanation,
    AttendanceDay,
    AttendanceSource,
    AttendanceStatus,
    CheckIn,
    MonthCertification,
    SpotCheck,
)
from .errors import ALREADY_CERTIFIED_MSG, MONTH_NOT_OVER_MSG, NOT_ALLOWED_MSG
from .months import month_bounds, post_on, posts_for

# --- what the cadre reads about a day (tests import these) ------------------------------------------

COUNTED_MSG = "{day}计为{status}（{source}）"
SPOT_ABSENT_MSG = "{day}查岗未在村，计为不在岗；如有原因请填写情况说明"
# Where no explanation is asked for (ZMD-ABSENT not in force): the policy's own consequence instead.
SPOT_ABSENT_RECORDED_MSG = "{day}查岗未在村，计为无故不在岗：{consequence}"
PENDING_MSG = "{day}的打卡距村过远，待乡镇党委审核，认可后计为在村"
NOT_COUNTED_MSG = "{day}尚未计入考勤；在村打卡后计为在村"


@dataclass(frozen=True)
class CountedDay:
    """One day of a cadre as counted: the row (None: nothing counted yet) and, when a spot check found
    the cadre absent without excuse that day, the check and its explanation."""

    date: datetime.date
    row: AttendanceDay | None
    spot_check: SpotCheck | None = None
    explanation: AbsenceExplanation | None = None
    pending_checkin: bool = False
    is_today: bool = True
    consequence: str = ""  # the policy's consequence of the absence (rules.attendance), with provision ids

    @property
    def status(self) -> str:
        return self.row.status if self.row is not None else ""

    @property
    def status_label(self) -> str:
        return self.row.get_status_display() if self.row is not None else "未计入"

    @property
    def text(self) -> str:
        day = "今天" if self.is_today else f"{self.date.month}月{self.date.day}日"
        if self.row is None:
            return (PENDING_MSG if self.pending_checkin else NOT_COUNTED_MSG).format(day=day)
        if self.spot_check is not None:
            if self.explanation is None and self.consequence:
                return SPOT_ABSENT_RECORDED_MSG.format(day=day, consequence=self.consequence)
            return SPOT_ABSENT_MSG.format(day=day)
        status = self.row.get_status_display()
        if self.row.status == AttendanceStatus.IN_VILLAGE and self.row.night_in_village:
            status += "（含住宿）"
        return COUNTED_MSG.format(day=day, status=status, source=self.row.get_source_display())


@dataclass(frozen=True)
class CadreDays:
    days: list[AttendanceDay]
    today: CountedDay


def cadre_days(
    *, actor: User, first: datetime.date, last: datetime.date, today: datetime.date | None = None
) -> CadreDays:
    """The signed-in cadre's attendance days in [first, last] (the month view) and ``today`` as counted
    — taken from the same rows, so the statement about today and the month never disagree."""
    today = today or timezone.localdate()
    cadre_id = actor.cadre_id
    if cadre_id is None:  # not a cadre: no days of their own
        return CadreDays(days=[], today=CountedDay(date=today, row=None))
    lo, hi = min(first, today), max(last, today)
    rows = {
        row.date: row
        for row in AttendanceDay.objects.for_user(actor).filter(cadre_id=cadre_id, date__range=(lo, hi))
    }
    days = [row for day, row in sorted(rows.items()) if first <= day <= last]
    row = rows.get(today)
    check = explanation = None
    consequence = ""
    pending = False
    # A spot check writes the absent day as the township's (source GRID); it is the reason when it
    # found the cadre absent that very day.
    if row is not None and row.status == AttendanceStatus.ABSENT and row.source == AttendanceSource.GRID:
        check = (
            SpotCheck.objects.for_user(actor)
            .filter(cadre_id=cadre_id, result=SpotCheck.Result.UNEXCUSED)
            .filter(at__date=today)
            .order_by("-at")
            .first()
        )
        if check is not None:
            explanation = AbsenceExplanation.objects.for_user(actor).filter(spot_check=check).first()
            consequence = absence_consequence(check.county, today).text
    elif row is None:
        pending = (
            CheckIn.objects.for_user(actor)
            .filter(cadre_id=cadre_id, date=today, review=CheckIn.Review.PENDING)
            .exists()
        )
    return CadreDays(
        days=days,
        today=CountedDay(
            date=today,
            row=row,
            spot_check=check,
            explanation=explanation,
            pending_checkin=pending,
            is_today=today == timezone.localdate(),
            consequence=consequence,
        ),
    )


def counted_day(*, actor: User, day: datetime.date | None = None) -> CountedDay:
    """One day of the signed-in cadre as counted (the check-in's answer)."""
    day = day or timezone.localdate()
    return cadre_days(actor=actor, first=day, last=day, today=day).today


@dataclass(frozen=True)
class CertifySummary:
    """What certifying a township's month locks: its cadres' days, entered or not."""

    cadres: int
    assigned: int
    by_status: dict[str, int]
    refusal: str = ""

    @property
    def entered(self) -> int:
        return sum(self.by_status.values())

    @property
    def missing(self) -> int:
        return max(0, self.assigned - self.entered)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(label, self.by_status.get(value, 0)) for value, label in AttendanceStatus.choices]


def month_certify_summary(
    *, actor: User, township: Region, year: int, month: int, today: datetime.date | None = None
) -> CertifySummary:
    """The confirmation step of ``services.month_certify``: the days it would lock and, when it would
    refuse, its message (the same checks, read-only)."""
    today = today or timezone.localdate()
    first, last = month_bounds(year, month)
    refusal = ""
    done = month_certification(township, year, month)
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or actor.is_superuser) or township.level != "township":
        refusal = NOT_ALLOWED_MSG
    elif last >= today:
        refusal = MONTH_NOT_OVER_MSG.format(year=year, month=month)
    elif done is not None:
        at = f"{timezone.localtime(done.at):%Y-%m-%d %H:%M}"
        refusal = ALREADY_CERTIFIED_MSG.format(township=township, year=year, month=month, at=at)
    cadres = grid_cadres(actor=actor, year=year, month=month, township=township)
    assigned = 0
    for _, posts in cadres:
        for offset in range(last.day):
            post = post_on(posts, first + datetime.timedelta(days=offset))
            assigned += post is not None and post.township_id == township.pk
    by_status = dict(
        AttendanceDay.objects.filter(township=township, date__range=(first, last))
        .order_by()
        .values("status")
        .annotate(n=Count("status"))
        .values_list("status", "n")
    )
    return CertifySummary(cadres=len(cadres), assigned=assigned, by_status=by_status, refusal=refusal)


# --- the month grid and its certification --------------------------------------------------------


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


def grid_days(
    cadre_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date], tuple[str, bool]]:
    """The grid's cells as entered: (status, night in the village) per (cadre, date) in [first, last]."""
    return {
        (c, d): (s, n)
        for c, d, s, n in AttendanceDay.objects.filter(
            cadre_id__in=list(cadre_ids), date__range=(first, last)
        ).values_list("cadre_id", "date", "status", "night_in_village")
    }


def month_certification(township: Region, year: int, month: int) -> MonthCertification | None:
    """The township's certification of the month, if it certified it."""
    return MonthCertification.objects.filter(township=township, year=year, month=month).first()


def county_cadres(user: User, county: Region | None) -> QuerySet[Membership]:
    """The memberships ``user`` may see, of one county (or every county they reach)."""
    scope = Membership.objects.for_user(user)
    if county is not None:
        scope = scope.filter(team__village__township__parent=county)
    return scope


def serving_cadres(user: User, today: datetime.date) -> QuerySet[Cadre]:
    """The cadres serving today in a team ``user`` may see, by name (whom a spot check can be about)."""
    serving = county_cadres(user, None).filter(start__lte=today).exclude(end__lt=today)
    return Cadre.objects.filter(memberships__in=serving).distinct().order_by("name")


def certified_months(
    township_ids: Iterable[int], months: Iterable[tuple[int, int]]
) -> set[tuple[int, int, int]]:
    """(township, year, month) of the given months the given townships have certified (and so locked)."""
    months = list(months)
    q = Q(pk__in=[])
    for year, month in months:
        q |= Q(year=year, month=month)
    return set(
        MonthCertification.objects.filter(q, township_id__in=list(township_ids)).values_list(
            "township_id", "year", "month"
        )
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


# --- unexcused absences and what each policy attaches to them (issue 10, correction 6) ----------------


def absence_consequence(county: Region, on: datetime.date) -> UnexcusedAbsence:
    """What the county's policy in force on ``on`` attaches to an unexcused absence found that day."""
    return unexcused_absence(county_policy(county, on))


@dataclass(frozen=True)
class UnexcusedAbsenceRecord:
    """One unexcused absence found by a spot check, as the assessment reads it: who, which day, under
    which provisions, with what consequence (Chinese, with the ids) and, in Zhumadian, the explanation."""

    spot_check: SpotCheck
    cadre: Cadre
    date: datetime.date
    dispatching_unit_id: int
    provisions: tuple[str, ...]
    consequence: str
    bars_member_excellent: bool  # QH10-ABSENT: no 评先评优 for the cadre that year
    bars_unit_excellent: bool  # QH10-ABSENT: the unit's leadership cannot be 优秀 that year
    explanation: AbsenceExplanation | None


def unexcused_absences(
    county: Region, year: int, *, actor: User | None = None
) -> list[UnexcusedAbsenceRecord]:
    """Every unexcused absence a spot check found in ``county`` in ``year`` (local dates), oldest first,
    each judged by the county's policy in force on its day. ``actor`` narrows it to what they may see
    (``for_user``); without one it is the county's whole record, for services such as the assessment."""
    first = timezone.make_aware(datetime.datetime(year, 1, 1))
    after = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    checks = SpotCheck.objects.for_user(actor) if actor is not None else SpotCheck.objects.all()
    rows = (
        checks.filter(county=county, result=SpotCheck.Result.UNEXCUSED, at__gte=first, at__lt=after)
        .select_related("cadre", "explanation")
        .order_by("at", "pk")
    )
    policies: dict[datetime.date, rules.Policy] = {}
    records = []
    for check in rows:
        day = timezone.localtime(check.at).date()
        if day not in policies:
            policies[day] = county_policy(county, day)
        rule = unexcused_absence(policies[day])
        barred = policies[day].in_force("QH10-ABSENT")
        explanation = getattr(check, "explanation", None) if rule.needs_explanation else None
        records.append(
            UnexcusedAbsenceRecord(
                spot_check=check,
                cadre=check.cadre,
                date=day,
                dispatching_unit_id=check.dispatching_unit_id,
                provisions=rule.provisions,
                consequence=rule.text,
                bars_member_excellent=bool(barred and barred.values.get("bars_member_excellent")),
                bars_unit_excellent=bool(barred and barred.values.get("bars_unit_excellent")),
                explanation=explanation,
            )
        )
    return records
