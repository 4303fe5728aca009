"""Sichuan's dispatch quotas and coverage (SC-QUOTA, SC-COVER, SC-AID): a county's own page and, for
the city and the province, every county they oversee. Read-only; another county is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import OVERSIGHT_OFFICES
from accounts.typing import AuthedHttpRequest

from . import quotas
from .county_policy import counties_for_user


def _oversees(request: AuthedHttpRequest) -> bool:
    return request.user.is_superuser or request.user.office in OVERSIGHT_OFFICES


@login_required
def quota_index(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counties = quotas.quota_counties(request.user, today)
    if len(counties) == 1 and not _oversees(request):
        return redirect("teams:quota_detail", county_pk=counties[0].pk)
    groups = quotas.province_quotas(request.user, counties, today)
    return render(request, "teams/quota_list.html", {"groups": groups, "today": today})


@login_required
def quota_detail(request: AuthedHttpRequest, county_pk: int) -> HttpResponse:
    county = get_object_or_404(counties_for_user(request.user), pk=county_pk)
    today = timezone.localdate()
    view = quotas.county_quotas(request.user, county, today)
    # The index sends a county's own office straight back here: a link to it only where it lists several.
    has_index = _oversees(request) or len(quotas.quota_counties(request.user, today)) > 1
    return render(request, "teams/quota_detail.html", {"view": view, "today": today, "has_index": has_index})
