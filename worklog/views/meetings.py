"""Meeting pages: the list with the form and the meeting duties, a meeting's detail."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Office, User
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.choices import RegionLevel
from teams.errors import ServiceError
from teams.models import Cadre, Membership, Region
from worklog import selectors, services
from worklog.forms import MeetingForm
from worklog.models import Meeting

from .shared import PAGE_SIZE, _fail, _period

MEETING_DUTY_REGIONS = 200


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
