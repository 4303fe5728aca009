"""Pages of training: events (list, detail with attendees, form), each cadre's year against the policy,
Qinghai's split, the lists of cadres short of the minimum and posted without pre-service training, and
both lists as xlsx. Every object is fetched through ``for_user()`` (404 outside)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.county_policy import counties_for_user, county_policy
from teams.errors import ServiceError
from teams.models import Cadre, Region
from teams.roster import exports, xlsx

from . import selectors, services
from .forms import EventForm
from .models import TrainingEvent, TrainingLevel, TrainingRecord

PAGE_SIZE = 50
NO_PRORATING_HELP = (
    "口径：培训按开始日期计入年度；所依据文件均未规定不足全年驻村的按比例折算，"
    "凡当年在本县驻村的干部均按全年标准判断。"
)


def _year(request: AuthedHttpRequest, today: datetime.date, *, quiet: bool = False) -> int:
    """The ``year`` parameter, else this year; a bad one is said on the page (``quiet`` for a download,
    whose message would otherwise surface on the next page the user opens)."""
    try:
        year = params.parse_year(request.GET.get("year", ""))
    except ServiceError as exc:
        if not quiet:
            messages.error(request, exc.message)
        year = None
    return year or today.year


def _county_of(request: AuthedHttpRequest) -> Region | None:
    counties = counties_for_user(request.user).order_by("code")
    wanted = params.parse_filter_id(request.GET.get("county"))
    if wanted is not None:
        found = counties.filter(pk=wanted).first()
        if found is not None:
            return found
    return counties.first()


def _query(request: AuthedHttpRequest) -> str:
    """The list's filters without the page number, for the pagination links."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _user_county(request: AuthedHttpRequest) -> Region | None:
    region = request.user.region
    return region.county if region is not None else None


@login_required
def event_list(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today)
    start, end = selectors.year_bounds(year)
    events = (
        TrainingEvent.objects.for_user(request.user)
        .filter(start__gte=start, start__lte=end)
        .select_related("region")
    )
    level = request.GET.get("level", "")
    if level in TrainingLevel.values:
        events = events.filter(level=level)
    page = Paginator(events.order_by("-start", "title", "pk"), PAGE_SIZE).get_page(
        params.parse_filter_id(request.GET.get("page")) or 1
    )
    return render(
        request,
        "training/event_list.html",
        {
            "page": page,
            "year": year,
            "level": level,
            "levels": TrainingLevel.choices,
            "may_enter": services.may_enter(request.user),
            "query": _query(request),
            "min_year": params.MIN_YEAR,
            "max_year": params.MAX_YEAR,
        },
    )


