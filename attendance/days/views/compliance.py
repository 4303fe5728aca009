"""The county's attendance page (在岗情况): compliance per cadre, township and team, monthly or yearly,
with its xlsx export."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.models import User
from accounts.typing import AuthedHttpRequest
from core import caching
from core.params import YEAR_RANGE, parse_id, parse_year
from teams.caches import ROSTER_GENERATION, policy_generation
from teams.context_processors import provisions_in_force
from teams.county_policy import Policies, counties_for_user
from teams.masking import id_number_for
from teams.models import Region
from teams.roster import xlsx
from teams.roster.exports import response as xlsx_response
from teams.scoping import scope_generations

from ...caches import FIGURES_GENERATION
from ...models import CadreMonthSummary
from .. import compliance, selectors
from ..months import month_bounds
from .common import county_param, month_param, or_say

COMPLIANCE_PER_PAGE = 50
# Writes that send no signal (synth_province, the demo's bulk rows) are seen after at most this long.
COMPLIANCE_TIMEOUT = 10 * 60


@login_required
def compliance_list(request: AuthedHttpRequest) -> HttpResponse:
    """The county's attendance page. Figures come from CadreMonthSummary (the same rows as the live
    count, see ``compliance.county_month``); the table is paginated and filtered by township, team and
    failing; the ZMD week is checked only for the rows shown (for every row with "only failing")."""
    user = request.user
    today = timezone.localdate()
    # The counties the user reaches, kept as the page's body is (a county's few rows, one query less).
    counties = caching.cached(
        "compliance-counties",
        (user.pk,),
        (ROSTER_GENERATION, *scope_generations(user.pk)),
        lambda: list(counties_for_user(user)),
        COMPLIANCE_TIMEOUT,
    )
    county = county_param(request, counties)
    period = "year" if request.GET.get("period") == "year" else "month"

    def asked() -> tuple[int, int]:
        year, month = month_param(request, today)
        return (parse_year(request.GET.get("year")) or year, month) if period == "year" else (year, month)

    (year, month), valid = or_say(request, asked, (today.year, today.month))
    if request.GET.get("format") == "xlsx" and valid:
        scope = selectors.county_cadres(user, county)
        # The export is the full live computation (every cadre, every week).
        if period == "year":
            full = compliance.year_compliance(scope, year, today=today)
        else:
            full = compliance.month_compliance(scope, year, month, today=today)
        return _compliance_xlsx(full, county, period, year, month, reader=user)
    # Issue 15: the page's body (its figures, judged, and their table) is kept across requests for this
    # user and these parameters until an attendance or roster write, the user's scope or the day changes
    # (attendance/caches.py, teams/caches.py); the export above is always computed afresh.
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    body = caching.cached(
        "compliance-page",
        (
            user.pk,
            county.pk if county is not None else None,
            period,
            year,
            month,
            today,
            tuple(sorted((k, tuple(v)) for k, v in request.GET.lists())),
        ),
        (
            FIGURES_GENERATION,
            ROSTER_GENERATION,
            *scope_generations(user.pk),
            *([policy_generation(county.pk)] if county is not None else []),
        ),
        lambda: _body(request, user, counties, county, period, year, month, today, params.urlencode()),
        COMPLIANCE_TIMEOUT,
    )
    return render(
        request,
        "attendance/compliance_list.html",
        {"body": mark_safe(body), "county": county, "year": year},  # noqa: S308 - rendered by a template
    )


def _body(
    request: AuthedHttpRequest,
    user: User,
    counties: list[Region],
    county: Region | None,
    period: str,
    year: int,
    month: int,
    today: datetime.date,
    query: str,
) -> str:
    """The page below the menu: its filters, figures and table (``_compliance_body.html``)."""
    scope = selectors.county_cadres(user, county)
    weeks: compliance.WeekContext | None = None
    team_years: list[compliance.TeamYearRow] = []
    if period == "year":
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        rows = compliance.county_year(scope, year, today=today)
        # QH-YEAR names the team (驻村工作队每年驻村工作时间不少于200天): judged per team, the cadres' own
        # years beside it for information.
        team_years = compliance.team_year_compliance(scope, year, today=today, members=rows)
    else:
        start, end = month_bounds(year, month)
        rows, weeks = compliance.county_month(
            scope, CadreMonthSummary.objects.for_user(user), year, month, county=county, today=today
        )
    # Township and team figures: the month (or year) minimum, before the week rule. The teams are listed
    # for the township chosen (a county has about 150 of them).
    townships = compliance.groups(rows, "township")
    township_names = dict(sorted({(r.township_id, r.township) for r in rows}, key=lambda t: t[1]))
    township_id = parse_id(request.GET.get("township"))
    team_id = parse_id(request.GET.get("team"))
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
    # Convention 3: the county's reading of JN-MONTH / ZMD-MONTH 20个工作日, said on the page.
    policy = Policies().get(county, end) if county is not None else None
    month_provision = policy.month_provision if policy is not None else None
    return render_to_string(
        "attendance/_compliance_body.html",
        {
            "cited": provisions_in_force(user),
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
            "query": query,
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
    rows: list[compliance.Row], county: Region | None, period: str, year: int, month: int, *, reader: User
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
