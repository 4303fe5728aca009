"""Spot checks (查岗) and absence explanations (情况说明): the list with the form to record a check,
the explanations with their xlsx export, and one explanation's steps (write, sign, send)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import parse_datetime, parse_id, parse_month
from teams import rules
from teams.access import get_for_user
from teams.county_policy import counties_for_user
from teams.errors import ServiceError
from teams.masking import id_number_for
from teams.models import Cadre
from teams.roster import xlsx
from teams.roster.exports import response as xlsx_response

from ...models import AbsenceExplanation, ExplanationState, SpotCheck
from .. import selectors, services
from .common import or_say


@login_required
def spot_check_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    can_record = user.office in (Office.TOWNSHIP_COMMITTEE, *services.COUNTY_OFFICES)
    if request.method == "POST" and can_record:
        cadre = get_for_user(request, Cadre, parse_id(request.POST.get("cadre")))
        try:
            # No time given: the check is happening now (the form offers now).
            at = parse_datetime(request.POST.get("at")) or timezone.localtime()
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
            services.spot_check_record(
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
    # What each unexcused absence leads to under its county's policy that day (rules.attendance): the
    # explanation only where ZMD-ABSENT is in force, QH10-ABSENT's consequence in Qinghai (correction 6).
    consequences: dict[tuple[int, datetime.date], str] = {}
    for check in checks:
        check.explanation_or_none = getattr(check, "explanation", None)  # type: ignore[attr-defined]
        if check.result == SpotCheck.Result.UNEXCUSED:
            key = (check.county_id, timezone.localtime(check.at).date())
            if key not in consequences:
                consequences[key] = selectors.absence_consequence(check.county, key[1]).text
            check.consequence = consequences[key]  # type: ignore[attr-defined]
    today = timezone.localdate()
    cadres = selectors.serving_cadres(user, today) if can_record else []
    return render(
        request,
        "attendance/spot_check_list.html",
        {
            "checks": checks,
            # The explanation workflow exists only where ZMD-ABSENT is in force (correction 6).
            "explains": any(
                selectors.absence_consequence(county, today).needs_explanation
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
    wanted, valid = or_say(request, lambda: parse_month(request.GET.get("month")), None)
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
        "attendance/explanation_list.html",
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
                services.explanation_write(actor=user, explanation=expl, text=request.POST.get("text", ""))
            elif step == "sign":
                services.explanation_sign(
                    actor=user, explanation=expl, signer_name=request.POST.get("signer_name", "")
                )
            elif step == "send":
                services.explanation_send(actor=user, explanation=expl)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存")
        return redirect(expl)
    return render(
        request,
        "attendance/explanation_detail.html",
        {
            "e": expl,
            "can_write": user.office == Office.CADRE and expl.state in ("pending", "written"),
            "can_sign": user.office == Office.DISPATCHING_UNIT and expl.state == "written",
            "can_send": user.office in (Office.TOWNSHIP_COMMITTEE, *services.COUNTY_OFFICES)
            and expl.state == "signed",
        },
    )
