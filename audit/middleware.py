from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest

from .recording import client_address, current_request


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware (actor, address, correlation id on every entry of the request), with
    the client address taken as the lockout takes it (trusted proxies, not the first X-Forwarded-For
    hop a client may write itself), and the request kept for the entries written while it runs."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_address(request)

    def __call__(self, request: HttpRequest) -> Any:
        with current_request(request):
            return super().__call__(request)
