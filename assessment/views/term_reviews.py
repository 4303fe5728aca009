"""End-of-term review pages (期满考核)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment import selectors, services
from assessment.errors import AssessmentError
from assessment.models import Grade, ReviewMethod
from teams.access import get_for_user
from teams.models import Membership

from .shared import _county_of, _date


@login_required
def term_review_list(request: AuthedHttpRequest) -> HttpResponse:
    """Memberships ending within three months or ended, with their end-of-term review and findings."""
    county = _county_of(request)
    today = timezone.localdate()
    rows = selectors.term_reviews(request.user, county, today=today) if county is not None else []
    return render(
        request,
        "assessment/term_review_list.html",
        {"county": county, "rows": rows, "may_record": request.user.office == Office.COUNTY_ORG_DEPT},
    )


@login_required
def term_review_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(request, Membership, pk)
    county = membership.team.village.township.parent
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            reviewed_on = _date(post.get("reviewed_on", ""), "考核日期")
            if reviewed_on is None:
                raise AssessmentError("assessment_bad_date", "请填写考核日期")
            services.term_review_record(
                user=request.user,
                membership=membership,
                reviewed_on=reviewed_on,
                result=post.get("result", ""),
                methods=post.getlist("methods")[:10],
                summary=post.get("summary", "")[:2000],
                in_personal_file=post.get("in_personal_file") == "on",
                published_from=_date(post.get("published_from", ""), "公示开始日期"),
                published_to=_date(post.get("published_to", ""), "公示结束日期"),
                today=today,
            )
        except AssessmentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记{membership.cadre.name}的期满考核")
            return redirect(reverse("assessment:term_review_list") + f"?county={county.pk if county else ''}")
    row = selectors.term_review_row(membership, today=today)
    return render(
        request,
        "assessment/term_review_form.html",
        {
            "membership": membership,
            "row": row,
            "grades": Grade.choices,
            "methods": ReviewMethod.choices,
            "today": today,
            "may_record": request.user.office == Office.COUNTY_ORG_DEPT,
        },
    )
