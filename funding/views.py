"""Pages of the work funds: the year's list (xlsx), a fund with its allocations and expenditures, the
allocation form (county), the expenditure form with its receipt (township or the team's cadre), the
approval (county) and the receipt download. Every object is fetched through ``for_user()`` (404 outside)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.models import Region, Team
from teams.roster import exports, xlsx

from . import errors, selectors, services
from .models import Expenditure, ExpenditureCategory, WorkFund


def _year(request: AuthedHttpRequest, today: object) -> int:
    try:
        year = params.parse_year(request.GET.get("year", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        year = None
    return year if year is not None else today.year  # type: ignore[attr-defined]


@login_required
def fund_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    year = _year(request, today)
    township = params.parse_filter_id(request.GET.get("township"))
    under_only = request.GET.get("under") == "1"
    rows = selectors.fund_rows(user, year, today=today, township=township, under_only=under_only)
    if request.GET.get("format") == "xlsx":
        header = [
            "乡镇（街道）",
            "派驻村",
            "经费下限（元）",
            "依据",
            "已拨付（元）",
            "已批准支出（元）",
            "待审批支出（元）",
            "余额（元）",
            "问题",
        ]
        content = xlsx.write(
            header,
            (
                [
                    r.team.village.township.name,
                    r.team.village.name,
                    r.floor,
                    r.provision,
                    r.totals.allocated,
                    r.totals.approved,
                    r.totals.pending,
                    r.totals.balance,
                    "；".join(f.message for f in r.findings),
                ]
                for r in rows
            ),
            title=f"{year}年工作经费",
        )
        return exports.response(f"{year}年驻村工作经费.xlsx", content)
    townships = Region.objects.for_user(user).filter(level="township").order_by("path")
    return render(
        request,
        "funding/fund_list.html",
        {
            "rows": rows,
            "year": year,
            "township": township,
            "townships": townships,
            "under_only": under_only,
            "under_count": sum(1 for r in rows if r.under_floor),
            "may_allocate": user.office == Office.COUNTY_ORG_DEPT,
            "set_floor_url": selectors.setting_url(user, "work_funds_min", today),
            **params.YEAR_RANGE,
        },
    )


@login_required
def fund_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    fund = get_for_user(request, WorkFund, pk)
    today = timezone.localdate()
    row = selectors.fund_row(fund, today=today)
    expenditures = (
        Expenditure.objects.for_user(request.user)
        .filter(fund=fund)
        .select_related("entered_by", "decided_by")
    )
    return render(
        request,
        "funding/fund_detail.html",
        {
            "fund": fund,
            "row": row,
            "allocations": fund.allocations.select_related("entered_by"),
            "expenditures": expenditures,
            "may_enter": services.may_enter(request.user, fund, today),
            "may_decide": request.user.office == Office.COUNTY_ORG_DEPT,
        },
    )


@login_required
def allocation_create(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office != Office.COUNTY_ORG_DEPT and not user.is_superuser:
        raise PermissionDenied(errors.NOT_ALLOWED_ALLOCATE_MSG)
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    team_id = params.parse_filter_id(source.get("team"))
    team = get_for_user(request, Team, team_id) if team_id is not None else None
    year = _year(request, today) if request.method != "POST" else None
    if request.method == "POST":
        try:
            year = params.parse_year(request.POST.get("year", ""))
            if team is None:
                raise ServiceError("funding_team_missing", "请选择工作队", "team")
            if year is None:
                raise ServiceError("funding_bad_year", "请填写年度", "year")
            allocation = services.allocation_add(
                user=user,
                team=team,
                year=year,
                amount=request.POST.get("amount", ""),
                source=request.POST.get("source", ""),
                allocated_on=params.parse_date(request.POST.get("allocated_on"), field="allocated_on"),
                document_number=request.POST.get("document_number", ""),
                today=today,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记拨付{allocation.amount}元")
            return redirect("funding:fund_detail", allocation.fund_id)
    teams = selectors.teams_in_year(user, year or today.year).order_by(
        "village__township__path", "village__name"
    )
    return render(
        request,
        "funding/allocation_form.html",
        {
            "team": team,
            "teams": teams,
            "year": year or today.year,
            "sources": selectors.sources_for(user.region if user.office == Office.COUNTY_ORG_DEPT else None),
            "posted": request.POST if request.method == "POST" else {},
            "today": today,
            **params.YEAR_RANGE,
        },
    )


@login_required
def expenditure_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    fund = get_for_user(request, WorkFund, pk)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            expenditure = services.expenditure_create(
                user=request.user,
                fund=fund,
                spent_on=params.parse_date(request.POST.get("spent_on"), field="spent_on"),
                amount=request.POST.get("amount", ""),
                category=request.POST.get("category", ""),
                payee=request.POST.get("payee", ""),
                description=request.POST.get("description", ""),
                receipt=request.FILES.get("receipt"),
                today=today,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记支出{expenditure.amount}元，待县委组织部审批")
            return redirect("funding:fund_detail", fund.pk)
    return render(
        request,
        "funding/expenditure_form.html",
        {
            "fund": fund,
            "row": selectors.fund_row(fund, today=today),
            "categories": ExpenditureCategory.choices,
            "transport_from_funds": selectors.transport_from_funds(fund.team.village.township.parent),
            "may_enter": services.may_enter(request.user, fund, today),
            "not_allowed": errors.NOT_ALLOWED_ENTER_MSG,
            "posted": request.POST if request.method == "POST" else {},
            "today": today,
            "max_mb": services.RECEIPT_MAX_MB,
        },
    )


@login_required
@require_POST
def expenditure_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    expenditure = get_for_user(request, Expenditure, pk)
    try:
        done = services.expenditure_decide(
            user=request.user,
            expenditure=expenditure,
            decision=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"支出{done.amount}元{done.get_status_display()}")
    return redirect("funding:fund_detail", expenditure.fund_id)


@login_required
def expenditure_receipt(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Receipts are served only through the expenditure's scope, never from a public media URL."""
    expenditure = get_for_user(request, Expenditure, pk)
    name = expenditure.receipt.name
    if not name:
        raise Http404("没有票据")
    return FileResponse(
        expenditure.receipt.open("rb"),
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        filename=name.rsplit("/", 1)[-1],
    )
