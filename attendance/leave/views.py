"""Pages of leave and return (请销假): lists and inboxes per office, the request with its audit trail,
the forms that call the services, substitute approvers and the notification list. Every object is
fetched through ``for_user()`` (404 outside); every write is a POST through a service."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from attendance.models import LeaveKind, LeaveRequest, LeaveStatus, Notification, SubstituteApprover
from core.pages import render_list
from teams import rules
from teams.access import get_for_user
from teams.county_policy import counties_for_user, county_policy

from . import notifications, selectors, services
from .errors import ServiceError
from .forms import DecisionForm, LeaveRequestForm, ReturnForm, SubstituteForm

VIEWS = {
    "inbox": "待我审批",
    "filed": "备案",
    "overdue": "逾期未销假",
    "all": "全部",
}


def _default_view(request: AuthedHttpRequest) -> str:
    return "inbox" if request.user.office in services.APPROVER_OFFICES else "all"


@login_required
def leave_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    view = request.GET.get("view") or _default_view(request)
    if view not in VIEWS:
        view = "all"
    qs: QuerySet[LeaveRequest]
    if view == "inbox":
        qs = selectors.inbox(user)
    elif view == "filed":
        qs = selectors.on_file(user)
    elif view == "overdue":
        qs = selectors.overdue(user, today)
    else:
        qs = LeaveRequest.objects.for_user(user)
    qs = qs.select_related("cadre", "township", "county").prefetch_related("decisions")
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(cadre__name__contains=q) | Q(reason__contains=q))
    status = request.GET.get("status", "")
    if status in LeaveStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in LeaveKind.values:
        qs = qs.filter(kind=kind)
    views = VIEWS if user.office in services.APPROVER_OFFICES else {"all": "全部", "overdue": "逾期未销假"}
    return render_list(
        request,
        "attendance/leave_list.html",
        qs.order_by("-start", "-pk"),
        {
            "view": view,
            "views": views,
            "view_label": VIEWS[view],
            "status": status,
            "kind": kind,
            "today": today,
            "status_choices": LeaveStatus.choices,
            "kind_choices": LeaveKind.choices,
            "can_ask": user.office in (Office.CADRE, Office.TOWNSHIP_COMMITTEE),
        },
    )


@login_required
def leave_form(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.office not in (Office.CADRE, Office.TOWNSHIP_COMMITTEE):
        messages.error(request, "只有驻村干部本人或乡镇党委可以提交请假申请")
        return redirect("attendance:leave_list")
    form = LeaveRequestForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave = services.leave_request_submit(
                actor=user,
                cadre=data.get("cadre"),
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
                reason=data["reason"],
                half_day_start=data["half_day_start"],
                half_day_end=data["half_day_end"],
                attachment=data.get("attachment"),
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已提交：{leave.days}天，{leave.route_description}")
            return redirect(leave)
    # Convention 2 as the user's county reads it: calendar days unless the county counts working days.
    today = timezone.localdate()
    working_days = any(
        county_policy(county, today).leave_counts_working_days for county in counties_for_user(user)
    )
    return render(request, "attendance/leave_form.html", {"form": form, "working_days": working_days})


def _detail_context(request: AuthedHttpRequest, leave: LeaveRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    capacity = selectors.decision_capacity(user, leave, today)
    acts_for_cadre = selectors.may_act_for_cadre(user, leave)
    return {
        "leave": leave,
        "decisions": leave.decisions.select_related("user", "on_behalf_of"),
        "events": leave.events.select_related("user", "on_behalf_of"),
        "capacity": capacity,
        "capacity_office": rules.OFFICE_NAMES.get(capacity.office, "") if capacity else "",
        "decision_form": DecisionForm(),
        "can_cancel": acts_for_cadre
        and leave.status in (LeaveStatus.PENDING, LeaveStatus.APPROVED)
        and today < leave.start,
        "can_return": acts_for_cadre and leave.status == LeaveStatus.APPROVED and today >= leave.start,
        "return_form": ReturnForm(initial={"returned_on": min(today, leave.expected_return)}),
        "overdue": leave.is_overdue(today),
        "provision": rules.BY_ID.get(leave.route_provision),
        "office_names": rules.OFFICE_NAMES,
        "unread": Notification.objects.for_user(user).unread().filter(request=leave).count(),
    }


@login_required
def leave_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    leave = get_for_user(request, LeaveRequest, pk)
    return render(request, "attendance/leave_detail.html", _detail_context(request, leave))


def _act(request: AuthedHttpRequest, leave: LeaveRequest, done: str, call: Any) -> HttpResponse:
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(leave)


@login_required
@require_POST
def leave_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    leave = get_for_user(request, LeaveRequest, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批准或不批准")
        return redirect(leave)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    return _act(
        request,
        leave,
        "本单位已批准" if decision == "approve" else "本单位不批准，申请已结束",
        lambda: services.leave_request_decide(
            actor=request.user, leave=leave, decision=decision, comment=comment
        ),
    )


@login_required
@require_POST
def leave_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    leave = get_for_user(request, LeaveRequest, pk)
    return _act(
        request,
        leave,
        "已撤销该请假",
        lambda: services.leave_request_cancel(
            actor=request.user, leave=leave, comment=request.POST.get("comment", "")
        ),
    )


@login_required
@require_POST
def leave_return(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    leave = get_for_user(request, LeaveRequest, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的返岗日期")
        return redirect(leave)
    return _act(
        request,
        leave,
        "已销假",
        lambda: services.leave_request_return(
            actor=request.user,
            leave=leave,
            returned_on=form.cleaned_data["returned_on"],
            comment=form.cleaned_data["comment"],
        ),
    )


@login_required
@require_POST
def leave_read(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The user's notifications about this leave are read (the page offers it while any is unread)."""
    leave = get_for_user(request, LeaveRequest, pk)
    notifications.notifications_mark_read(actor=request.user, leave=leave)
    return redirect(leave)


