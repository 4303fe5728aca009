"""Oversight's sections on other apps' pages (core.sections): the county's charts on the compliance page
and on the county home, fetched after the page itself (``?fragment=1`` of the county charts page), so
neither page waits for the charts; without JavaScript, a link leads to the charts page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from .measures import COMPARISON_OFFICES, COUNTY_CHART_OFFICES


def county_charts(request: HttpRequest, *, county: Any = None, year: int | None = None, **_: Any) -> str:
    user = getattr(request, "user", None)
    if county is None or user is None or not user.is_authenticated:
        return ""
    if not (user.is_superuser or user.office in COUNTY_CHART_OFFICES | COMPARISON_OFFICES):
        return ""
    return render_to_string(
        "oversight/_county_charts_lazy.html",
        {"county": county, "year": year or timezone.localdate().year},
        request=request,
    )