def _form_kwargs(form: EventForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.setdefault("township", None)
    return data


@login_required
def event_create(request: AuthedHttpRequest) -> HttpResponse:
    if not services.may_enter(request.user):
        raise PermissionDenied("只有县（市、区）委组织部或乡镇（街道）党委可以录入培训")
    county = request.user.region
    form = EventForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(user=request.user, **_form_kwargs(form))
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已录入培训：{event.title}")
            return redirect("training:event_detail", event.pk)
    return render(request, "training/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(request, TrainingEvent, pk)
    if not services.may_edit(request.user, event):
        raise PermissionDenied("只有录入该培训的单位可以修改")
    initial = {
        "level": event.level,
        "township": event.region if event.level == TrainingLevel.TOWNSHIP else None,
        "title": event.title,
        "start": event.start,
        "end": event.end,
        "days": event.days,
        "concentrated": event.concentrated,
        "kind": event.kind,
    }
    form = EventForm(request.POST or None, initial=initial, county=request.user.region)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(user=request.user, event=event, **_form_kwargs(form))
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("training:event_detail", event.pk)
    return render(request, "training/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(request, TrainingEvent, pk)
    user = request.user
    records = (
        TrainingRecord.objects.for_user(user)
        .filter(event=event)
        .select_related("cadre", "cadre__county", "created_by")
        .order_by("cadre__name", "pk")
    )
    may_add = services.may_enter(user)
    candidates: list[Cadre] = []
    county = _user_county(request)
    if may_add and county is not None:
        taken = TrainingRecord.objects.for_user(user).filter(event=event).values("cadre_id")
        candidates = list(
            Cadre.objects.for_user(user)
            .filter(county=county)
            .exclude(pk__in=taken)
            .order_by("name", "pk")[:2000]
        )
    return render(
        request,
        "training/event_detail.html",
        {
            "event": event,
            "records": records,
            "may_add": may_add,
            "may_edit": services.may_edit(user, event),
            "candidates": candidates,
        },
    )


@login_required
@require_POST
def record_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(request, TrainingEvent, pk)
    cadre = params.parse_filter_id(request.POST.get("cadre"))
    try:
        if cadre is None:
            raise ServiceError("training_cadre_not_found", "请选择参训干部", "cadre")
        record = services.record_add(
            user=request.user, event=event, cadre=cadre, days=request.POST.get("days", "").strip() or None
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已添加参训干部：{record.cadre.name}")
    return redirect("training:event_detail", event.pk)


@login_required
@require_POST
def record_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    record = get_for_user(request, TrainingRecord, pk)
    event_pk = record.event_id
    try:
        services.record_remove(user=request.user, record=record)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已移除参训干部：{record.cadre.name}")
    return redirect("training:event_detail", event_pk)


def _status_rows(request: AuthedHttpRequest, county: Region, year: int, today: datetime.date) -> list[Any]:
    return selectors.county_year(county, year, today=today, cadres=Cadre.objects.for_user(request.user))


@login_required
def status_list(request: AuthedHttpRequest) -> HttpResponse:
    """Each cadre's training in the year against the county's policy; ``short=1`` only those short."""
    today = timezone.localdate()
    year = _year(request, today)
    county = _county_of(request)
    rows: list[Any] = []
    split = None
    policy = None
    if county is not None:
        rows = _status_rows(request, county, year, today)
        policy = county_policy(county, selectors.policy_day(year, today))
        if request.user.office != Office.CADRE:
            split = selectors.county_split(county, year, today=today)
    short = request.GET.get("short") == "1"
    q = request.GET.get("q", "").strip()[:40]
    if short:
        rows = [r for r in rows if r.short]
    if q:
        rows = [r for r in rows if q in r.cadre.name]
    page = Paginator(rows, PAGE_SIZE).get_page(params.parse_filter_id(request.GET.get("page")) or 1)
    return render(
        request,
        "training/status_list.html",
        {
            "page": page,
            "year": year,
            "county": county,
            "counties": counties_for_user(request.user).order_by("code"),
            "short": short,
            "q": q,
            "split": split,
            "minimum": selectors.minimum_text(policy) if policy is not None else "",
            "help": NO_PRORATING_HELP,
            "query": _query(request),
            "min_year": params.MIN_YEAR,
            "max_year": params.MAX_YEAR,
        },
    )


@login_required
def short_export(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today, quiet=True)
    county = _county_of(request)
    rows = [r for r in _status_rows(request, county, year, today) if r.short] if county is not None else []
    header = ["姓名", "年度培训天数", "集中培训天数", "符合要求的培训", "尚缺（依据）"]
    content = xlsx.write(
        header,
        (
            [
                r.cadre.name,
                float(r.days),
                float(r.concentrated_days),
                "；".join(f"{x.event.title}（{services.fmt_days(x.days)}天）" for x in r.qualifying) or "无",
                "；".join(f.message for f in r.findings),
            ]
            for r in rows
        ),
        title=f"{year}年培训未达标",
    )
    name = county.name if county is not None else ""
    return exports.response(f"{name}{year}年培训未达标干部.xlsx", content)


@login_required
def no_pre_service(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    county = _county_of(request)
    cadres = (
        selectors.without_pre_service(county, today=today, cadres=Cadre.objects.for_user(request.user))
        if county is not None
        else []
    )
    # Cite the pre-service requirement only where the county's policy has it (Qinghai's QH-TRAIN).
    pre_service_rule = (
        county_policy(county, today).in_force(selectors.PRE_SERVICE_PROVISION) if county is not None else None
    )
    return render(
        request,
        "training/no_pre_service.html",
        {
            "cadres": cadres,
            "pre_service_rule": pre_service_rule,
            "county": county,
            "counties": counties_for_user(request.user).order_by("code"),
            "today": today,
        },
    )


@login_required
def no_pre_service_export(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    county = _county_of(request)
    cadres = (
        selectors.without_pre_service(county, today=today, cadres=Cadre.objects.for_user(request.user))
        if county is not None
        else []
    )
    content = xlsx.write(
        ["姓名", "性别", "出生日期"],
        ([c.name, c.get_sex_display(), c.birth_date] for c in cadres),
        title="未参加任前培训",
    )
    name = county.name if county is not None else ""
    return exports.response(f"{name}未参加任前培训的在岗干部.xlsx", content)