@login_required
def leave_attachment(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """Attachments are served only through the request's scope, never from a public media URL."""
    leave = get_for_user(request, LeaveRequest, pk)
    name = leave.attachment.name  # a FieldFile is falsy exactly when its name is empty
    if not name:
        raise Http404("没有附件")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        leave.attachment.open("rb"),
        content_type=content_type,
        filename=name.rsplit("/", 1)[-1],
    )


# --- substitutes ----------------------------------------------------------------------------


@login_required
def substitute_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    can_name = user.office in services.APPROVER_OFFICES
    has_candidates = can_name and selectors.substitute_candidates(user).exists()
    form = SubstituteForm(request.POST or None, user=user) if has_candidates else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.substitute_name(actor=user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已指定代理审批人")
            return redirect("attendance:substitute_list")
    rows = SubstituteApprover.objects.for_user(user).select_related(
        "principal", "substitute", "region", "dispatching_unit"
    )
    return render(
        request,
        "attendance/substitute_list.html",
        {
            "form": form,
            "can_name": can_name,
            "rows": rows,
            # Rows that break the substitution rules (older rows, admin edits) are listed but grant nothing.
            "valid_ids": set(rows.valid().values_list("pk", flat=True)),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def substitute_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = get_for_user(request, SubstituteApprover, pk)
    try:
        services.substitute_revoke(actor=request.user, substitution=row)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤销代理")
    return redirect("attendance:substitute_list")


# --- notifications --------------------------------------------------------------------------


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    qs = Notification.objects.for_user(request.user).select_related("request__cadre")
    return render_list(request, "attendance/notification_list.html", qs, {})


@login_required
@require_POST
def notification_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The list's button: the notification becomes read and the user is led to what it is about."""
    note = get_for_user(request, Notification, pk)
    target = notifications.notification_open(actor=request.user, notification=note)
    # The target is written by the code (a path of this site); anything else goes to the list.
    if not target.startswith("/") or target.startswith("//"):
        return redirect("attendance:notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: AuthedHttpRequest) -> HttpResponse:
    notifications.notifications_mark_read(actor=request.user)
    return redirect("attendance:notification_list")
