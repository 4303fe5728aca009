"""The login form and what a locked-out login answers (django-axes ``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .models import User

USERNAME_MAX_LENGTH: int = User._meta.get_field("username").max_length or 150
USERNAME_TOO_LONG_MSG = f"用户名不能超过{USERNAME_MAX_LENGTH}个字符"
LOCKED_OUT = "locked_out"
LOCKED_OUT_MSG = (
    "该账号在此地址连续多次输入错误密码，登录已暂时锁定{minutes}分钟。请稍后再试，或联系县委组织部管理员。"
)


class LoginForm(AuthenticationForm):
    """Django's form, but a username longer than any account's is a field error before anyone tries to
    authenticate it (django-axes would store it, and PostgreSQL refuses a 256-character one)."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(
            MaxLengthValidator(USERNAME_MAX_LENGTH, message=USERNAME_TOO_LONG_MSG)
        )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The JSON API answers JSON; the pages answer the Chinese lockout page."""
    status: int = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)  # django-axes' default
    if request.path.startswith("/api/"):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return JsonResponse(
            {"detail": LOCKED_OUT_MSG.format(minutes=minutes), "code": LOCKED_OUT}, status=status
        )
    return render(request, "registration/locked_out.html", status=status)
