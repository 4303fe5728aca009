"""Pages of the annual assessment: the rounds, a round with its entries (inputs, reasons, the cap box,
propose/decide forms, close), the 考核登记表 per cadre and the result list as xlsx. Every object is
fetched through ``for_user()`` (404 outside)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core import params
from teams import masking, rules
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.models import Membership, Team
from teams.policies import counties_for_user, county_policy
from teams.roster import exports, xlsx

from . import selectors, services
from .errors import AssessmentError
from .models import AssessmentEntry, AssessmentRound, Grade, Recall, ResultFiling, ReviewMethod

PAGE_SIZE = 50
ENTRY_ORDER = ("township__path", "team_id", "role", "cadre__name", "pk")  # the model's ordering, then pk
ROLE_NAMES = {"first_secretary": "第一书记", "member": "队员"}


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


def _route_text(route: Any) -> str:
    decider = rules.OFFICE_NAMES.get(route.decider, route.decider)
    if route.proposer:
        return f"{rules.OFFICE_NAMES.get(route.proposer, route.proposer)}提出考核意见，{decider}确定等次"
    if route.decider == Office.DISPATCHING_UNIT:
        return "派出单位对本单位选派的驻村干部进行考核，确定等次"
    return f"{decider}确定等次，不设提出意见环节"


def _back(request: AuthedHttpRequest, entry: AssessmentEntry) -> HttpResponse:
    """Back to the page of the list the form was on (only its search and page number are kept)."""
    given = QueryDict(request.POST.get("back", "")[:200])
    kept = {k: given[k][:40] for k in ("q", "page") if given.get(k)}
    query = f"?{urlencode(kept)}" if kept else ""
    return redirect(reverse("assessment:round_detail", args=[entry.round_id]) + f"{query}#entry-{entry.pk}")


def _act(request: AuthedHttpRequest, entry: AssessmentEntry, done: str, call: Any) -> HttpResponse:
    try:
        call()
    except AssessmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(request, entry)


@login_required
@require_POST
def entry_propose(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request, AssessmentEntry, pk)
    grade = request.POST.get("grade", "")
    return _act(
        request,
        entry,
        f"已提出{entry.cadre.name}的考核意见：{Grade(grade).label if grade in Grade.values else ''}",
        lambda: services.entry_propose(
            user=request.user, entry=entry, grade=grade, comment=request.POST.get("comment", "")[:500]
        ),
    )


@login_required
@require_POST
def entry_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request, AssessmentEntry, pk)
    grade = request.POST.get("grade", "")
    return _act(
        request,
        entry,
        f"已确定{entry.cadre.name}的考核等次：{Grade(grade).label if grade in Grade.values else ''}",
        lambda: services.entry_decide(
            user=request.user, entry=entry, grade=grade, comment=request.POST.get("comment", "")[:500]
        ),
    )


@login_required
@require_POST
def entry_score(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request, AssessmentEntry, pk)
    return _act(
        request,
        entry,
        f"已保存{entry.cadre.name}的测评得分",
        lambda: services.entry_score(
            user=request.user,
            entry=entry,
            village_score=request.POST.get("village_score", "")[:20],
            cadre_review_score=request.POST.get("cadre_review_score", "")[:20],
        ),
    )


def _register_row(request: AuthedHttpRequest, pk: int, today: datetime.date) -> selectors.EntryRow:
    """The 考核登记表's one row: the entry the user may read (another county's: 404), its inputs, reasons."""
    entry = get_for_user(request, AssessmentEntry, pk)
    view = selectors.round_view(entry.round, AssessmentEntry.objects.filter(pk=entry.pk), today=today)
    return view.rows[0]


@login_required
def entry_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """考核登记表: one cadre's entry with its inputs and reasons, printable."""
    today = timezone.localdate()
    row = _register_row(request, pk, today)
    entry, round_ = row.entry, row.entry.round
    may_recall = request.user.office == Office.COUNTY_ORG_DEPT and request.user.region_id == round_.county_id
    replacements = (
        Membership.objects.filter(team_id=entry.team_id)
        .exclude(cadre_id=entry.cadre_id)
        .select_related("cadre")
        .order_by("-start")
        if may_recall
        else Membership.objects.none()
    )
    recalls = (
        Recall.objects.for_user(request.user).filter(cadre_id=entry.cadre_id).select_related("replacement")
    )
    return render(
        request,
        "assessment/entry_detail.html",
        {
            "round": round_,
            "row": row,
            "recalls": recalls,
            "may_recall": may_recall,
            "replacements": replacements,
            "today": today,
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


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value is not None else None


@login_required
def entry_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The 考核登记表 as xlsx: the printable page's fields, one per line (项目, 内容, 依据), the ID number
    as the user may read it (teams.masking); text cells are formula-neutralised."""
    row = _register_row(request, pk, timezone.localdate())
    e, round_ = row.entry, row.entry.round
    days = row.attendance
    lines: list[list[object]] = [
        ["姓名", e.cadre.name, ""],
        ["公民身份号码", masking.id_number_for(request.user, e.cadre), ""],
        ["队内职务", ROLE_NAMES.get(e.role, e.role), ""],
        ["县（市、区）", round_.county.name, ""],
        ["乡镇（街道）", e.township.name, ""],
        ["村", e.team.village.name, ""],
        ["工作队", str(e.team), ""],
        ["派出单位", e.dispatching_unit.name, ""],
        ["考核年度", round_.year, ""],
        ["本年度驻村任职天数", e.service_days, ""],
        ["全年天数", e.period_days, ""],
        ["在村天数", days.in_village if days else None, ""],
        ["请假天数", days.leave if days else None, ""],
        ["公务外出天数", days.business if days else None, ""],
        ["不在岗天数", days.absent if days else None, ""],
    ]
    lines += [["考勤提示", f.message, f.provision] for f in (days.findings if days else [])]
    lines += [
        ["未达标月数", row.months_short, ""],
        ["查岗无故不在岗次数", row.unexcused_absences, ""],
        ["村民测评得分", e.village_score, ""],
        ["村干部评议得分", e.cadre_review_score, ""],
        ["建议等次", e.get_proposed_grade_display(), ""],
        ["提出人", e.proposed_by.display_name if e.proposed_by else "", ""],
        ["提出时间", _day(e.proposed_at), ""],
        ["考核意见", e.proposed_comment, ""],
        ["确定等次", e.get_grade_display(), ""],
        ["确定人", e.decided_by.display_name if e.decided_by else "", ""],
        ["确定时间", _day(e.decided_at), ""],
        ["确定意见", e.decided_comment, ""],
    ]
    if row.may_be_excellent:
        lines.append(["能否评优", "可评优秀", ""])
    lines += [["不能评优原因", r.message, r.provision] for r in row.reasons]
    content = xlsx.write(
        ["项目", "内容", "依据"], lines, title=f"{round_.year}年度考核登记表", widths={0: 20, 1: 60, 2: 16}
    )
    return exports.response(f"{e.cadre.name}{round_.year}年度考核登记表.xlsx", content)


# --- end-of-term review (期满考核) ---------------------------------------------------------------------


def _county_of(request: AuthedHttpRequest) -> Any:
    counties = counties_for_user(request.user).order_by("code")
    wanted = params.parse_filter_id(request.GET.get("county"))
    if wanted is not None:
        found = counties.filter(pk=wanted).first()
        if found is not None:
            return found
    return counties.first()


@login_required
def term_review_list(request: AuthedHttpRequest) -> HttpResponse:
    """Memberships ending within three months or ended, with their end-of-term review and findings."""
    county = _county_of(request)
    today = timezone.localdate()
    rows = selectors.term_reviews(request.user, county, today=today) if county is not None else []
    return render(
        request,
        "assessment/term_review_list.html",
        {"county": county, "rows": rows, "may_record": request.user.office == Office.COUNTY_ORG_DEPT},
    )


def _date(raw: str, label: str) -> datetime.date | None:
    raw = raw.strip()[:20]
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise AssessmentError("assessment_bad_date", f"{label}应为有效日期（年-月-日）") from None


@login_required
def term_review_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(request, Membership, pk)
    county = membership.team.village.township.parent
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            reviewed_on = _date(post.get("reviewed_on", ""), "考核日期")
            if reviewed_on is None:
                raise AssessmentError("assessment_bad_date", "请填写考核日期")
            services.term_review_record(
                user=request.user,
                membership=membership,
                reviewed_on=reviewed_on,
                result=post.get("result", ""),
                methods=post.getlist("methods")[:10],
                summary=post.get("summary", "")[:2000],
                in_personal_file=post.get("in_personal_file") == "on",
                published_from=_date(post.get("published_from", ""), "公示开始日期"),
                published_to=_date(post.get("published_to", ""), "公示结束日期"),
                today=today,
            )
        except AssessmentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记{membership.cadre.name}的期满考核")
            return redirect(reverse("assessment:term_review_list") + f"?county={county.pk if county else ''}")
    row = selectors.term_review_row(membership, today=today)
    return render(
        request,
        "assessment/term_review_form.html",
        {
            "membership": membership,
            "row": row,
            "grades": Grade.choices,
            "methods": ReviewMethod.choices,
            "today": today,
            "may_record": request.user.office == Office.COUNTY_ORG_DEPT,
        },
    )


@login_required
@require_POST
def entry_recall(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """召回 recorded from a cadre's 考核登记表 (QH-RECALL): reasons, the unit's action, the replacement
    and the interview of the unit's head."""
    entry = get_for_user(request, AssessmentEntry, pk)
    post = request.POST
    replacement = post.get("replacement", "")
    try:
        recalled_on = _date(post.get("recalled_on", ""), "召回日期")
        if recalled_on is None:
            raise AssessmentError("assessment_bad_date", "请填写召回日期")
        services.recall_record(
            user=request.user,
            cadre=entry.cadre_id,
            recalled_on=recalled_on,
            reasons=post.get("reasons", "")[:2000],
            after_incompetent=post.get("after_incompetent") == "on",
            unit_action=post.get("unit_action", "")[:2000],
            replacement=params.parse_filter_id(replacement),
            head_interviewed_on=_date(post.get("head_interviewed_on", ""), "约谈日期"),
            head_interview_note=post.get("head_interview_note", "")[:2000],
        )
    except AssessmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{entry.cadre.name}的召回")
    return redirect("assessment:entry_detail", entry.pk)


# --- targets (目标责任书, SC-TARGET) -------------------------------------------------------------------


@login_required
def target_list(request: AuthedHttpRequest) -> HttpResponse:
    """The county's teams of a year with their 目标责任书 and what SC-TARGET finds; the county office
    records one per team and year."""
    user = request.user
    today = timezone.localdate()
    county = _county_of(request)
    try:
        year = params.parse_year(request.GET.get("year") or request.POST.get("year")) or today.year
    except ServiceError as exc:
        messages.error(request, exc.message)
        year = today.year
    if request.method == "POST" and county is not None:
        team = params.parse_filter_id(request.POST.get("team"))
        try:
            signed_on = _date(request.POST.get("signed_on", ""), "签订日期")
            if signed_on is None or team is None:
                raise AssessmentError("assessment_bad_date", "请选择工作队并填写签订日期")
            services.target_record(
                user=user,
                team=team,
                year=year,
                signed_on=signed_on,
                targets=request.POST.get("targets", "")[:4000],
                today=today,
            )
        except AssessmentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记目标责任书")
        return redirect(
            reverse("assessment:target_list") + f"?{urlencode({'county': county.pk, 'year': year})}"
        )
    rows: list[selectors.TargetRow] = []
    provision = None
    if county is not None:
        policy = county_policy(county, datetime.date(year, 12, 31))
        provision = policy.in_force("SC-TARGET")
        teams = (
            Team.objects.for_user(user)
            .filter(village__township__parent=county, term_start__lte=datetime.date(year, 12, 31))
            .exclude(term_end__lt=datetime.date(year, 1, 1))
            .values_list("pk", flat=True)
        )
        found = selectors.team_targets(policy, teams, year, today=today)
        rows = sorted(found.values(), key=lambda r: (r.team.village.township.name, r.team.village.name))
    return render(
        request,
        "assessment/target_list.html",
        {
            "county": county,
            "year": year,
            "rows": rows,
            "provision": provision,
            "may_record": user.office == Office.COUNTY_ORG_DEPT,
            "today": today,
        },
    )
