"""``{% load oversight_charts %}{% county_charts county %}``: the county's charts on any page (the county
home, the compliance page) without the page's view importing this app — the apps below it must not."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from oversight.charts import county_charts_context
from teams.models import Region

register = template.Library()


@register.inclusion_tag("oversight/_county_charts.html", takes_context=True)
def county_charts(
    context: template.Context, county: Region | None, year: int | None = None
) -> dict[str, Any]:
    """The charts of ``county`` as the signed-in user reads it (through ``for_user``); nothing without a
    county. ``year`` defaults to this year."""
    request = context.get("request")
    if county is None or request is None or not request.user.is_authenticated:
        return {"charts": []}
    today = timezone.localdate()
    return county_charts_context(request.user, county, year=year or today.year, today=today)
