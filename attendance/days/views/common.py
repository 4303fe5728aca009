"""What the attendance-day pages share: the month, year and county they are asked about, and a bad
parameter said in a message instead of a page of the wrong thing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest

from accounts.typing import AuthedHttpRequest
from core.params import parse_id, parse_month
from teams.county_policy import counties_for_user
from teams.errors import ServiceError
from teams.models import Region

T = TypeVar("T")


def month_param(request: HttpRequest, today: datetime.date) -> tuple[int, int]:
    """The month of the query or the form (``YYYY-MM``), else the current one. A bad value raises
    ServiceError (``params.BAD_PARAM``): a write then writes nothing."""
    return parse_month(request.GET.get("month") or request.POST.get("month")) or (today.year, today.month)


def or_say(request: HttpRequest, parse: Callable[[], T], fallback: T) -> tuple[T, bool]:
    """A page's parameter, parsed; a bad one is said in a message and ``fallback`` shown instead
    (False: a download is then not made of what nobody asked for)."""
    try:
        return parse(), True
    except ServiceError as exc:
        messages.error(request, exc.message)
        return fallback, False


def county_param(request: AuthedHttpRequest, counties: list[Region] | None = None) -> Region | None:
    """The county of ``?county=`` among those the user reaches (404 for any other), else the first."""
    counties = list(counties_for_user(request.user)) if counties is None else counties
    county_id = parse_id(request.GET.get("county"))
    if county_id is not None:
        county = next((c for c in counties if c.pk == county_id), None)
        if county is None:
            raise Http404
        return county
    return counties[0] if counties else None
