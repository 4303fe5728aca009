"""The charts pages: a county's charts, the city's (or province's) comparison, where the villages are.

Read-only pages; every figure goes through ``for_user()`` (``oversight.measures``), and a county or
region the user does not reach is a 404 like one that does not exist."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.typing import AuthedHttpRequest
from attendance.caches import FIGURES_GENERATION
from core import caching
from core.params import YEAR_RANGE, parse_month, parse_year
from teams.caches import POLICIES_GENERATION, ROSTER_GENERATION
from teams.errors import ServiceError
from teams.models import Region
from teams.roster import xlsx
from teams.roster.exports import response as xlsx_response
from teams.scoping import scope_generations

from . import measures
from .charts import Chart, comparison, comparison_charts, county_charts_context, xlsx_base
from .villages import village_plot

# Writes that send no signal (synth_province, the demo's bulk rows) are seen after at most this long.
COMPARE_TIMEOUT = 10 * 60


def _may_read_charts(request: AuthedHttpRequest) -> None:
    user = request.user
    if not (user.is_superuser or user.office in measures.COUNTY_CHART_OFFICES | measures.COMPARISON_OFFICES):
        raise Http404


def _year(request: AuthedHttpRequest, today: datetime.date) -> int:
    try:
        return parse_year(request.GET.get("year")) or today.year
    except ServiceError as exc:
        messages.error(request, exc.message)
        return today.year


def _county(request: AuthedHttpRequest, pk: int) -> Region:
    _may_read_charts(request)
    return get_object_or_404(measures.readable_counties(request.user), pk=pk)


def chart_xlsx(chart: Chart, file_name: str) -> HttpResponse:
    """The chart's table as an xlsx: the same header and rows as the table below the chart."""
    header, rows = chart.table()
    content = xlsx.write(header, rows, title=chart.title[:31], text_columns=[0])
    return xlsx_response(file_name, content)


def _download(request: AuthedHttpRequest, charts: list[Chart], prefix: str) -> HttpResponse | None:
    if request.GET.get("format") != "xlsx":
        return None
    chart = next((c for c in charts if c.key == request.GET.get("chart")), None)
    if chart is None:
        raise Http404
    return chart_xlsx(chart, f"{prefix}{chart.title}.xlsx")


@login_required
def county_home(request: AuthedHttpRequest) -> HttpResponse:
    """The menu's entry: a county or township office lands on its county's charts, a city or province
    office on its comparison."""
    _may_read_charts(request)
    if request.user.office in measures.COMPARISON_OFFICES:
        return redirect("oversight:compare")
    county = measures.readable_counties(request.user).order_by("path").first()
    if county is None:
        raise Http404
    return redirect("oversight:county", pk=county.pk)


@login_required
def county_page(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    county = _county(request, pk)
    today = timezone.localdate()
    year = _year(request, today)
    context = county_charts_context(request.user, county, year=year, today=today)
    download = _download(request, context["charts"], f"{county.name}{year}年")
    if download is not None:
        return download
    if request.GET.get("fragment") == "1":
        # The charts alone, fetched after the page (core.sections: the compliance page, the county home),
        # so those pages do not wait for them.
        return render(request, "oversight/_county_charts_fragment.html", context)
    return render(
        request,
        "oversight/county.html",
        {**context, "county": county, "year": year, "today": today, **YEAR_RANGE},
    )


@login_required
def village_page(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    county = _county(request, pk)
    today = timezone.localdate()
    try:
        year, month = parse_month(request.GET.get("month")) or (today.year, today.month)
    except ServiceError as exc:
        messages.error(request, exc.message)
        year, month = today.year, today.month
    plot = village_plot(request.user, county, year=year, month=month, today=today)
    return render(
        request,
        "oversight/villages.html",
        {
            "county": county,
            "plot": plot,
            "year": year,
            "month": month,
            "month_value": f"{year}-{month:02d}",
            "running": not measures.month_over(year, month, today),
        },
    )


@login_required
def compare_page(request: AuthedHttpRequest) -> HttpResponse:
    """The counties of a city side by side (a province: its cities, each leading to its counties)."""
    user = request.user
    if not (user.is_superuser or user.office in measures.COMPARISON_OFFICES):
        raise Http404
    regions = measures.comparison_regions(user)
    wanted = request.GET.get("region")
    if wanted:
        region = next((r for r in regions if str(r.pk) == wanted), None)
        if region is None:
            raise Http404
    elif regions:
        region = regions[0]
    else:
        raise Http404
    today = timezone.localdate()
    year = _year(request, today)

    def compute() -> tuple[list[Any], list[Chart], Any]:
        counties = measures.counties_under(user, region)
        policies = measures.county_policies(counties, today)
        areas = comparison(user, region, year=year, today=today, policies=policies)
        collections = measures.explanation_collections(user, counties, today=today, policies=policies)
        return areas, comparison_charts(areas, year=year, today=today), collections

    # Issue 15: a province's grouped reads are kept per user, region, year and day until an attendance
    # write (a summary refreshed, a spot check, an explanation), the roster, a region, a policy or the
    # user's scope changes (attendance/caches.py, teams/caches.py).
    areas, charts, collections = caching.cached(
        "compare",
        (user.pk, region.pk, year, today),
        (
            FIGURES_GENERATION,
            ROSTER_GENERATION,
            POLICIES_GENERATION,
            *scope_generations(user.pk),
        ),
        compute,
        COMPARE_TIMEOUT,
    )
    download = _download(request, charts, f"{region.name}{year}年")
    if download is not None:
        return download
    context: dict[str, Any] = {
        "region": region,
        "regions": regions,
        "by_city": region.level == "province",
        "areas": areas,
        "charts": charts,
        "collections": collections,
        "year": year,
        "today": today,
        "xlsx_base": xlsx_base(reverse("oversight:compare"), year, region=region.pk),
        **YEAR_RANGE,
    }
    return render(request, "oversight/compare.html", context)
