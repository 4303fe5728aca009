"""Log entry pages: the list with the entry form, an entry's detail and edit, its attachment."""

from __future__ import annotations

import datetime
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Office, User
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.models import Membership
from worklog import selectors, services
from worklog.forms import LogEntryForm, parse_new_households
from worklog.models import EntryKind, Household, LogEntry

from .shared import PAGE_SIZE, _fail

WRITERS = (Office.CADRE, Office.TOWNSHIP_COMMITTEE)


def _households_for(user: User, today: datetime.date) -> Any:
    """The households a writer may tick: the cadre's village (team of today), the township's villages."""
    if user.office == Office.CADRE:
        membership = Membership.objects.for_user(user).active_on(today).order_by("pk").first()
        if membership is None:
            return Household.objects.none()
        return Household.objects.filter(village_id=membership.team.village_id)
    return Household.objects.for_user(user).select_related("village")


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
