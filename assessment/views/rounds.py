"""Round pages: the list, a round's register, closing it, its export, and the unit acknowledging its results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, AssessmentRound, ResultFiling
from core import params
from teams import rules
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.roster import exports, xlsx

from .shared import ROLE_NAMES, _route_text

PAGE_SIZE = 50
ENTRY_ORDER = ("township__path", "team_id", "role", "cadre__name", "pk")  # the model's ordering, then pk


@login_required
def round_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if request.method == "POST":
        try:
            year = params.parse_year(request.POST.get("year", ""))
            if year is None:
                raise AssessmentError("assessment_bad_year", "请填写考核年度", "year")
            round_ = services.round_open(user=user, year=year, today=today)
        except ServiceError as exc:  # the service's refusals and a year that is no year
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已发起{round_}，共{round_.entries.count()}名驻村干部")
            return redirect("assessment:round_detail", round_.pk)
        return redirect("assessment:round_list")
    rounds = AssessmentRound.objects.for_user(user).select_related("county", "opened_by", "closed_by")
    filings = selectors.unit_filings(user)
    return render(
        request,
        "assessment/round_list.html",
        {
            "rounds": rounds,
            "filings": filings,
            "may_open": user.office == Office.COUNTY_ORG_DEPT,
            "default_year": today.year,
            "min_year": params.MIN_YEAR,
        },
    )


def _grade_choices(grades: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(g, rules.GRADE_NAMES[g]) for g in grades]


@login_required
def round_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_for_user(request, AssessmentRound, pk)
    user = request.user
    entries = AssessmentEntry.objects.for_user(user).filter(round=round_)
    todo = request.GET.get("todo") == "1"
    if todo:  # the entries waiting for the user's own step (the home page's work list)
        entries = selectors.entries_awaiting(user, round_, selectors.capacity(user, round_))
    if q := request.GET.get("q", "").strip()[:40]:
        entries = entries.filter(selectors.filter_q(q))
    # A county of 300 teams holds about 1,200 entries: a page at a time, the cap and unit bars still
    # count the whole round.
    page = Paginator(entries.order_by(*ENTRY_ORDER).values_list("pk", flat=True), PAGE_SIZE)
    shown = page.get_page(request.GET.get("page"))
    view = selectors.round_view(
        round_, AssessmentEntry.objects.filter(pk__in=list(shown.object_list)), today=timezone.localdate()
    )
    capacity = selectors.capacity(user, round_, view.policy)
    route = capacity.route
    decide_rows = {row.entry.pk for row in view.rows if selectors.may_decide_entry(user, row.entry, route)}
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": round_,
            "view": view,
            "capacity": capacity,
            "decide_rows": decide_rows,
            "grade_choices": _grade_choices(capacity.grades.grades),
            "route_text": _route_text(route),
            "provision": rules.BY_ID.get(route.provision),
            "grade_provision": capacity.grades.provision,
            "q": q,
            "todo": todo,
            "page": shown,
            "query": urlencode({k: v for k, v in (("q", q), ("todo", "1" if todo else "")) if v}),
            "ungraded": round_.entries.filter(grade="").count(),
            "procedure": selectors.procedure_findings(round_, view.policy, today=timezone.localdate()),
            "notes": selectors.round_notes(view.policy),
            "filings": round_.filings.select_related("dispatching_unit") if not round_.is_open else [],
            "result_to": [rules.OFFICE_NAMES.get(c, c) for c in round_.result_to.split(",") if c],
        },
    )


@login_required
@require_POST
def filing_receive(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The unit acknowledges (签收) the results sent to it; back to the page it came from."""
    filing = get_for_user(request, ResultFiling, pk)
    try:
        services.filing_receive(user=request.user, filing=filing)
    except AssessmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已签收{filing.round}结果")
    return redirect("home" if request.POST.get("next") == "home" else "assessment:round_list")


@login_required
@require_POST
def round_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_for_user(request, AssessmentRound, pk)
    try:
        services.round_close(user=request.user, round_=round_)
    except AssessmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{round_}已结束，结果已送各派出单位")
    return redirect("assessment:round_detail", round_.pk)


@login_required
def round_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The result list (the entries the user may see) as xlsx; text cells are formula-neutralised."""
    round_ = get_for_user(request, AssessmentRound, pk)
    entries = AssessmentEntry.objects.for_user(request.user).filter(round=round_)
    view = selectors.round_view(round_, entries, today=timezone.localdate())
    header = [
        "乡镇（街道）",
        "工作队",
        "姓名",
        "队内职务",
        "派出单位",
        "本年度任职天数",
        "在村天数",
        "请假天数",
        "未达标月数",
        "无故不在岗次数",
        "村民测评",
        "村干部评议",
        "建议等次",
        "确定等次",
        "不能评优原因",
    ]
    rows = (
        [
            row.entry.township.name,
            str(row.entry.team),
            row.entry.cadre.name,
            ROLE_NAMES.get(row.entry.role, row.entry.role),
            row.entry.dispatching_unit.name,
            row.entry.service_days,
            row.attendance.in_village if row.attendance else None,
            row.attendance.leave if row.attendance else None,
            row.months_short,
            row.unexcused_absences,
            row.entry.village_score,
            row.entry.cadre_review_score,
            row.entry.get_proposed_grade_display(),
            row.entry.get_grade_display(),
            "；".join(r.message for r in row.reasons),
        ]
        for row in view.rows
    )
    content = xlsx.write(header, rows, title=f"{round_.year}年度考核结果")
    return exports.response(f"{round_.county.name}{round_.year}年度考核结果.xlsx", content)
