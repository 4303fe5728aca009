"""Pages of the member-change ledger (台账, ZMD-CHANGE): the county's current members and the changes
of a period with their filing state, one change, and the ledger as xlsx for the city. Everything is
fetched through ``for_user()``; another county's change or ledger is a 404."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from openpyxl import Workbook

from accounts.typing import AuthedHttpRequest
from core import params

from . import changes, quotas
from .access import get_for_user
from .choices import RegionLevel
from .county_policy import counties_for_user, county_policy
from .errors import ServiceError
from .models import MembershipChange, Region
from .roster import exports, xlsx

ROLE_NAMES = {"first_secretary": "第一书记", "member": "队员"}


def _period(request: AuthedHttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """?start=&end= (ISO dates); absent → this year up to today. A bad date: a Chinese message, the
    default period shown."""
    default = (today.replace(month=1, day=1), today)
    try:
        start = params.parse_date(request.GET.get("start"), field="start") or default[0]
        end = params.parse_date(request.GET.get("end"), field="end") or default[1]
    except ServiceError as exc:
        messages.error(request, exc.message)
        return default
    if end < start:
        messages.error(request, "结束日期不能早于开始日期，已显示本年度")
        return default
    return start, end


def _county(request: AuthedHttpRequest) -> Region | None:
    """?county= among the counties the user reads; absent → the user's only county, else None (a list)."""
    counties = counties_for_user(request.user)
    wanted = params.parse_filter_id(request.GET.get("county"))
    if wanted is not None:
        return get_object_or_404(counties, pk=wanted)
    if counties.count() == 1:
        return counties.first()
    return None


@login_required
def change_ledger(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = _period(request, today)
    county = _county(request)
    if county is None:
        counties = list(counties_for_user(request.user).select_related("parent").order_by("path"))
        return render(
            request,
            "teams/change_list.html",
            {
                "counties": counties,
                "start": start,
                "end": end,
                "ledger": None,
                "quotas_apply": bool(quotas.quota_counties(request.user, today)),
            },
        )
    ledger = changes.ledger(request.user, county, start=start, end=end, today=today)
    late_only = request.GET.get("late") == "1"
    if late_only:  # the home page's work list: only the changes filed late or not at all
        ledger.rows = [r for r in ledger.rows if r.findings]
    policy = county_policy(county, today)
    return render(
        request,
        "teams/change_list.html",
        {
            "ledger": ledger,
            "county": county,
            "start": start,
            "end": end,
            "provision": policy.in_force(changes.CHANGE_PROVISION),
            "quotas_apply": quotas.applies(policy),
            "township": _own_township(request),
            "late_only": late_only,
        },
    )


def _own_township(request: AuthedHttpRequest) -> Region | None:
    """A township office reads only its own township's part of the county's ledger: named in the title."""
    region = request.user.region
    return region if region is not None and region.level == RegionLevel.TOWNSHIP else None


@login_required
def change_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    change = get_for_user(request, MembershipChange, pk)
    today = timezone.localdate()
    county = change.team.village.township.county
    findings = changes.judge(change, county_policy(county, today), today) if county else []
    return render(
        request, "teams/change_detail.html", {"change": change, "findings": findings, "county": county}
    )


def _sheet_rows(ledger: changes.Ledger) -> tuple[list[list[object]], list[list[object]]]:
    members: list[list[object]] = [
        [
            m.team.village.township.name,
            str(m.team),
            m.cadre.name,
            ROLE_NAMES.get(m.role, m.role),
            "是" if m.is_leader else "",
            m.dispatching_unit.name,
            m.start,
            m.end,
        ]
        for m in ledger.members
    ]
    rows: list[list[object]] = []
    for row in ledger.rows:
        c = row.change
        rows.append(
            [
                c.team.village.township.name,
                str(c.team),
                c.get_kind_display(),
                c.membership.cadre.name,
                c.successor.cadre.name if c.successor else "",
                c.changed_on,
                c.reason,
                c.filed_on,
                c.get_source_display(),
                row.state if ledger.judged else "本县政策未规定备案时限",
                "；".join(f.message for f in row.findings),
            ]
        )
    return members, rows


@login_required
def change_export(request: AuthedHttpRequest) -> HttpResponse:
    """The ledger as xlsx (two sheets: 在驻队员, 调整备案); text cells formula-neutralised."""
    today = timezone.localdate()
    start, end = _period(request, today)
    county = _county(request)
    if county is None:
        county = counties_for_user(request.user).order_by("path").first()
        if county is None:
            raise Http404
    ledger = changes.ledger(request.user, county, start=start, end=end, today=today)
    members, rows = _sheet_rows(ledger)
    book = Workbook()
    sheets = (
        (
            "在驻队员",
            ["乡镇（街道）", "工作队", "姓名", "队内职务", "队长", "派出单位", "派驻开始", "派驻结束"],
            members,
        ),
        (
            "调整备案",
            [
                "乡镇（街道）",
                "工作队",
                "调整类型",
                "队员",
                "接替队员",
                "调整日期",
                "调整原因",
                "备案日期",
                "来源",
                "备案情况",
                "检查结果",
            ],
            rows,
        ),
    )
    first = True
    for title, header, data in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = title
        sheet.append(header)
        for line in data:
            sheet.append([xlsx.clean(v) for v in line])
        for column in "FGHI":
            sheet.column_dimensions[column].width = 14
    buffer = io.BytesIO()
    book.save(buffer)
    township = _own_township(request)  # a township's part of the ledger says so in its name
    scope = f"{county.name}{township.name}" if township else county.name
    name = f"{scope}驻村工作队员台账{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return exports.response(name, buffer.getvalue())
