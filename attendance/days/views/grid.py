"""The township's month grid (考勤) and its certification. Every object comes through ``for_user()``
(``get_for_user`` → 404 outside the jurisdiction); every write goes through ``days.services``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import parse_id, parse_int
from teams.access import get_for_user, townships_for_user
from teams.errors import ServiceError
from teams.models import Region, Team

from .. import selectors, services
from ..months import month_bounds, post_on, working_days
from .common import month_param, or_say

LEGEND = [
    ("Z", "在村（含住宿）"),
    ("B", "在村（未住宿）"),
    ("J", "请假"),
    ("G", "公务外出"),
    ("Q", "不在岗"),
    ("空", "未录入"),
]


def _grid_scope(request: AuthedHttpRequest) -> tuple[Region | None, Team | None]:
    params = request.POST if request.method == "POST" else request.GET
    team_id = parse_id(params.get("team"))
    township_id = parse_id(params.get("township"))
    team = get_for_user(request, Team, team_id) if team_id else None
    township = get_for_user(request, Region, township_id) if township_id else None
    if township is not None and township.level != "township":
        raise Http404
    if team is not None and township is None:
        # A team's grid belongs to its township: its certification, lock and county edit apply.
        township = team.village.township
    if team is None and township is None:
        township = townships_for_user(request.user).first()
    return township, team


@login_required
def grid_form(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office not in (Office.TOWNSHIP_COMMITTEE, Office.COUNTY_ORG_DEPT) and not user.is_superuser:
        raise Http404
    township, team = _grid_scope(request)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            year, month = month_param(request, today)
        except ServiceError as exc:
            # Nothing is written into a month other than the one the clerk had in front of them.
            messages.error(request, exc.message)
            scope = f"?team={team.pk}" if team else f"?township={township.pk}" if township else ""
            return redirect(reverse("attendance:grid_form") + scope)
        return _grid_post(request, year, month, township, team, today)
    (year, month), _ = or_say(request, lambda: month_param(request, today), (today.year, today.month))
    first, last = month_bounds(year, month)
    cadres = selectors.grid_cadres(actor=user, year=year, month=month, township=township, team=team)
    days = [first + datetime.timedelta(days=i) for i in range(last.day)]
    entered = {
        key: services.code_of(status, night)
        for key, (status, night) in selectors.grid_days([c.pk for c, _ in cadres], first, last).items()
    }
    county = team.village.township.parent if team else township.parent if township else None
    try:
        workdays = working_days(county, first, last) if county else set()
        calendar_error = ""
    except ServiceError as exc:
        workdays, calendar_error = set(), exc.message
    # A certified month is locked per township (a cadre may have moved in the month); only the county
    # office changes a locked day, so the township sees it greyed out and cannot type into it.
    locked_townships = {
        t
        for t, _, _ in selectors.certified_months(
            {p[3] for _, posts in cadres for p in posts}, [(year, month)]
        )
    }
    edits_locked = user.office == Office.COUNTY_ORG_DEPT or user.is_superuser
    rows = []
    for cadre, posts in cadres:
        cells = []
        for d in days:
            post = post_on(posts, d)
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
        certified = selectors.month_certification(township, year, month)
        if township.parent is not None and last < today:
            # SC-ATT: the county's deadline for the month (attendance_statistics_grace_days).
            certify_due = selectors.certification_due(township.parent, year, month, today)
            certified_on = timezone.localtime(certified.at).date() if certified else None
            certify_findings = selectors.certification_findings(
                township.parent, year, month, certified_on, today
            )
    context = {
        "year": year,
        "month": month,
        "month_value": f"{year}-{month:02d}",
        "prev": f"{(first - datetime.timedelta(days=1)):%Y-%m}",
        "next": f"{(last + datetime.timedelta(days=1)):%Y-%m}",
        "township": township,
        "team": team,
        "townships": townships_for_user(request.user),
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
        return render(request, "attendance/grid_form_table.html", context)
    return render(request, "attendance/grid_form.html", context)


def _grid_post(
    request: AuthedHttpRequest,
    year: int,
    month: int,
    township: Region | None,
    team: Team | None,
    today: datetime.date,
) -> HttpResponse:
    user = request.user
    last = month_bounds(year, month)[1]
    query = f"?month={year}-{month:02d}" + (
        f"&team={team.pk}" if team else f"&township={township.pk}" if township else ""
    )
    back = reverse("attendance:grid_form") + query
    try:
        if request.POST.get("action") == "fill":
            result = services.grid_fill(
                actor=user,
                year=year,
                month=month,
                township=township,
                team=team,
                today=today,
                code=request.POST.get("fill_code", ""),
                first_day=parse_int(request.POST.get("fill_from"), label="填充起始日", low=1, high=last.day),
                last_day=parse_int(request.POST.get("fill_to"), label="填充截止日", low=1, high=last.day),
                cadre_ids=[i for c in request.POST.getlist("fill_cadre") if (i := parse_id(c)) is not None],
                overwrite=request.POST.get("overwrite") == "1",
            )
        else:
            result = services.grid_cells_save(
                actor=user,
                year=year,
                month=month,
                township=township,
                team=team,
                today=today,
                cells=request.POST,
                reason=request.POST.get("reason", ""),
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
def certification_form(request: AuthedHttpRequest) -> HttpResponse:
    """Certifying locks the month for good (for the township), so it takes two steps: the grid's button
    (a GET) and any POST without ``confirm`` show what gets locked and ask; only the POST of that page
    (``confirm=1``) certifies. Plain forms: no script needed."""
    params = request.POST if request.method == "POST" else request.GET
    township = get_for_user(request, Region, parse_id(params.get("township")))
    # Back to the grid the clerk certified from: the team's when they came from a team's grid.
    team = parse_id(params.get("team"))
    back = reverse("attendance:grid_form") + (f"?team={team}" if team else f"?township={township.pk}")
    try:
        year, month = month_param(request, timezone.localdate())
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if request.method != "POST" or params.get("confirm") != "1":
        summary = selectors.month_certify_summary(
            actor=request.user, township=township, year=year, month=month
        )
        if summary.refusal:
            messages.error(request, summary.refusal)
            return redirect(back + f"&month={year}-{month:02d}")
        first, last = month_bounds(year, month)
        return render(
            request,
            "attendance/certification_form.html",
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
        done = services.month_certify(actor=request.user, township=township, year=year, month=month)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        county = township.parent
        assert county is not None
        today = timezone.localdate()
        late = selectors.certification_findings(
            county, year, month, timezone.localtime(done.at).date(), today
        )
        cite = "（SC-ATT）" if selectors.certification_due(county, year, month, today) is not None else ""
        messages.success(request, f"{township}{year}年{month}月考勤已确认并锁定{cite}")
        for finding in late:
            messages.warning(request, finding.message)
    return redirect(back + f"&month={year}-{month:02d}")


# --- check-in ---------------------------------------------------------------------------------------
