"""Team reports: drafted from the period's records, edited and submitted by the team, acknowledged or
returned by the office the policy names.

A report names its provision (QH-COMMIT, SC-REPORT, JN-REPORT; an incident report JN 发生重大问题…及时报告
names none) and its receiving office (teams.rules.duties.REPORT_RECEIVER). The draft is composed only of
the period's records: log entries (worklog.selectors.entries_between), meetings the team's cadres
attended, support visits, the cadres' month summaries (days in village) and approved leave in the period.
Submitting, acknowledging and returning take the report's row lock, so a double click or two clerks at
once act once.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Office, User
from core import params
from teams import rules
from teams.county_policy import county_policy
from teams.models import Membership, Region, Team
from teams.rules import duties as rule_duties

from . import errors
from .errors import AssessmentError
from .models import REPORT_BODY_MAX, ReportKind, ReportStatus, TeamReport

KIND_NAMES = dict(ReportKind.choices)
SUBMITTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACKNOWLEDGED)


# --- who ---------------------------------------------------------------------------------------------


def team_cadre_ids(team: Team, today: datetime.date) -> set[int]:
    """The team's leader and first secretary on ``today``: who drafts and submits its reports."""
    return set(
        Membership.objects.active_on(today)
        .filter(team=team)
        .filter(Q(is_leader=True) | Q(role="first_secretary"))
        .values_list("cadre_id", flat=True)
    )


def may_write(user: User, team: Team, today: datetime.date) -> bool:
    return (
        user.office == Office.CADRE
        and user.cadre_id is not None
        and user.cadre_id in team_cadre_ids(team, today)
    )


def may_decide(user: User, report: TeamReport) -> bool:
    return user.office == report.receiving_office and user.region_id == report.receiving_region_id


def _county(team: Team) -> Region:
    township = team.village.township
    county = township.parent
    assert county is not None
    return county


def receiving_region(team: Team, office: str) -> Region:
    return team.village.township if office == Office.TOWNSHIP_COMMITTEE else _county(team)


# --- periods -----------------------------------------------------------------------------------------


def period_label(kind: str, year: int, period: int | None) -> str:
    if kind == ReportKind.INCIDENT:
        return f"{year}年"
    return rule_duties.period_label(kind, year, period)


def report_title(team: Team, kind: str, year: int, period: int | None) -> str:
    """…2026年第三季度报告 / …2026年上半年报告 (not 第三季度季度报告): a period names the kind already."""
    name = "报告" if kind in (ReportKind.QUARTERLY, ReportKind.HALF_YEAR) and period else KIND_NAMES[kind]
    return f"{team.village.name}驻村工作队{period_label(kind, year, period)}{name}"


