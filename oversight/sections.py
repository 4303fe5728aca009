"""Oversight's sections on other apps' pages (core.sections): the county's charts on the compliance page
and on the county home, fetched after the page itself (``?fragment=1`` of the county charts page), so
neither page waits for the charts; without JavaScript, a link leads to the charts page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Office

from .measures import COMPARISON_OFFICES, COUNTY_CHART_OFFICES


def county_charts(request: HttpRequest, *, county: Any = None, year: int | None = None, **_: Any) -> str:
    user = getattr(request, "user", None)
    if county is None or user is None or not user.is_authenticated:
        return ""
    if not (user.is_superuser or user.office in COUNTY_CHART_OFFICES | COMPARISON_OFFICES):
        return ""
    # A township committee's charts hold its own township only (for_user): the heading names it.
    area = user.region if user.office == Office.TOWNSHIP_COMMITTEE and user.region is not None else county
    return render_to_string(
        "oversight/_county_charts_lazy.html",
        {"county": county, "area": area, "year": year or timezone.localdate().year},
        request=request,
    )
