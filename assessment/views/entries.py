"""One entry's pages: propose, decide, score, its detail and export, and recalling the cadre."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import AssessmentEntry, Grade, Recall
from core import params
from teams import masking
from teams.access import get_for_user
from teams.models import Membership
from teams.roster import exports, xlsx

from .shared import ROLE_NAMES, _date


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
