"""The API's side of ``accounts.middleware``: a login that must change its password gets 403 JSON."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from . import errors


class PasswordChosen(BasePermission):
    message = errors.MUST_CHANGE_PASSWORD_MSG

    def has_permission(self, request: Request, view: Any) -> bool:
        return not getattr(request.user, "must_change_password", False)
