"""The county organisation department's account pages (/accounts/users/…) and a user's own password change.

Only a county's office manages logins: anyone else gets 403 on every account page; a login the county may
not manage (another county's, its own office's, a city's) is 404, exactly like one that does not exist.
One-time passwords appear once, in the response to the POST that made them (never cached); the bulk sheet
can be downloaded once from the session that made it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.typing import AuthedHttpRequest
from core.pages import render_list
from teams.errors import ServiceError
from teams.models import Region
from teams.roster import exports, xlsx

from . import errors, services
from .forms import OwnPasswordChangeForm, UserCreateForm, UserEditForm
from .models import Office, User
from .selectors import MANAGED_OFFICES, manageable_users, managed_county, serving_cadres_without_login
from .services import NAME_MAX_LENGTH

# The bulk sheet waits here, in the county user's own session, until downloaded once.
_ISSUED_SESSION_KEY = "accounts_issued_logins"
_SHEET_HEADER = ["登录名", "姓名", "乡镇", "村", "队内职务", "派出单位", "一次性密码"]

STATUS_CHOICES = {"active": "启用", "inactive": "已停用", "must_change": "待首次修改密码"}


def _county(request: AuthedHttpRequest) -> Region:
    county = managed_county(request.user)
    if county is None:
        raise PermissionDenied(errors.NOT_ACCOUNT_MANAGER_MSG)
    return county


def _get_managed(request: AuthedHttpRequest, pk: int) -> User:
    _county(request)
    return get_object_or_404(manageable_users(request.user), pk=pk)


@login_required
def user_list(request: AuthedHttpRequest) -> HttpResponse:
    county = _county(request)
    qs = (
        manageable_users(request.user)
        .select_related("region", "dispatching_unit", "cadre")
        .order_by("office", "username")
    )
    # A NUL byte cannot reach PostgreSQL; a search longer than any name matches nothing anyway.
    if q := request.GET.get("q", "").replace("\x00", "").strip()[:NAME_MAX_LENGTH]:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(last_name__contains=q)
            | Q(first_name__contains=q)
            | Q(cadre__name__contains=q)
        )
    office = request.GET.get("office", "")
    if office in MANAGED_OFFICES:
        qs = qs.filter(office=office)
    status = request.GET.get("status", "")
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "must_change":
        qs = qs.filter(is_active=True, must_change_password=True)
    return render_list(
        request,
        "accounts/user_list.html",
        qs,
        {
            "county": county,
            "office_choices": [(o, Office(o).label) for o in MANAGED_OFFICES],
            "office": office if office in MANAGED_OFFICES else "",
            "status_choices": STATUS_CHOICES,
            "status": status if status in STATUS_CHOICES else "",
            "without_login": serving_cadres_without_login(county, today=timezone.localdate())
            .values("cadre")
            .distinct()
            .count(),
        },
    )


@login_required
def user_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    managed = _get_managed(request, pk)
    return render(request, "accounts/user_detail.html", {"managed": managed})


def _issued(request: AuthedHttpRequest, issued: services.IssuedPassword, title: str) -> HttpResponse:
    return render(request, "accounts/one_time_password.html", {"issued": issued, "title": title})


@never_cache
@login_required
def user_create(request: AuthedHttpRequest) -> HttpResponse:
    county = _county(request)
    form = UserCreateForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.user_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _issued(request, issued, "账号已创建")
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"新建账号（{county.name}）",
            "cancel_url": reverse("accounts:user_list"),
            "actions": [],
        },
    )


@login_required
def user_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    managed = _get_managed(request, pk)
    form = UserEditForm.for_user(request.POST or None, managed)
    if request.method == "POST" and form.is_valid():
        try:
            managed = services.user_update(actor=request.user, user=managed, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已保存：{managed.display_name}")
            return redirect("accounts:user_detail", pk=managed.pk)
    return render(
        request,
        "teams/form.html",
        {
            "form": form,
            "title": f"编辑账号：{managed.username}",
            "cancel_url": reverse("accounts:user_detail", args=[managed.pk]),
            "actions": [],
        },
    )


def _act(request: AuthedHttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    managed = _get_managed(request, pk)
    try:
        managed = act(actor=request.user, user=managed)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{done}：{managed.username}（{managed.display_name}）")
    return redirect("accounts:user_detail", pk=managed.pk)


@require_POST
@login_required
def user_deactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.user_deactivate, "账号已停用，不能再登录")


@require_POST
@login_required
def user_reactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.user_reactivate, "账号已启用")


@never_cache
@login_required
def user_password_reset(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST gives the login a new one-time password, shown once."""
    managed = _get_managed(request, pk)
    if request.method == "POST":
        try:
            issued = services.user_password_reset(actor=request.user, user=managed)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:user_detail", pk=managed.pk)
        return _issued(request, issued, "密码已重置")
    return render(request, "accounts/user_password_reset.html", {"managed": managed})


@never_cache
@login_required
def cadre_logins_bulk(request: AuthedHttpRequest) -> HttpResponse:
    """GET lists the county's serving cadres without a login; POST creates all their logins at once."""
    county = _county(request)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            issued = services.cadre_logins_bulk_create(actor=request.user, today=today)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:cadre_logins_bulk")
        rows = [_sheet_row(item) for item in issued]
        request.session[_ISSUED_SESSION_KEY] = {
            "county": county.pk,
            "made": timezone.now().isoformat(),
            "rows": rows,
        }
        return render(request, "accounts/cadre_logins_result.html", {"rows": rows, "county": county})
    postings = list(serving_cadres_without_login(county, today=today))
    return render(
        request,
        "accounts/cadre_logins_bulk.html",
        {
            "county": county,
            "postings": postings,
            "example": services.generated_usernames(county, 1)[0],
            "pending_download": _ISSUED_SESSION_KEY in request.session,
        },
    )


def _sheet_row(item: services.IssuedPassword) -> list[str]:
    posting = item.posting
    assert posting is not None
    village = posting.team.village
    return [
        item.user.username,
        posting.cadre.name,
        village.township.name,
        village.name,
        posting.get_role_display(),
        posting.dispatching_unit.name,
        item.password,
    ]


@never_cache
@login_required
def cadre_logins_download(request: AuthedHttpRequest) -> HttpResponseBase:
    """The sheet of the last bulk creation, once: it leaves the session as it is sent."""
    county = _county(request)
    pending = request.session.pop(_ISSUED_SESSION_KEY, None)
    if not pending or pending.get("county") != county.pk:
        messages.error(request, errors.BULK_DOWNLOAD_GONE_MSG)
        return redirect("accounts:cadre_logins_bulk")
    content = xlsx.write(
        _SHEET_HEADER, pending["rows"], title="驻村干部账号", text_columns=range(len(_SHEET_HEADER))
    )
    return exports.response(f"驻村干部账号_{county.name}_{timezone.localdate():%Y%m%d}.xlsx", content)


class OwnPasswordChange(PasswordChangeView):
    """Django's page, with the rules checked and the must-change flag cleared by the service."""

    form_class = OwnPasswordChangeForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            user = services.user_password_change(user=form.user, password=form.cleaned_data["new_password1"])
        except ServiceError as exc:
            form.add_error("new_password1", exc.message)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"must_change_message": errors.MUST_CHANGE_PASSWORD_MSG}


password_change = OwnPasswordChange.as_view()
