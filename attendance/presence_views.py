"""Pages of presence: the township's month grid, the cadre's check-in, check-in review, compliance,
spot checks and explanations and the county's work calendar (the living allowance moved to
``funding.allowance_views``).

Every object comes through ``for_user()`` (``get_for_user`` → 404 outside the jurisdiction); every
write goes through ``presence_services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import (
    BAD_DATE_MSG,
    BAD_PARAM,
    YEAR_RANGE,
    parse_date,
    parse_datetime,
    parse_id,
    parse_int,
    parse_month,
    parse_year,
)
from teams import rules
from teams.access import get_for_user
from teams.county_policy import counties_for_user
from teams.errors import ServiceError
from teams.masking import id_number_for
from teams.models import Cadre, Region, Team
from teams.roster import xlsx
from teams.roster.exports import response as xlsx_response

from . import compliance, presence_selectors
from . import presence_services as ps
from .models import (
    STATUS_SHORT,
    AbsenceExplanation,
    AttendanceDay,
    AttendanceStatus,
    CadreMonthSummary,
    CheckIn,
    ExplanationState,
    MonthCertification,
    SpotCheck,
    WorkCalendarDay,
)

# Grid cell codes: a letter (or the Chinese character) per status; Z/在 also records the night.
CODES: dict[str, tuple[str, bool]] = {
    "Z": (AttendanceStatus.IN_VILLAGE, True),
    "在": (AttendanceStatus.IN_VILLAGE, True),
    "B": (AttendanceStatus.IN_VILLAGE, False),
    "白": (AttendanceStatus.IN_VILLAGE, False),
    "J": (AttendanceStatus.LEAVE, False),
    "假": (AttendanceStatus.LEAVE, False),
    "G": (AttendanceStatus.BUSINESS, False),
    "公": (AttendanceStatus.BUSINESS, False),
    "Q": (AttendanceStatus.ABSENT, False),
    "缺": (AttendanceStatus.ABSENT, False),
}
LEGEND = [
    ("Z", "在村（含住宿）"),
    ("B", "在村（未住宿）"),
    ("J", "请假"),
    ("G", "公务外出"),
    ("Q", "不在岗"),
    ("空", "未录入"),
]


def code_of(status: str, night: bool) -> str:
    if status == AttendanceStatus.IN_VILLAGE:
        return "Z" if night else "B"
    return {"leave": "J", "business": "G", "absent": "Q"}.get(status, "")


T = TypeVar("T")


def _month_param(request: HttpRequest, today: datetime.date) -> tuple[int, int]:
    """The month of the query or the form (``YYYY-MM``), else the current one. A bad value raises
    ServiceError (``params.BAD_PARAM``): a write then writes nothing."""
    return parse_month(request.GET.get("month") or request.POST.get("month")) or (today.year, today.month)


def _or_say(request: HttpRequest, parse: Callable[[], T], fallback: T) -> tuple[T, bool]:
    """A page's parameter, parsed; a bad one is said in a message and ``fallback`` shown instead
    (False: a download is then not made of what nobody asked for)."""
    try:
        return parse(), True
    except ServiceError as exc:
        messages.error(request, exc.message)
        return fallback, False


def _int(raw: str | None) -> int | None:
    """A record id of the query or the form: 404 when it does not parse (``params.parse_id``)."""
    return parse_id(raw)


def _townships(request: AuthedHttpRequest) -> Any:
    return Region.objects.for_user(request.user).filter(level="township")


def _counties(request: AuthedHttpRequest) -> Any:
    user = request.user
    regions = Region.objects.for_user(user)
    # One query: the counties reached directly or through one of their townships.
    return Region.objects.filter(level="county").filter(
        Q(pk__in=regions.filter(level="county").values("pk"))
        | Q(pk__in=regions.filter(level="township").values("parent_id"))
    )


# --- the month grid ---------------------------------------------------------------------------------


def _grid_scope(request: AuthedHttpRequest) -> tuple[Region | None, Team | None]:
    params = request.POST if request.method == "POST" else request.GET
    team_id = _int(params.get("team"))
    township_id = _int(params.get("township"))
    team = get_for_user(request, Team, team_id) if team_id else None
    township = get_for_user(request, Region, township_id) if township_id else None
    if township is not None and township.level != "township":
        raise Http404
    if team is not None and township is None:
        # A team's grid belongs to its township: its certification, lock and county edit apply.
        township = team.village.township
    if team is None and township is None:
        township = _townships(request).first()
    return township, team


@login_required
def attendance_grid(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office not in (Office.TOWNSHIP_COMMITTEE, Office.COUNTY_ORG_DEPT) and not user.is_superuser:
        raise Http404
    township, team = _grid_scope(request)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            year, month = _month_param(request, today)
        except ServiceError as exc:
            # Nothing is written into a month other than the one the clerk had in front of them.
            messages.error(request, exc.message)
            scope = f"?team={team.pk}" if team else f"?township={township.pk}" if township else ""
            return redirect(reverse("attendance:presence_grid") + scope)
        return _grid_post(request, year, month, township, team, today)
    (year, month), _ = _or_say(request, lambda: _month_param(request, today), (today.year, today.month))
    first, last = ps.month_bounds(year, month)
    cadres = ps.grid_cadres(actor=user, year=year, month=month, township=township, team=team)
    days = [first + datetime.timedelta(days=i) for i in range(last.day)]
    entered = {
        (c, d): code_of(s, n)
        for c, d, s, n in AttendanceDay.objects.filter(
            cadre_id__in=[c.pk for c, _ in cadres], date__range=(first, last)
        ).values_list("cadre_id", "date", "status", "night_in_village")
    }
    county = team.village.township.parent if team else township.parent if township else None
    try:
        workdays = ps.working_days(county, first, last) if county else set()
        calendar_error = ""
    except ServiceError as exc:
        workdays, calendar_error = set(), exc.message
    # A certified month is locked per township (a cadre may have moved in the month); only the county
    # office changes a locked day, so the township sees it greyed out and cannot type into it.
    locked_townships = {
        t for t, _, _ in ps.certified_months({p[3] for _, posts in cadres for p in posts}, [(year, month)])
    }
    edits_locked = user.office == Office.COUNTY_ORG_DEPT or user.is_superuser
    rows = []
    for cadre, posts in cadres:
        cells = []
        for d in days:
            post = ps.post_on(posts, d)
            serving = post is not None
            locked = post is not None and post.township_id in locked_townships
            cells.append(
                {
                    "name": f"c_{cadre.pk}_{d.day}",
                    "value": entered.get((cadre.pk, d), ""),
                    "editable": serving and d <= today and (edits_locked or not locked),
                    "serving": serving,
                    "locked": locked,
                    "future": d > today,
                }
            )
        counted = sum(1 for c in cells if c["value"] in ("Z", "B"))
        rows.append({"cadre": cadre, "cells": cells, "in_village": counted})
    certified = None
    certify_due, certify_findings = None, []
    if township is not None:
        certified = MonthCertification.objects.filter(township=township, year=year, month=month).first()
        if township.parent is not None and last < today:
            # SC-ATT: the county's deadline for the month (attendance_statistics_grace_days).
            certify_due = ps.certification_due(township.parent, year, month, today)
            certified_on = timezone.localtime(certified.at).date() if certified else None
            certify_findings = ps.certification_findings(township.parent, year, month, certified_on, today)
    context = {
        "year": year,
        "month": month,
        "month_value": f"{year}-{month:02d}",
        "prev": f"{(first - datetime.timedelta(days=1)):%Y-%m}",
        "next": f"{(last + datetime.timedelta(days=1)):%Y-%m}",
        "township": township,
        "team": team,
        "townships": _townships(request),
        # Only the teams serving in the month: a village's earlier terms have the same name.
        "teams": Team.objects.for_user(user)
        .filter(village__township=township, term_start__lte=last)
        .exclude(term_end__lt=first)
        .select_related("village")
        if township
        else [],
        "days": [
            {"date": d, "workday": d in workdays, "weekday": "一二三四五六日"[d.weekday()]} for d in days
        ],
        "rows": rows,
        "legend": LEGEND,
        "certified": certified,
        "certify_due": certify_due,
        "certify_findings": certify_findings,
        "can_certify": certified is None
        and township is not None
        and last < today
        and user.office == Office.TOWNSHIP_COMMITTEE,
        "county_edit": user.office == Office.COUNTY_ORG_DEPT,
        "calendar_error": calendar_error,
        "statuses": [
            ("Z", "在村（含住宿）"),
            ("B", "在村（未住宿）"),
            ("J", "请假"),
            ("G", "公务外出"),
            ("Q", "不在岗"),
        ],
    }
    # Only a request aimed at #grid gets the partial: the grid form posts with htmx into the whole body,
    # and the redirect after saving is fetched with the same htmx headers, so it needs the whole page.
    if getattr(request, "htmx", False) and request.htmx.target == "grid":
        return render(request, "attendance/presence_grid_table.html", context)
    return render(request, "attendance/presence_grid.html", context)


def _grid_post(
    request: AuthedHttpRequest,
    year: int,
    month: int,
    township: Region | None,
    team: Team | None,
    today: datetime.date,
) -> HttpResponse:
    user = request.user
    first, last = ps.month_bounds(year, month)
    query = f"?month={year}-{month:02d}" + (
        f"&team={team.pk}" if team else f"&township={township.pk}" if township else ""
    )
    back = reverse("attendance:presence_grid") + query
    cadres = ps.grid_cadres(actor=user, year=year, month=month, township=township, team=team)
    allowed = {c.pk: posts for c, posts in cadres}
    try:
        if request.POST.get("action") == "fill":
            code = request.POST.get("fill_code", "").strip().upper()
            if code not in CODES:
                raise ServiceError(ps.BAD_STATUS, ps.BAD_STATUS_MSG.format(value=code or "空"))
            raw_from, raw_to = request.POST.get("fill_from"), request.POST.get("fill_to")
            day_from = parse_int(raw_from, label="填充起始日", low=1, high=last.day) or 1
            day_to = parse_int(raw_to, label="填充截止日", low=1, high=last.day) or last.day
            picked = [i for c in request.POST.getlist("fill_cadre") if (i := _int(c)) in allowed]
            status, night = CODES[code]
            result = ps.attendance_fill(
                actor=user,
                cadres=picked or list(allowed),
                first=first.replace(day=day_from),
                last=first.replace(day=day_to),
                status=status,
                night=night,
                only_empty=request.POST.get("overwrite") != "1",
                today=today,
            )
        else:
            entries: dict[tuple[int, datetime.date], ps.Cell] = {}
            for key, raw in request.POST.items():
                if not key.startswith("c_") or not isinstance(raw, str):
                    continue
                try:
                    _, cadre_s, day_s = key.split("_")
                    cadre_id, day = int(cadre_s), first.replace(day=int(day_s))
                except ValueError:
                    continue
                if cadre_id not in allowed or day > today or ps.post_on(allowed[cadre_id], day) is None:
                    continue
                code = raw.strip().upper()
                if code and code not in CODES:
                    raise ServiceError(ps.BAD_STATUS, ps.BAD_STATUS_MSG.format(value=raw))
                entries[(cadre_id, day)] = CODES[code] if code else None
            result = ps.attendance_grid_save(
                actor=user,
                entries=entries,
                reason=request.POST.get("reason", ""),
                today=today,
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        audit = f"，修改记录{result.audited}条" if result.audited else ""
        messages.success(
            request, f"已保存：新增{result.created}天，修改{result.updated}天，清除{result.deleted}天{audit}"
        )
    return redirect(back)


@login_required
def certify_month(request: AuthedHttpRequest) -> HttpResponse:
    """Certifying locks the month for good (for the township), so it takes two steps: the grid's button
    (a GET) and any POST without ``confirm`` show what gets locked and ask; only the POST of that page
    (``confirm=1``) certifies. Plain forms: no script needed."""
    params = request.POST if request.method == "POST" else request.GET
    township = get_for_user(request, Region, _int(params.get("township")))
    # Back to the grid the clerk certified from: the team's when they came from a team's grid.
    team = _int(params.get("team"))
    back = reverse("attendance:presence_grid") + (f"?team={team}" if team else f"?township={township.pk}")
    try:
        year, month = _month_param(request, timezone.localdate())
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if request.method != "POST" or params.get("confirm") != "1":
        summary = presence_selectors.month_certify_summary(
            actor=request.user, township=township, year=year, month=month
        )
        if summary.refusal:
            messages.error(request, summary.refusal)
            return redirect(back + f"&month={year}-{month:02d}")
        first, last = ps.month_bounds(year, month)
        return render(
            request,
            "attendance/presence_certify_confirm.html",
            {
                "township": township,
                "team": team,
                "year": year,
                "month": month,
                "first": first,
                "last": last,
                "summary": summary,
                "back": back + f"&month={year}-{month:02d}",
            },
        )
    try:
        done = ps.month_certify(actor=request.user, township=township, year=year, month=month)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        county = township.parent
        assert county is not None
        today = timezone.localdate()
        late = ps.certification_findings(county, year, month, timezone.localtime(done.at).date(), today)
        cite = "（SC-ATT）" if ps.certification_due(county, year, month, today) is not None else ""
        messages.success(request, f"{township}{year}年{month}月考勤已确认并锁定{cite}")
        for finding in late:
            messages.warning(request, finding.message)
    return redirect(back + f"&month={year}-{month:02d}")


# --- check-in ---------------------------------------------------------------------------------------


@login_required
def checkin_page(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office != Office.CADRE:
        raise Http404
    if request.method == "POST":
        now = timezone.now()
        try:
            checkin = ps.checkin_record(
                actor=user,
                latitude=request.POST.get("latitude", ""),
                longitude=request.POST.get("longitude", ""),
                accuracy=request.POST.get("accuracy", ""),
                at=now,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if checkin.at != now:
                messages.info(request, ps.REPEAT_CHECKIN_MSG.format(at=timezone.localtime(checkin.at)))
            elif checkin.far:
                where = (
                    f"距村约{checkin.distance_m}米" if checkin.distance_m is not None else "村庄未登记坐标"
                )
                messages.warning(request, f"已打卡，但{where}，须经乡镇党委审核后才计入在村天数")
            else:
                # How the day counts comes from the same rows as the page's month, never assumed:
                # a spot check or the township may have written the day already.
                counted = presence_selectors.counted_day(actor=user, day=checkin.date)
                say = messages.success if counted.status == AttendanceStatus.IN_VILLAGE else messages.warning
                say(request, f"已打卡，距村约{checkin.distance_m}米。{counted.text}")
        return redirect("attendance:checkin")
    today = timezone.localdate()
    first, last = ps.month_bounds(today.year, today.month)
    month = presence_selectors.cadre_days(actor=user, first=first, last=last, today=today)
    return render(
        request,
        "attendance/presence_checkin.html",
        {
            "checkins": CheckIn.objects.for_user(user).filter(cadre_id=user.cadre_id)[:10],
            "days": month.days,
            "today": month.today,
            "explanations": AbsenceExplanation.objects.for_user(user).exclude(state=ExplanationState.SENT),
            "radius": ps.CHECKIN_RADIUS_M,
        },
    )


@login_required
def checkin_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    qs = CheckIn.objects.for_user(user).select_related("cadre", "team__village", "reviewed_by")
    if request.GET.get("all") != "1":
        qs = qs.filter(far=True)
    if (review := request.GET.get("review", "")) in CheckIn.Review.values and review:
        qs = qs.filter(review=review)  # the home page's work list: ?review=pending
    return render(
        request,
        "attendance/presence_checkin_list.html",
        {
            "checkins": qs[:200],
            "show_all": request.GET.get("all") == "1",
            "can_review": user.office == Office.TOWNSHIP_COMMITTEE,
        },
    )


@login_required
@require_POST
def checkin_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    checkin = get_for_user(request, CheckIn, pk)
    try:
        ps.checkin_review(
            actor=request.user,
            checkin=checkin,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已审核")
    return redirect("attendance:checkin_list")


# --- compliance -------------------------------------------------------------------------------------


def _county_param(request: AuthedHttpRequest, counties: list[Region] | None = None) -> Region | None:
    counties = list(_counties(request)) if counties is None else counties
    county_id = _int(request.GET.get("county"))
    if county_id is not None:
        county = next((c for c in counties if c.pk == county_id), None)
        if county is None:
            raise Http404
        return county
    return counties[0] if counties else None


COMPLIANCE_PER_PAGE = 50


@login_required
def compliance_page(request: AuthedHttpRequest) -> HttpResponse:
    """The county's attendance page. Figures come from CadreMonthSummary (the same rows as the live
    count, see ``compliance.county_month``); the table is paginated and filtered by township, team and
    failing; the ZMD week is checked only for the rows shown (for every row with "only failing")."""
    user = request.user
    today = timezone.localdate()
    counties = list(_counties(request))
    county = _county_param(request, counties)
    period = "year" if request.GET.get("period") == "year" else "month"

    def asked() -> tuple[int, int]:
        year, month = _month_param(request, today)
        return (parse_year(request.GET.get("year")) or year, month) if period == "year" else (year, month)

    (year, month), valid = _or_say(request, asked, (today.year, today.month))
    scope = compliance.county_cadres(user, county)
    if request.GET.get("format") == "xlsx" and valid:
        # The export is the full live computation (every cadre, every week).
        if period == "year":
            full = compliance.year_compliance(scope, year, today=today)
        else:
            full = compliance.month_compliance(scope, year, month, today=today)
        return _compliance_xlsx(full, county, period, year, month, reader=user)
    weeks: compliance.WeekContext | None = None
    team_years: list[compliance.TeamYearRow] = []
    if period == "year":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        rows = compliance.county_year(scope, year, today=today)
        # QH-YEAR names the team (驻村工作队每年驻村工作时间不少于200天): judged per team, the cadres' own
        # years beside it for information.
        team_years = compliance.team_year_compliance(scope, year, today=today, members=rows)
    else:
        start, end = ps.month_bounds(year, month)
        rows, weeks = compliance.county_month(
            scope, CadreMonthSummary.objects.for_user(user), year, month, county=county, today=today
        )
    # Township and team figures: the month (or year) minimum, before the week rule. The teams are listed
    # for the township chosen (a county has about 150 of them).
    townships = compliance.groups(rows, "township")
    township_names = dict(sorted({(r.township_id, r.township) for r in rows}, key=lambda t: t[1]))
    township_id = _int(request.GET.get("township"))
    team_id = _int(request.GET.get("team"))
    shown = rows
    if township_id is not None:
        shown = [r for r in shown if r.township_id == township_id]
    teams = compliance.groups(shown, "team") if township_id is not None else []
    team_names = dict(sorted({(r.team_id, r.team) for r in shown}, key=lambda t: t[1]))
    if team_id is not None:
        shown = [r for r in shown if r.team_id == team_id]
    failing_only = request.GET.get("failing") == "1"
    if failing_only:
        if weeks is not None:
            compliance.add_weeks(shown, weeks, year, month, today=today)
        shown = [r for r in shown if r.compliant is False]
    page = Paginator(shown, COMPLIANCE_PER_PAGE).get_page(request.GET.get("page"))
    if weeks is not None and not failing_only:
        compliance.add_weeks(list(page.object_list), weeks, year, month, today=today)
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    # Convention 3: the county's reading of JN-MONTH / ZMD-MONTH 20个工作日, said on the page.
    policy = compliance.Policies().get(county, end) if county is not None else None
    month_provision = policy.month_provision if policy is not None else None
    return render(
        request,
        "attendance/presence_compliance.html",
        {
            "team_years": team_years,
            "team_year_groups": _team_year_groups(team_years),
            "workdays_only": bool(policy and policy.month_counts_working_days),
            "month_provision": month_provision.id if month_provision else "",
            "month_min": month_provision.values["min_days"] if month_provision else None,
            "rows": page.object_list,
            "page": page,
            "total": len(rows),
            "counties": counties,
            "county": county,
            "period": period,
            "year": year,
            "month": month,
            "month_value": f"{year}-{month:02d}",
            # "本月进行中" while the period is not over: nobody is called compliant before its end.
            "progress": compliance.progress_label(period, start, end, today),
            "today": today,
            **YEAR_RANGE,
            "failing_only": failing_only,
            "township_choices": township_names.items(),
            "team_choices": team_names.items(),
            "township_id": township_id,
            "team_id": team_id,
            "townships": townships,
            "teams": teams,
            "query": params.urlencode(),
        },
    )


def _team_year_groups(team_years: list[compliance.TeamYearRow]) -> list[compliance.Group]:
    """Per township: how many of its teams met QH-YEAR (``cadres`` counts teams here)."""
    found: dict[str, compliance.Group] = {}
    for t in team_years:
        g = found.setdefault(t.township, compliance.Group(t.township, t.township))
        g.cadres += 1
        g.in_village += t.days_in_village
        if t.compliant is True:
            g.compliant += 1
        elif t.compliant is False:
            g.failing += 1
        elif t.required is not None:
            g.in_progress += 1
    return sorted(found.values(), key=lambda g: g.name)


def _compliance_xlsx(
    rows: list[compliance.Row], county: Region | None, period: str, year: int, month: int, *, reader: Any
) -> HttpResponse:
    label = f"{year}年" if period == "year" else f"{year}年{month}月"
    header = [
        "身份证号",
        "姓名",
        "县",
        "乡镇",
        "工作队",
        "派出单位",
        "在村天数",
        "请假",
        "公务外出",
        "不在岗",
        "在村住宿",
        "任职天数",
        "应在村天数",
        "尚可计入天数",
        "是否折算",
        "是否达标",
        "条款",
        "问题",
        # Convention 3 (JN-MONTH / ZMD-MONTH 20个工作日) and QH-YEAR's team reading, row by row.
        "在村工作日",
        "天数计法",
    ]
    body = (
        [
            id_number_for(reader, r.id_number),
            r.name,
            r.county,
            r.township,
            r.team,
            r.unit,
            r.in_village,
            r.leave,
            r.business,
            r.absent,
            r.nights,
            r.assigned_days,
            r.required if r.required is not None else "",
            r.still_possible if r.pending else "",
            "是" if r.prorated else "否",
            r.result,
            "、".join(r.provisions),
            "；".join(f.message for f in (*r.findings, *r.week_findings)),
            r.workdays_in_village if r.workdays_only else "",
            "只计法定工作日（应在村天数按任职期内的工作日折算）"
            if r.workdays_only
            else ("个人在村天数，仅供参考（按工作队判定）" if r.reference else "凡在村的日子都计入"),
        ]
        for r in rows
    )
    content = xlsx.write(header, body, title="在岗情况", text_columns=[0, 1, 2, 3, 4, 5, 16, 17])
    return xlsx_response(f"在岗情况{label}{county.name if county else ''}.xlsx", content)


# --- spot checks and explanations -----------------------------------------------------------------------


@login_required
def spot_check_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    can_record = user.office in (Office.TOWNSHIP_COMMITTEE, *ps.COUNTY_OFFICES)
    if request.method == "POST" and can_record:
        cadre = get_for_user(request, Cadre, _int(request.POST.get("cadre")))
        try:
            # No time given: the check is happening now (the form offers now).
            at = parse_datetime(request.POST.get("at")) or timezone.localtime()
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
            ps.spot_check_record(
                actor=user,
                cadre=cadre,
                at=at,
                method=request.POST.get("method", ""),
                result=request.POST.get("result", ""),
                note=request.POST.get("note", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "查岗记录已保存")
        return redirect("attendance:spot_check_list")
    checks = list(
        SpotCheck.objects.for_user(user).select_related(
            "cadre", "team__village", "checked_by", "county", "explanation"
        )[:200]
    )
    # What each unexcused absence leads to under its county's policy that day (rules.presence): the
    # explanation only where ZMD-ABSENT is in force, QH10-ABSENT's consequence in Qinghai (correction 6).
    consequences: dict[tuple[int, datetime.date], str] = {}
    for check in checks:
        check.explanation_or_none = getattr(check, "explanation", None)  # type: ignore[attr-defined]
        if check.result == SpotCheck.Result.UNEXCUSED:
            key = (check.county_id, timezone.localtime(check.at).date())
            if key not in consequences:
                consequences[key] = presence_selectors.absence_consequence(check.county, key[1]).text
            check.consequence = consequences[key]  # type: ignore[attr-defined]
    today = timezone.localdate()
    cadres = (
        Cadre.objects.filter(
            memberships__in=compliance.county_cadres(user, None)
            .filter(start__lte=today)
            .exclude(end__lt=today)
        )
        .distinct()
        .order_by("name")
        if can_record
        else []
    )
    return render(
        request,
        "attendance/presence_spot_checks.html",
        {
            "checks": checks,
            # The explanation workflow exists only where ZMD-ABSENT is in force (correction 6).
            "explains": any(
                presence_selectors.absence_consequence(county, today).needs_explanation
                for county in counties_for_user(user)
            ),
            "cadres": cadres,
            "can_record": can_record,
            "methods": SpotCheck.Method.choices,
            "results": SpotCheck.Result.choices,
            "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )


@login_required
def explanation_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    qs = AbsenceExplanation.objects.for_user(user).select_related(
        "cadre", "spot_check", "dispatching_unit", "county"
    )
    today = timezone.localdate()
    # Without a month, all of them; a bad month filters nothing and downloads nothing.
    wanted, valid = _or_say(request, lambda: parse_month(request.GET.get("month")), None)
    if wanted is not None:
        qs = qs.filter(collection_year=wanted[0], collection_month=wanted[1])
    year, month = wanted or (today.year, today.month)
    state = request.GET.get("state", "")
    if state in ExplanationState.values:
        qs = qs.filter(state=state)
    elif state == "open":  # not yet sent, whatever the step (the work list's monthly collection)
        qs = qs.exclude(state=ExplanationState.SENT)
    if request.GET.get("format") == "xlsx" and valid:
        header = [
            "汇总月份",
            "截止日期",
            "身份证号",
            "姓名",
            "县",
            "派出单位",
            "查岗时间",
            "查岗方式",
            "状态",
            "情况说明",
            "签字负责人",
            "报送时间",
        ]
        body = (
            [
                f"{e.collection_year}-{e.collection_month:02d}",
                e.due,
                id_number_for(user, e.cadre),
                e.cadre.name,
                e.county.name,
                e.dispatching_unit.name,
                timezone.localtime(e.spot_check.at).strftime("%Y-%m-%d %H:%M"),
                e.spot_check.get_method_display(),
                e.get_state_display(),
                e.text,
                e.signer_name,
                timezone.localtime(e.sent_at).strftime("%Y-%m-%d %H:%M") if e.sent_at else "",
            ]
            for e in qs
        )
        content = xlsx.write(header, body, title="不在岗情况说明", text_columns=[0, 2, 3, 4, 5, 9, 10])
        return xlsx_response(f"查岗不在岗情况说明汇总{year}{month:02d}.xlsx", content)
    return render(
        request,
        "attendance/presence_explanations.html",
        {
            "explanations": qs[:300],
            "summary_day": rules.BY_ID["ZMD-ABSENT"].values["summary_day"],
            "states": [*ExplanationState.choices, ("open", "尚未报送")],
            "state": state,
            "month_value": f"{year}-{month:02d}" if wanted else "",
            "query": request.GET.urlencode(),
        },
    )


@login_required
def explanation_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    expl = get_for_user(request, AbsenceExplanation, pk)
    user = request.user
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "write":
                ps.explanation_write(actor=user, explanation=expl, text=request.POST.get("text", ""))
            elif step == "sign":
                ps.explanation_sign(
                    actor=user, explanation=expl, signer_name=request.POST.get("signer_name", "")
                )
            elif step == "send":
                ps.explanation_send(actor=user, explanation=expl)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存")
        return redirect(expl)
    return render(
        request,
        "attendance/presence_explanation_detail.html",
        {
            "e": expl,
            "can_write": user.office == Office.CADRE and expl.state in ("pending", "written"),
            "can_sign": user.office == Office.DISPATCHING_UNIT and expl.state == "written",
            "can_send": user.office in (Office.TOWNSHIP_COMMITTEE, *ps.COUNTY_OFFICES)
            and expl.state == "signed",
        },
    )


# --- calendar ----------------------------------------------------------------------------------------


@login_required
def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    county = _county_param(request)
    if county is None:
        raise Http404
    today = timezone.localdate()
    year, _ = _or_say(request, lambda: parse_year(request.GET.get("year")) or today.year, today.year)
    if request.method == "POST":
        try:
            day = parse_date(request.POST.get("date"))
            if day is None:
                raise ServiceError(BAD_PARAM, BAD_DATE_MSG.format(value="（未填写）"), "date")
            ps.calendar_day_set(
                actor=user,
                county=county,
                date=day,
                kind=request.POST.get("kind", ""),
                name=request.POST.get("name", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存")
        return redirect(reverse("attendance:presence_calendar") + f"?county={county.pk}&year={year}")
    months = []
    error = ""
    for m in range(1, 13):
        first, last = ps.month_bounds(year, m)
        try:
            months.append((m, len(ps.working_days(county, first, last)), last.day))
        except ServiceError as exc:
            error = exc.message
            break
    return render(
        request,
        "attendance/presence_calendar.html",
        {
            "county": county,
            "year": year,
            "months": months,
            "error": error,
            "entries": WorkCalendarDay.objects.for_user(user).filter(county=county, date__year=year),
            "can_edit": user.office == Office.COUNTY_ORG_DEPT,
            "kinds": WorkCalendarDay.Kind.choices,
            **YEAR_RANGE,
        },
    )


STATUS_LABELS = {**STATUS_SHORT}
