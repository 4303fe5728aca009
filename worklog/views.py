"""Pages of the work log (驻村日志), household coverage, meetings (例会) and visits (领导到村 / 五必访).

Every object is fetched through ``for_user()`` (404 outside); writes go through ``services``. No page
counts entries per cadre as a score or ranking: the log is a record, nothing is forced."""

from __future__ import annotations

import datetime
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import Office, User
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.choices import RegionLevel
from teams.errors import ServiceError
from teams.models import Cadre, Membership, Region, Team, Village
from teams.rules import roster_limits

from . import selectors, services
from .forms import (
    CareCaseForm,
    CareVisitForm,
    LinkLeaderForm,
    LogEntryForm,
    MeetingForm,
    SupportVisitForm,
    VillageHouseholdsForm,
    parse_new_households,
)
from .models import CareCase, EntryKind, Household, LogEntry, Meeting, SupportVisit

PAGE_SIZE = 30
MEETING_DUTY_REGIONS = 200
CARE_CASES_SHOWN = 100
MAX_IMPORT_BYTES = roster_limits.MAX_FILE_BYTES
WRITERS = (Office.CADRE, Office.TOWNSHIP_COMMITTEE)


def _fail(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _households_for(user: User, today: datetime.date) -> Any:
    """The households a writer may tick: the cadre's village (team of today), the township's villages."""
    if user.office == Office.CADRE:
        membership = Membership.objects.for_user(user).active_on(today).order_by("pk").first()
        if membership is None:
            return Household.objects.none()
        return Household.objects.filter(village_id=membership.team.village_id)
    return Household.objects.for_user(user).select_related("village")


def _period(request: AuthedHttpRequest, today: datetime.date) -> tuple[int, int]:
    """?year=&quarter= (default: today's quarter); a bad value is a message and the default."""
    try:
        year = params.parse_year(request.GET.get("year")) or today.year
        quarter = params.parse_int(request.GET.get("quarter"), label="季度", low=1, high=4) or (
            (today.month - 1) // 3 + 1
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return today.year, (today.month - 1) // 3 + 1
    return year, quarter


# --- log entries -------------------------------------------------------------------------------


@login_required
def entry_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = None
    if user.office in WRITERS:
        form = LogEntryForm(
            request.POST or None,
            request.FILES or None,
            user=user,
            households=_households_for(user, today),
            initial={"date": today, "kind": EntryKind.VISIT},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.log_entry_create(
                    actor=user,
                    team=data.get("team"),
                    cadre=data.get("cadre"),
                    kind=data["kind"],
                    date=data["date"],
                    place=data["place"],
                    summary=data["summary"],
                    people=data["people"],
                    households=list(data["households"]),
                    new_households=parse_new_households(data["new_households"]),
                    attachment=data.get("attachment"),
                    today=today,
                )
            except ServiceError as exc:
                _fail(form, exc)
            else:
                messages.success(request, f"已保存{entry.date}的驻村日志")
                return redirect("worklog:entry_list")
    elif request.method == "POST":
        raise Http404
    entries = (
        LogEntry.objects.for_user(user)
        .select_related("team__village__township", "cadre")
        .prefetch_related("households")
    )
    kind = request.GET.get("kind", "")
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    try:
        month = params.parse_month(request.GET.get("month"))
    except ServiceError as exc:
        messages.error(request, exc.message)
        month = None
    if month is not None:
        start, end = selectors.month_bounds(*month)
        entries = entries.filter(date__gte=start, date__lte=end)
    if q := request.GET.get("q", "").strip()[:40]:
        entries = entries.filter(
            Q(summary__icontains=q) | Q(cadre__name__icontains=q) | Q(team__village__name__icontains=q)
        )
    page = Paginator(entries.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in (("kind", kind), ("month", request.GET.get("month", "")[:7]), ("q", q)) if v}
    return render(
        request,
        "worklog/entry_list.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(kept),
            "kind": kind,
            "kind_choices": EntryKind.choices,
            "month": kept.get("month", ""),
            "q": q,
        },
    )


@login_required
def entry_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request, LogEntry, pk)
    user = request.user
    today = timezone.localdate()
    form = None
    if services.may_edit_entry(user, entry):
        households = Household.objects.filter(village_id=entry.team.village_id)
        initial = {
            "kind": entry.kind,
            "date": entry.date,
            "place": entry.place,
            "summary": entry.summary,
            "people": entry.people,
            "households": list(entry.households.values_list("pk", flat=True)),
        }
        form = LogEntryForm(
            request.POST or None, user=user, households=households, editing=True, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.log_entry_update(
                    actor=user,
                    entry=entry,
                    kind=data["kind"],
                    date=data["date"],
                    place=data["place"],
                    summary=data["summary"],
                    people=data["people"],
                    households=list(data["households"]),
                    new_households=parse_new_households(data["new_households"]),
                    today=today,
                )
            except ServiceError as exc:
                _fail(form, exc)
            else:
                messages.success(request, "已修改驻村日志")
                return redirect("worklog:entry_detail", entry.pk)
    elif request.method == "POST":
        raise Http404
    return render(request, "worklog/entry_detail.html", {"entry": entry, "form": form})


@login_required
def entry_attachment(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Served only through the entry's scope, never from a public media URL."""
    entry = get_for_user(request, LogEntry, pk)
    name = entry.attachment.name
    if not name:
        raise Http404("没有附件")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        entry.attachment.open("rb"), content_type=content_type, filename=name.rsplit("/", 1)[-1]
    )


# --- households ------------------------------------------------------------------------------------


@login_required
def household_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    count_form = None
    if request.method == "POST" and request.POST.get("form") == "mark":
        return _household_mark(request)
    if user.office == Office.COUNTY_ORG_DEPT and request.method == "POST" and "file" in request.FILES:
        upload = request.FILES.get("file")
        assert isinstance(upload, UploadedFile)
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            messages.error(request, f"文件不能超过{MAX_IMPORT_BYTES // (1024 * 1024)}MB")
        else:
            try:
                written = services.village_households_import(
                    actor=user, content=upload.read(), file_name=upload.name or ""
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已导入{written}个村的户数")
        return redirect("worklog:household_list")
    if user.office == Office.COUNTY_ORG_DEPT:
        count_form = VillageHouseholdsForm(request.POST or None, user=user)
        if request.method == "POST" and count_form.is_valid():
            try:
                row = services.village_households_set(actor=user, **count_form.cleaned_data)
            except ServiceError as exc:
                _fail(count_form, exc)
            else:
                messages.success(request, f"已登记{row}")
                return redirect("worklog:household_list")
    elif request.method == "POST":
        raise Http404
    year, quarter = _period(request, today)
    start, end = selectors.quarter_bounds(year, quarter)
    teams = (
        Team.objects.for_user(user)
        .filter(term_start__lte=end)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        .select_related("village__township__parent")
    )
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.coverage_rows(list(page.object_list), start, end)
    village_id = params.parse_filter_id(request.GET.get("village"))
    marked = (
        Household.objects.for_user(user).filter(village_id=village_id).select_related("village")
        if village_id
        else Household.objects.none()
    )
    return render(
        request,
        "worklog/household_list.html",
        {
            "rows": rows,
            "page": page,
            "query": urlencode({"year": year, "quarter": quarter}),
            "year": year,
            "quarter": quarter,
            "count_form": count_form,
            # A quarter not yet over is progress, not a finding (the duties list judges it after its end).
            "in_progress": end >= today,
            "households": marked[:500],
            "may_mark": user.office in services.MARK_OFFICES,
            **params.YEAR_RANGE,
        },
    )


def _household_mark(request: AuthedHttpRequest) -> HttpResponse:
    """Marks a household of the user's reach as 四必到 / 四必访 (SC-HOUSEHOLDS)."""
    household = get_for_user(request, Household, params.parse_id(request.POST.get("household")))
    try:
        services.household_mark(
            actor=request.user,
            household=household,
            is_must_be_there=request.POST.get("is_must_be_there") == "on",
            is_must_visit=request.POST.get("is_must_visit") == "on",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已保存{household}")
    return redirect(f"{reverse('worklog:household_list')}?{urlencode({'village': household.village_id})}")


# --- meetings --------------------------------------------------------------------------------------


def _attendee_choices(user: User, today: datetime.date) -> Any:
    region = user.region
    if region is None:
        return Cadre.objects.none()
    serving = (
        Membership.objects.for_user(user)
        .active_on(today)
        .filter(team__village__township__path__startswith=region.path)
    )
    return Cadre.objects.filter(pk__in=serving.values("cadre_id")).order_by("name")


@login_required
def meeting_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = None
    if user.office in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE):
        form = MeetingForm(
            request.POST or None, attendees=_attendee_choices(user, today), initial={"date": today}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    actor=user,
                    date=data["date"],
                    title=data["title"],
                    minutes=data["minutes"],
                    attendees=list(data["attendees"]),
                    today=today,
                )
            except ServiceError as exc:
                _fail(form, exc)
            else:
                messages.success(request, f"已登记{meeting}")
                return redirect("worklog:meeting_detail", meeting.pk)
    elif request.method == "POST":
        raise Http404
    year, quarter = _period(request, today)
    month = (
        min(3 * quarter, today.month)
        if year == today.year and quarter == (today.month - 1) // 3 + 1
        else 3 * quarter
    )
    regions = Region.objects.for_user(user).filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP])
    if user.office == Office.CADRE:
        regions = Region.objects.none()
    # A province office reaches over a thousand counties and townships: the first ones by region code here,
    # every team's meeting duty on the overdue list (assessment).
    shown = list(regions.select_related("parent").order_by("path")[: MEETING_DUTY_REGIONS + 1])
    duties = selectors.meeting_duties(shown[:MEETING_DUTY_REGIONS], year, quarter, month)
    meetings = Meeting.objects.for_user(user).select_related("region").prefetch_related("attendees")
    page = Paginator(meetings.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "worklog/meeting_list.html",
        {
            "form": form,
            "page": page,
            "query": "",
            "duties": [d for d in duties if d.applies],
            "duties_cut": MEETING_DUTY_REGIONS if len(shown) > MEETING_DUTY_REGIONS else None,
            "today": today,
            "year": year,
            "quarter": quarter,
            **params.YEAR_RANGE,
        },
    )


@login_required
def meeting_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_for_user(request, Meeting, pk)
    return render(
        request,
        "worklog/meeting_detail.html",
        {"meeting": meeting, "attendees": meeting.attendees.order_by("name")},
    )


# --- linked leaders, unit support, five must-visits ----------------------------------------------


@login_required
def support_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    offices = services.CARE_OFFICES
    leader_form = visit_form = case_form = None
    if user.office in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE):
        leader_form = LinkLeaderForm(
            request.POST if request.POST.get("form") == "leader" else None,
            user=user,
            initial={"start": today},
        )
    if user.office in (Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE, Office.DISPATCHING_UNIT):
        visit_form = SupportVisitForm(
            request.POST if request.POST.get("form") == "visit" else None, user=user, initial={"date": today}
        )
    if user.office in offices:
        case_form = CareCaseForm(
            request.POST if request.POST.get("form") == "case" else None,
            user=user,
            initial={"opened_on": today},
        )
    if request.method == "POST":
        done = _support_post(request, today, leader_form, visit_form, case_form)
        if done:
            return redirect("worklog:support_list")
    year, quarter = _period(request, today)
    start, end = selectors.quarter_bounds(year, quarter)
    villages = Village.objects.for_user(user).select_related("township__parent")
    village_page = Paginator(villages.filter(link_leaders__isnull=False).distinct(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # ZMD-UNIT per team, a page of teams at a time (the overdue list in assessment has them all at once).
    team_page = Paginator(
        Team.objects.for_user(user)
        .active_on(min(today, datetime.date(year, 12, 31)))
        .select_related("village__township__parent")
        .order_by("village__township__name", "village__name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("teams_page"))
    # Open cases first on every database (PostgreSQL sorts NULLs last unless told), then the latest closed.
    cases = list(
        CareCase.objects.for_user(user)
        .select_related("cadre__county")
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-pk")[: CARE_CASES_SHOWN + 1]
    )
    cases_cut = CARE_CASES_SHOWN if len(cases) > CARE_CASES_SHOWN else None
    cases = cases[:CARE_CASES_SHOWN]
    care = selectors.care_findings(cases, today)
    visits = SupportVisit.objects.for_user(user).select_related(
        "team__village", "link_leader", "dispatching_unit"
    )
    return render(
        request,
        "worklog/support_list.html",
        {
            "leader_form": leader_form,
            "visit_form": visit_form,
            "case_form": case_form,
            "link_rows": [r for r in selectors.link_rows(list(village_page.object_list), start, end)],
            "page": village_page,
            "query": urlencode({"year": year, "quarter": quarter}),
            "unit_rows": [
                r for r in selectors.unit_rows(list(team_page.object_list), year, today) if r.applies
            ],
            "team_page": team_page,
            "link_in_progress": end >= today,
            "cases": [(c, care.get(c.pk, [])) for c in cases],
            "cases_cut": cases_cut,
            "may_visit": user.office in offices,
            "visits": visits.order_by("-date", "-pk")[:50],
            "year": year,
            "quarter": quarter,
            **params.YEAR_RANGE,
        },
    )


def _support_post(request: AuthedHttpRequest, today: datetime.date, *forms_: Any) -> bool:
    user = request.user
    form = next((f for f in forms_ if f is not None and f.is_bound), None)
    if form is None:
        raise Http404
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if isinstance(form, LinkLeaderForm):
            leader = services.link_leader_create(actor=user, **data)
            messages.success(request, f"已登记联点领导{leader}")
        elif isinstance(form, SupportVisitForm):
            visit = services.support_visit_create(actor=user, today=today, **data)
            messages.success(request, f"已登记{visit}")
        else:
            case = services.care_case_open(actor=user, today=today, **data)
            messages.success(request, f"已登记“五必访”事项：{case}")
    except ServiceError as exc:
        _fail(form, exc)
        return False
    return True


@login_required
@require_POST
def care_visit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A care visit closes the must-visit case; it is recorded once, as a SupportVisit of the cadre's team."""
    case = get_for_user(request, CareCase, pk)
    user = request.user
    today = timezone.localdate()
    form = CareVisitForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, "；".join(str(e) for e in errs))
        return redirect("worklog:support_list")
    day = form.cleaned_data["date"]
    team = services.care_case_team(case, day)
    if team is None:
        messages.error(request, "该干部没有驻村任职记录，无法登记走访")
        return redirect("worklog:support_list")
    try:
        services.support_visit_create(
            actor=user,
            kind="care_visit",
            date=day,
            team=team,
            care_case=case,
            visitor=form.cleaned_data["visitor"],
            note=form.cleaned_data["note"],
            today=today,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记对{case.cadre.name}的“五必访”走访")
    return redirect("worklog:support_list")
