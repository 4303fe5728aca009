"""Pages of the team reports (list, draft, detail with submit / acknowledge / return, print, xlsx) and the
duties calendar (a team's year; the county's overdue and due-soon list, xlsx). Every object is fetched
through ``for_user()`` (404 outside)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.typing import AuthedHttpRequest
from core import params
from teams import rules
from teams.access import get_for_user
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import Membership, Team
from teams.roster import exports, xlsx
from teams.rules import duties as rule_duties

from . import duties, reports
from .errors import AssessmentError
from .models import REPORT_BODY_MAX, ReportKind, ReportStatus, TeamReport
from .views.shared import _county_of

PAGE_SIZE = 50


def _year(request: AuthedHttpRequest, today: datetime.date) -> int:
    try:
        year = params.parse_year(request.GET.get("year") or request.POST.get("year"))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return today.year
    return year or today.year


def _own_teams(request: AuthedHttpRequest, today: datetime.date) -> list[Team]:
    """The teams whose reports the user drafts (a leader or first secretary)."""
    user = request.user
    if user.cadre_id is None:
        return []
    team_ids = [
        t
        for t in Membership.objects.active_on(today)
        .filter(cadre_id=user.cadre_id)
        .values_list("team_id", flat=True)
    ]
    return [
        t
        for t in Team.objects.for_user(user)
        .filter(pk__in=team_ids)
        .select_related("village__township__parent")
        if reports.may_write(user, t, today)
    ]


def _draft_kinds(teams: list[Team], today: datetime.date) -> list[tuple[str, str]]:
    """The report kinds the teams' county policies set (an incident report always), so the draft form offers
    no kind the policy would refuse."""
    counties = [t.village.township.parent for t in teams]
    policies = [county_policy(c, today) for c in counties if c is not None]
    return [
        (value, label)
        for value, label in ReportKind.choices
        if value == ReportKind.INCIDENT or any(rule_duties.report_provision(p, value) for p in policies)
    ]


# --- reports -----------------------------------------------------------------------------------------


@login_required
def report_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if request.method == "POST":
        try:
            team = params.parse_filter_id(request.POST.get("team"))
            year = params.parse_year(request.POST.get("year", ""))
            period = params.parse_int(
                request.POST.get("period"), label="期次", low=1, high=12, field="period"
            )
            if team is None or year is None:
                raise AssessmentError("report_bad_input", "请选择工作队并填写年度")
            report = reports.report_create(
                user=user,
                team=team,
                kind=request.POST.get("kind", "")[:16],
                year=year,
                period=period,
                today=today,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("assessment:report_list")
        messages.success(request, "已根据本期日志、会议、走访、考勤和请假记录生成报告草稿，请修改后提交")
        return redirect("assessment:report_detail", report.pk)
    qs = reports.reports_for(user)
    year = None
    if request.GET.get("year"):
        year = _year(request, today)
        qs = qs.filter(year=year)
    kind = request.GET.get("kind", "")
    if kind in ReportKind.values:
        qs = qs.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("receiving") == "mine":  # reports sent to the user's own office (the work list)
        qs = reports.received_by(user, qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    own_teams = _own_teams(request, today)
    return render(
        request,
        "assessment/report_list.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "status": status,
            "receiving": request.GET.get("receiving") == "mine",
            "kinds": ReportKind.choices,
            "statuses": ReportStatus.choices,
            "own_teams": own_teams,
            "draft_kinds": _draft_kinds(own_teams, today),
            "default_year": today.year,
        },
    )


@login_required
def report_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = get_for_user(request, TeamReport, pk)
    user = request.user
    today = timezone.localdate()
    # What the page's forms show: the saved report, or what the user typed when the action was refused.
    typed = {"title": report.title, "body": report.body, "comment": ""}
    if request.method == "POST":
        action = request.POST.get("action", "")
        title = request.POST.get("title", "")[:200]
        body = request.POST.get("body", "")[: REPORT_BODY_MAX + 1]
        comment = request.POST.get("comment", "")[:500]
        try:
            if action == "save":
                reports.report_update(user=user, report=report, title=title, body=body, today=today)
                messages.success(request, "已保存")
            elif action == "submit":
                if "body" in request.POST:  # the text on screen is what is submitted, edits included
                    reports.report_update(user=user, report=report, title=title, body=body, today=today)
                reports.report_submit(user=user, report=report, today=today)
                messages.success(request, "已提交")
            elif action == "acknowledge":
                reports.report_acknowledge(user=user, report=report, comment=comment)
                messages.success(request, "已确认")
            elif action == "return":
                reports.report_return(user=user, report=report, comment=comment)
                messages.success(request, "已退回")
            else:
                messages.error(request, "无效的操作")
        except ServiceError as exc:
            messages.error(request, exc.message)
            report.refresh_from_db()
            typed = {
                "title": title if "title" in request.POST else report.title,
                "body": body if "body" in request.POST else report.body,
                "comment": comment,
            }
        else:
            return redirect("assessment:report_detail", report.pk)
    return render(
        request,
        "assessment/report_detail.html",
        {
            "report": report,
            "typed": typed,
            "may_write": reports.may_write(user, report.team, today) and report.is_editable,
            "may_decide": reports.may_decide(user, report) and report.status == ReportStatus.SUBMITTED,
            "body_max": REPORT_BODY_MAX,
        },
    )


@login_required
def report_print(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = get_for_user(request, TeamReport, pk)
    return render(request, "assessment/report_print.html", {"report": report})


@login_required
def report_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    r = get_for_user(request, TeamReport, pk)
    lines: list[list[object]] = [
        ["工作队", str(r.team)],
        ["报告类别", r.get_kind_display()],
        ["报告期间", reports.period_label(r.kind, r.year, r.period)],
        ["依据条款", r.provision],
        ["接收单位", f"{r.receiving_region.name}{rules.OFFICE_NAMES.get(r.receiving_office, '')}"],
        ["状态", r.get_status_display()],
        ["提交时间", timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""],
        ["处理意见", r.comment],
        ["标题", r.title],
    ]
    lines += [["正文", line] for line in r.body.splitlines()]
    content = xlsx.write(["项目", "内容"], lines, title="工作队报告", widths={0: 16, 1: 90})
    return exports.response(f"{r.title}.xlsx", content)


# --- duties ------------------------------------------------------------------------------------------


@login_required
def team_duties(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    team = get_for_user(request, Team, pk)
    today = timezone.localdate()
    year = _year(request, today)
    rows = duties.team_duties(team, year, today)
    return render(
        request,
        "assessment/duty_team.html",
        {"team": team, "year": year, "rows": rows, "counts": duties.state_counts(rows), "today": today},
    )


DUTY_HEADER = ["乡镇（街道）", "工作队", "事项", "期间", "截止日期", "状态", "完成情况", "依据", "检查结果"]


@login_required
def duty_overdue_list(request: AuthedHttpRequest) -> HttpResponse:
    """The county's overdue and due-soon duties (filters: township, kind; ?format=xlsx)."""
    user = request.user
    today = timezone.localdate()
    year = _year(request, today)
    county = _county_of(request)
    township = params.parse_filter_id(request.GET.get("township")) if request.GET.get("township") else None
    kind = request.GET.get("kind", "")
    if kind not in rule_duties.DUTY_NAMES:
        kind = ""
    state = request.GET.get("state", "")
    states = (state,) if state in (rule_duties.OVERDUE, rule_duties.DUE_SOON) else None
    rows: list[duties.DutyRow] = []
    townships: list[tuple[int, str]] = []
    if county is not None:
        teams = Team.objects.for_user(user).filter(village__township__parent=county)
        townships = sorted(
            set(teams.values_list("village__township_id", "village__township__name")), key=lambda t: t[1]
        )
        if township is not None:
            teams = teams.filter(village__township_id=township)
        rows = duties.open_duties(teams, year, today, kind=kind, **({"states": states} if states else {}))
    if request.GET.get("format") == "xlsx":
        lines = [
            [
                r.team.township,
                f"{r.team.village}驻村工作队",
                r.duty.name,
                r.duty.period_label,
                r.duty.due,
                r.state_name,
                r.detail,
                r.duty.provision,
                "；".join(f.text for f in r.findings),
            ]
            for r in rows
        ]
        content = xlsx.write(DUTY_HEADER, lines, title="逾期和即将到期事项")
        return exports.response(f"{county.name if county else ''}{year}年逾期和即将到期事项.xlsx", content)
    return render(
        request,
        "assessment/duty_overdue_list.html",
        {
            "county": county,
            "year": year,
            "rows": rows,
            "townships": townships,
            "township": township,
            "kind": kind,
            "state": state if states else "",
            "kinds": list(rule_duties.DUTY_NAMES.items()),
            "counts": duties.state_counts(rows),
            "query": request.GET.urlencode(),
        },
    )
