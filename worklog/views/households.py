"""Household pages: the visit coverage by team, the village's count (by hand or from a sheet), marks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core import params
from teams.access import get_for_user
from teams.errors import ServiceError
from teams.models import Team
from teams.rules import roster_limits
from worklog import selectors, services
from worklog.forms import VillageHouseholdsForm
from worklog.models import Household

from .shared import PAGE_SIZE, _fail, _period

MAX_IMPORT_BYTES = roster_limits.MAX_FILE_BYTES


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
