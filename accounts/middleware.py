"""A login given a one-time password (``User.must_change_password``) does nothing but choose its own.

Every page leads to the password change page; the API answers 403 with a Chinese JSON message (for a
token-authenticated API request, ``accounts.permissions.PasswordChosen`` does the same, since the token is
only read by the API view). The change page itself, logout, login and static files stay open.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import errors

API_PREFIX = "/api/"


class MustChangePasswordMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        if self._open(request.path_info):
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": errors.MUST_CHANGE_PASSWORD_MSG}, status=403)
        target = reverse("password_change")
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)

    @staticmethod
    def _open(path: str) -> bool:
        allowed = {
            reverse("password_change"),
            reverse("password_change_done"),
            reverse("logout"),
            reverse("login"),
        }
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path in allowed or path.startswith(static) or path == "/favicon.ico"
