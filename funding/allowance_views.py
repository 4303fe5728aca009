"""Pages of the living allowance (moved from attendance), its payments, accident insurance and health
checks. Every object through ``for_user()`` (404 outside the jurisdiction); writes through
``allowance_services``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import YEAR_RANGE, parse_date, parse_filter_id, parse_id, parse_month, parse_year
from teams.county_policy import counties_for_user
from teams.errors import ServiceError
from teams.masking import id_number_for
from teams.models import Cadre, DispatchingUnit, Membership, Region
from teams.roster import xlsx
from teams.roster.exports import response as xlsx_response

from . import allowance_selectors as selectors
from . import allowance_services as services
from . import insurance_selectors
from .selectors import setting_url

T = TypeVar("T")


def _or_say(request: HttpRequest, parse: Callable[[], T], fallback: T) -> tuple[T, bool]:
    """A page's parameter, parsed; a bad one is said in a message and ``fallback`` shown instead
    (False: no download is made of what nobody asked for)."""
    try:
        return parse(), True
    except ServiceError as exc:
        messages.error(request, exc.message)
        return fallback, False


def _month(request: HttpRequest, today: datetime.date) -> tuple[int, int]:
    return parse_month(request.GET.get("month") or request.POST.get("month")) or (today.year, today.month)


def _unit_param(request: AuthedHttpRequest) -> DispatchingUnit | None:
    """The county (or city) picks a dispatching unit; a unit office always sees its own."""
    user = request.user
    if user.office == Office.DISPATCHING_UNIT:
        return user.dispatching_unit
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is None:
        return None
    return get_object_or_404(DispatchingUnit.objects.for_user(user), pk=unit_id)


ALLOWANCE_HEADER = [
    "派出单位",
    "乡镇",
    "身份证号",
    "姓名",
    "考勤已确认",
    "在村天数",
    "标准（元/天）",
    "应发（元）",
    "已发（元）",
    "发放日期",
    "差额（元）",
    "依据",
    "问题",
]


def allowance_xlsx(rows: list[selectors.AllowanceRow], *, mask: Callable[[str], str]) -> bytes:
    body = (
        [
            a.unit,
            a.township,
            mask(a.id_number),
            a.name,
            "是" if a.certified else "否",
            a.days if a.days is not None else selectors.PENDING,
            a.per_day if a.per_day is not None else "",
            a.amount if a.amount is not None else selectors.PENDING,
            a.paid if a.paid is not None else "",
            a.paid_on or "",
            a.difference if a.difference is not None else selectors.PENDING,
            a.provision,
            "；".join(f.message for f in a.findings),
        ]
        for a in rows
    )
    return xlsx.write(ALLOWANCE_HEADER, body, title="生活补助", text_columns=[0, 1, 2, 3, 11, 12])


@login_required
def allowance_page(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    (year, month), valid = _or_say(request, lambda: _month(request, today), (today.year, today.month))
    unit = _unit_param(request)
    all_rows = selectors.allowance(Membership.objects.for_user(user), year, month)
    rows = [r for r in all_rows if unit is None or r.unit_id == unit.pk]
    unpaid = request.GET.get("unpaid") == "1"
    if unpaid:  # the home page's work list: certified and not yet paid
        rows = selectors.unpaid(rows)
    if request.GET.get("format") == "xlsx" and valid:
        content = allowance_xlsx(rows, mask=lambda n: id_number_for(user, n))
        suffix = f"_{unit.name}" if unit is not None else ""
        return xlsx_response(f"驻村生活补助{year}{month:02d}{suffix}.xlsx", content)
    can_pay = user.office in services.ENTERING_OFFICES
    set_rate_url = setting_url(user, "living_allowance_per_day", today)
    return render(
        request,
        "funding/allowance_list.html",
        {
            "rows": rows,
            "month_value": f"{year}-{month:02d}",
            "year": year,
            "month": month,
            "unit": unit,
            "unpaid": unpaid,
            "units": selectors.units_of(all_rows) if user.office != Office.DISPATCHING_UNIT else [],
            "can_pay": can_pay,
            "pending": selectors.PENDING,
            "cited": {r.provision for r in rows},
            "set_rate_url": set_rate_url,
            "today": today,
        },
    )


@require_POST
@login_required
def allowance_pay(request: AuthedHttpRequest, cadre_id: int) -> HttpResponse:
    user = request.user
    cadre = get_object_or_404(Cadre.objects.for_user(user), pk=cadre_id)
    today = timezone.localdate()
    month_value = request.POST.get("month", "")
    try:
        year, month = _month(request, today)
        services.allowance_payment_record(
            actor=user,
            cadre=cadre,
            year=year,
            month=month,
            paid_on=parse_date(request.POST.get("paid_on"), field="paid_on"),
            amount=request.POST.get("amount"),
            today=today,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{cadre.name}{year}年{month}月生活补助发放")
    back = {"month": month_value[:7]} if month_value else {}
    unit_id = parse_filter_id(request.POST.get("unit"))
    if unit_id is not None:
        back["unit"] = str(unit_id)
    query = f"?{urlencode(back)}" if back else ""
    return redirect(reverse("funding:allowance") + query)


# --- insurance and health checks ----------------------------------------------------------------------


def _county(request: AuthedHttpRequest) -> Region:
    counties = list(counties_for_user(request.user).order_by("path"))
    county_id = parse_id(request.GET.get("county"))
    if county_id is not None:
        county = next((c for c in counties if c.pk == county_id), None)
        if county is None:
            raise Http404
        return county
    if not counties:
        raise Http404
    return counties[0]


LACK_HEADER = ["派出单位", "乡镇", "身份证号", "姓名", "人身意外伤害保险", "年度体检"]


@login_required
def insurance_page(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    county = _county(request)
    year, valid = _or_say(request, lambda: parse_year(request.GET.get("year")) or today.year, today.year)
    lacking = insurance_selectors.lacking(Membership.objects.for_user(user), county, year, today)
    if request.GET.get("format") == "xlsx" and valid:
        body = (
            [
                r.unit,
                r.township,
                id_number_for(user, r.id_number),
                r.name,
                "已办理" if r.insured else "未办理",
                "已体检" if r.checked else "未体检",
            ]
            for r in lacking
        )
        content = xlsx.write(LACK_HEADER, body, title="未办理保险或体检", text_columns=[0, 1, 2, 3])
        return xlsx_response(f"{county.name}{year}年未办理保险或体检干部.xlsx", content)
    insurances, checks = insurance_selectors.records(user, county, year)
    return render(
        request,
        "funding/insurance_list.html",
        {
            "county": county,
            "counties": counties_for_user(user).order_by("path"),
            "year": year,
            "lacking": lacking,
            "insurances": insurances,
            "checks": checks,
            "requirements": insurance_selectors.requirements(county),
            "needs": {r.what for r in insurance_selectors.requirements(county)},
            "can_enter": user.office in services.ENTERING_OFFICES,
            **YEAR_RANGE,
        },
    )


def _back(county_id: str, year: str) -> str:
    url = reverse("funding:insurance")
    cid = parse_filter_id(county_id)
    y = parse_filter_id(year) or ""
    return url + f"?county={cid or ''}&year={y}"


@require_POST
@login_required
def insurance_enter(request: AuthedHttpRequest, cadre_id: int) -> HttpResponse:
    user = request.user
    cadre = get_object_or_404(Cadre.objects.for_user(user), pk=cadre_id)
    post = request.POST
    try:
        year = parse_year(post.get("year")) or timezone.localdate().year
        services.insurance_record(
            actor=user,
            cadre=cadre,
            year=year,
            insurer=post.get("insurer", ""),
            amount=post.get("amount"),
            start=parse_date(post.get("start"), field="start"),
            end=parse_date(post.get("end"), field="end"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{cadre.name}{year}年度人身意外伤害保险")
    return redirect(_back(post.get("county", ""), post.get("year", "")))


@require_POST
@login_required
def health_check_enter(request: AuthedHttpRequest, cadre_id: int) -> HttpResponse:
    user = request.user
    cadre = get_object_or_404(Cadre.objects.for_user(user), pk=cadre_id)
    post = request.POST
    today = timezone.localdate()
    try:
        year = parse_year(post.get("year")) or today.year
        services.health_check_record(
            actor=user,
            cadre=cadre,
            year=year,
            date=parse_date(post.get("date"), field="date"),
            institution=post.get("institution", ""),
            today=today,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{cadre.name}{year}年度体检")
    return redirect(_back(post.get("county", ""), post.get("year", "")))
