"""The county's work calendar: the working days per month and the county's own holidays and 调休."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import BAD_DATE_MSG, BAD_PARAM, YEAR_RANGE, parse_date, parse_year
from teams.errors import ServiceError

from ...models import WorkCalendarDay
from .. import services
from ..months import month_bounds, working_days
from .common import county_param, or_say


@login_required
def calendar_form(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    county = county_param(request)
    if county is None:
        raise Http404
    today = timezone.localdate()
    year, _ = or_say(request, lambda: parse_year(request.GET.get("year")) or today.year, today.year)
    if request.method == "POST":
        try:
            day = parse_date(request.POST.get("date"))
            if day is None:
                raise ServiceError(BAD_PARAM, BAD_DATE_MSG.format(value="（未填写）"), "date")
            services.calendar_day_set(
                actor=user,
                county=county,
                date=day,
                kind=request.POST.get("kind", ""),
                name=request.POST.get("name", ""),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存")
        return redirect(reverse("attendance:calendar_form") + f"?county={county.pk}&year={year}")
    months = []
    error = ""
    for m in range(1, 13):
        first, last = month_bounds(year, m)
        try:
            months.append((m, len(working_days(county, first, last)), last.day))
        except ServiceError as exc:
            error = exc.message
            break
    return render(
        request,
        "attendance/calendar_form.html",
        {
            "county": county,
            "year": year,
            "months": months,
            "error": error,
            "entries": WorkCalendarDay.objects.for_user(user).filter(county=county, date__year=year),
            "can_edit": user.office == Office.COUNTY_ORG_DEPT,
            "kinds": WorkCalendarDay.Kind.choices,
            **YEAR_RANGE,
        },
    )
