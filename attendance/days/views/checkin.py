"""The cadre's check-in page and the township's review of check-ins far from the village."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from teams.access import get_for_user
from teams.errors import ServiceError

from ...models import AbsenceExplanation, AttendanceStatus, CheckIn, ExplanationState
from .. import selectors, services
from ..errors import REPEAT_CHECKIN_MSG
from ..months import month_bounds


@login_required
def checkin_form(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office != Office.CADRE:
        raise Http404
    if request.method == "POST":
        now = timezone.now()
        try:
            checkin = services.checkin_record(
                actor=user,
                latitude=request.POST.get("latitude", ""),
                longitude=request.POST.get("longitude", ""),
                accuracy=request.POST.get("accuracy", ""),
                at=now,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if checkin.at != now:
                messages.info(request, REPEAT_CHECKIN_MSG.format(at=timezone.localtime(checkin.at)))
            elif checkin.far:
                where = (
                    f"距村约{checkin.distance_m}米" if checkin.distance_m is not None else "村庄未登记坐标"
                )
                messages.warning(request, f"已打卡，但{where}，须经乡镇党委审核后才计入在村天数")
            else:
                # How the day counts comes from the same rows as the page's month, never assumed:
                # a spot check or the township may have written the day already.
                counted = selectors.counted_day(actor=user, day=checkin.date)
                say = messages.success if counted.status == AttendanceStatus.IN_VILLAGE else messages.warning
                say(request, f"已打卡，距村约{checkin.distance_m}米。{counted.text}")
        return redirect("attendance:checkin_form")
    today = timezone.localdate()
    first, last = month_bounds(today.year, today.month)
    month = selectors.cadre_days(actor=user, first=first, last=last, today=today)
    return render(
        request,
        "attendance/checkin_form.html",
        {
            "checkins": CheckIn.objects.for_user(user).filter(cadre_id=user.cadre_id)[:10],
            "days": month.days,
            "today": month.today,
            "explanations": AbsenceExplanation.objects.for_user(user).exclude(state=ExplanationState.SENT),
            "radius": services.CHECKIN_RADIUS_M,
        },
    )


@login_required
def checkin_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    qs = CheckIn.objects.for_user(user).select_related("cadre", "team__village", "reviewed_by")
    if request.GET.get("all") != "1":
        qs = qs.filter(far=True)
    if (review := request.GET.get("review", "")) in CheckIn.Review.values and review:
        qs = qs.filter(review=review)  # the home page's work list: ?review=pending
    return render(
        request,
        "attendance/checkin_list.html",
        {
            "checkins": qs[:200],
            "show_all": request.GET.get("all") == "1",
            "can_review": user.office == Office.TOWNSHIP_COMMITTEE,
        },
    )


@login_required
@require_POST
def checkin_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    checkin = get_for_user(request, CheckIn, pk)
    try:
        services.checkin_review(
            actor=request.user,
            checkin=checkin,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已审核")
    return redirect("attendance:checkin_list")