def _check_period(
    policy: rules.Policy, kind: str, year: int, period: int | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    if kind not in KIND_NAMES:
        raise AssessmentError(errors.REPORT_BAD_KIND, errors.REPORT_BAD_KIND_MSG, "kind")
    if not isinstance(year, int) or not params.MIN_YEAR <= year <= today.year:
        raise AssessmentError(
            errors.REPORT_BAD_YEAR,
            errors.REPORT_BAD_YEAR_MSG.format(low=params.MIN_YEAR, high=today.year),
            "year",
        )
    if kind != ReportKind.INCIDENT and rule_duties.report_provision(policy, kind) is None:
        raise AssessmentError(
            errors.REPORT_KIND_NOT_IN_POLICY,
            errors.REPORT_KIND_NOT_IN_POLICY_MSG.format(policy=policy.name, kind=KIND_NAMES[kind]),
            "kind",
        )
    allowed = rule_duties.report_periods(kind)
    if (period is None) != (not allowed) or (period is not None and period not in allowed):
        raise AssessmentError(
            errors.REPORT_BAD_PERIOD, errors.REPORT_BAD_PERIOD_MSG.format(kind=KIND_NAMES[kind]), "period"
        )
    start, end = rule_duties.report_bounds(kind, year, period)
    if kind == ReportKind.INCIDENT:
        end = min(end, today)
    if start > today:
        raise AssessmentError(
            errors.REPORT_NOT_STARTED,
            errors.REPORT_NOT_STARTED_MSG.format(
                period=period_label(kind, year, period), start=start.isoformat()
            ),
            "period",
        )
    return start, end


# --- drafting ----------------------------------------------------------------------------------------


def report_draft(team: Team, kind: str, year: int, period: int | None) -> str:
    """The body composed from the period's records and nothing else."""
    from attendance.models import CadreMonthSummary, LeaveRequest, LeaveStatus
    from worklog.models import Meeting, SupportVisit
    from worklog.selectors import entries_between

    start, end = rule_duties.report_bounds(kind, year, period)
    label = period_label(kind, year, period)
    cadre_ids = list(
        Membership.objects.filter(team=team, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list("cadre_id", flat=True)
    )
    lines = [
        f"{report_title(team, kind, year, period)}",
        f"报告期间：{start.isoformat()}至{end.isoformat()}",
        "",
    ]

    lines.append("一、驻村日志")
    entries = list(entries_between(team, start, end))
    if not entries:
        lines.append("（本期无日志）")
    entry_lines = []
    for entry in entries:
        who = entry.cadre.name if entry.cadre else "工作队"
        place = f"，{entry.place}" if entry.place else ""
        entry_lines.append(
            f"{entry.date.isoformat()} {entry.get_kind_display()}（{who}{place}）：{entry.summary}"
        )
    head = lines
    lines = []

    lines += ["", "二、参加会议"]
    meetings = list(
        Meeting.objects.filter(attendees__in=cadre_ids, date__gte=start, date__lte=end)
        .distinct()
        .order_by("date", "pk")
    )
    if not meetings:
        lines.append("（本期无会议记录）")
    for meeting in meetings:
        lines.append(f"{meeting.date.isoformat()} {meeting.get_level_display()}：{meeting.title}")

    lines += ["", "三、领导到村和听取汇报"]
    visits = list(
        SupportVisit.objects.filter(team=team, date__gte=start, date__lte=end).order_by("date", "pk")
    )
    if not visits:
        lines.append("（本期无记录）")
    for visit in visits:
        who = f"（{visit.visitor}）" if visit.visitor else ""
        lines.append(f"{visit.date.isoformat()} {visit.get_kind_display()}{who}")

    lines += ["", "四、在村情况"]
    months = [(d.year, d.month) for d in _months(start, end)]
    summaries = (
        CadreMonthSummary.objects.filter(cadre_id__in=cadre_ids, team=team)
        .filter(_month_filter(months))
        .select_related("cadre")
        .order_by("cadre__name", "year", "month")
    )
    found = False
    for s in summaries:
        found = True
        lines.append(f"{s.cadre.name} {s.year}年{s.month}月：在村{s.in_village}天，请假{s.leave}天")
    if not found:
        lines.append("（本期无考勤汇总）")

    lines += ["", "五、请假"]
    leaves = (
        LeaveRequest.objects.filter(
            cadre_id__in=cadre_ids,
            status__in=(LeaveStatus.APPROVED, LeaveStatus.CLOSED),
            start__lte=end,
            end__gte=start,
        )
        .select_related("cadre")
        .order_by("start", "pk")
    )
    found = False
    for leave in leaves:
        found = True
        lines.append(
            f"{leave.cadre.name} {leave.start.isoformat()}至{leave.end.isoformat()} "
            f"{leave.get_kind_display()}{leave.days}天"
        )
    if not found:
        lines.append("（本期无批准的请假）")
    lines += ["", f"{label}思想、工作、学习情况：", ""]
    return "\n".join(head + _fit(entry_lines, REPORT_BODY_MAX - len("\n".join(head + lines)) - 2) + lines)[
        :REPORT_BODY_MAX
    ]


def _fit(entry_lines: list[str], room: int) -> list[str]:
    """The log's lines that fit the body, and a line saying how many were left out (never cut silently)."""
    kept: list[str] = []
    used = 0
    for n, line in enumerate(entry_lines):
        rest = len(entry_lines) - n
        note = f"（另有{rest}条日志未列出，详见驻村日志）"
        if used + len(line) + 1 + (len(note) + 1 if rest > 1 else 0) > room:
            return [*kept, note]
        kept.append(line)
        used += len(line) + 1
    return kept


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return out


def _month_filter(months: list[tuple[int, int]]) -> Q:
    q = Q(pk__in=[])
    for year, month in months:
        q |= Q(year=year, month=month)
    return q


# --- writes ------------------------------------------------------------------------------------------


def _team_for(user: User, team: Team | int) -> Team:
    pk = team.pk if isinstance(team, Team) else team
    found = Team.objects.for_user(user).filter(pk=pk).select_related("village__township__parent").first()
    if found is None:
        raise Http404
    return found


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise AssessmentError(errors.REPORT_NO_TITLE, errors.REPORT_NO_TITLE_MSG, "title")
    if not body:
        raise AssessmentError(errors.REPORT_NO_BODY, errors.REPORT_NO_BODY_MSG, "body")
    if len(body) > REPORT_BODY_MAX:
        raise AssessmentError(
            errors.REPORT_TOO_LONG, errors.REPORT_TOO_LONG_MSG.format(limit=REPORT_BODY_MAX), "body"
        )
    return title[:100], body


def report_create(
    *,
    user: User,
    team: Team | int,
    kind: str,
    year: int,
    period: int | None,
    today: datetime.date,
    title: str = "",
    body: str = "",
) -> TeamReport:
    """A draft for the period, its body composed from the period's records unless ``body`` is given."""
    found = _team_for(user, team)
    if not may_write(user, found, today):
        raise AssessmentError(errors.REPORT_NOT_TEAM, errors.REPORT_NOT_TEAM_MSG)
    county = _county(found)
    policy = county_policy(county, today)
    _check_period(policy, kind, year, period, today)
    office = rule_duties.report_receiver(policy, kind)
    assert office is not None
    if kind == ReportKind.INCIDENT:
        provision = ""
    else:
        provision = rule_duties.report_provision(policy, kind) or ""
    title, body = _clean_text(
        title or report_title(found, kind, year, period), body or report_draft(found, kind, year, period)
    )
    duplicate = AssessmentError(
        errors.REPORT_DUPLICATE,
        errors.REPORT_DUPLICATE_MSG.format(
            team=found, period=period_label(kind, year, period), kind=KIND_NAMES[kind]
        ),
    )
    if (
        kind != ReportKind.INCIDENT
        and TeamReport.objects.filter(team=found, kind=kind, year=year, period=period).exists()
    ):
        raise duplicate
    try:
        with transaction.atomic():
            return TeamReport.objects.create(
                team=found,
                kind=kind,
                year=year,
                period=period,
                provision=provision,
                title=title,
                body=body,
                receiving_office=office,
                receiving_region=receiving_region(found, office),
                created_by=user,
            )
    except IntegrityError:  # a second click raced the first past the check
        raise duplicate from None


def _notify(recipients: QuerySet[User], report: TeamReport, text: str) -> None:
    """A 消息 that opens the report (written in the caller's transaction: no message for a refused act)."""
    from django.urls import reverse

    from attendance.models import Notification

    url = reverse("assessment:report_detail", args=[report.pk])
    Notification.objects.bulk_create(
        Notification(recipient=u, text=text[:300], target_url=url, target_label=report.title[:100])
        for u in recipients.filter(is_active=True)
    )


def _locked(user: User, report: TeamReport | int) -> TeamReport:
    pk = report.pk if isinstance(report, TeamReport) else report
    if not TeamReport.objects.for_user(user).filter(pk=pk).exists():
        raise Http404
    return TeamReport.objects.select_for_update().select_related("team__village__township").get(pk=pk)


def report_update(
    *, user: User, report: TeamReport | int, title: str, body: str, today: datetime.date
) -> TeamReport:
    with transaction.atomic():
        found = _locked(user, report)
        if not may_write(user, found.team, today):
            raise AssessmentError(errors.REPORT_NOT_TEAM, errors.REPORT_NOT_TEAM_MSG)
        if not found.is_editable:
            raise AssessmentError(
                errors.REPORT_NOT_EDITABLE,
                errors.REPORT_NOT_EDITABLE_MSG.format(status=found.get_status_display()),
            )
        found.title, found.body = _clean_text(title, body)
        found.save(update_fields=["title", "body"])
        return found


def report_submit(*, user: User, report: TeamReport | int, today: datetime.date) -> TeamReport:
    """Draft (or returned) → submitted; a second submission is refused and writes nothing."""
    with transaction.atomic():
        found = _locked(user, report)
        if not may_write(user, found.team, today):
            raise AssessmentError(errors.REPORT_NOT_TEAM, errors.REPORT_NOT_TEAM_MSG)
        if not found.is_editable:
            raise AssessmentError(
                errors.REPORT_ALREADY_SUBMITTED,
                errors.REPORT_ALREADY_SUBMITTED_MSG.format(status=found.get_status_display()),
            )
        found.status = ReportStatus.SUBMITTED
        found.submitted_at = timezone.now()
        found.submitted_by = user
        found.save(update_fields=["status", "submitted_at", "submitted_by"])
        _notify(
            User.objects.filter(office=found.receiving_office, region_id=found.receiving_region_id),
            found,
            f"{found.team}提交了《{found.title}》，请确认或退回",
        )
        return found


def _decide(user: User, report: TeamReport | int, status: str, comment: str) -> TeamReport:
    with transaction.atomic():
        found = _locked(user, report)
        if not may_decide(user, found):
            raise AssessmentError(
                errors.REPORT_NOT_RECEIVER,
                errors.REPORT_NOT_RECEIVER_MSG.format(
                    office=rules.OFFICE_NAMES.get(found.receiving_office, "")
                ),
            )
        if found.status != ReportStatus.SUBMITTED:
            raise AssessmentError(
                errors.REPORT_NOT_SUBMITTED,
                errors.REPORT_NOT_SUBMITTED_MSG.format(status=found.get_status_display()),
            )
        found.status = status
        found.decided_at = timezone.now()
        found.decided_by = user
        found.comment = (comment or "").strip()[:500]
        found.save(update_fields=["status", "decided_at", "decided_by", "comment"])
        if found.submitted_by_id is not None:
            remark = f"：{found.comment}" if found.comment else ""
            _notify(
                User.objects.filter(pk=found.submitted_by_id),
                found,
                f"《{found.title}》{found.get_status_display()}{remark}",
            )
        return found


def report_acknowledge(*, user: User, report: TeamReport | int, comment: str = "") -> TeamReport:
    return _decide(user, report, ReportStatus.ACKNOWLEDGED, comment)


def report_return(*, user: User, report: TeamReport | int, comment: str) -> TeamReport:
    if not (comment or "").strip():
        raise AssessmentError(errors.REPORT_RETURN_NO_COMMENT, errors.REPORT_RETURN_NO_COMMENT_MSG, "comment")
    return _decide(user, report, ReportStatus.RETURNED, comment)


# --- reads -------------------------------------------------------------------------------------------


def reports_for(user: User) -> QuerySet[TeamReport]:
    return TeamReport.objects.for_user(user).select_related(
        "team__village__township", "receiving_region", "submitted_by", "decided_by"
    )


def received_by(user: User, reports: QuerySet[TeamReport]) -> QuerySet[TeamReport]:
    """Those of ``reports`` sent to the user's own office and region (the ones ``may_decide`` allows)."""
    return reports.filter(receiving_office=user.office, receiving_region_id=user.region_id)
