"""Logins, failed logins and logouts, in the same trail as the changes (action ACCESS on the user).

A failed login stores the username as typed (cut to the column's 150 characters) and, when it names an
existing login, that user as the entry's object, so the user's county reads it; a name that matches no
login belongs to no county (only the system administrator reads it).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from .models import AuditEntry, AuthEvent
from .recording import actor_columns, client_address, user_county_id


def _record(event: str, *, user: Any, username: str, request: HttpRequest | None, actor: Any) -> None:
    from accounts.models import User

    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk) if user is not None else "",
        object_id=user.pk if user is not None else None,
        object_repr=(user.display_name if user is not None else username)[:200],
        action=AuditEntry.Action.ACCESS,
        auth_event=event,
        username=username[:150],
        county_id=user_county_id(user) if user is not None else None,
        remote_addr=client_address(request),
        **actor_columns(actor),
    )


def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record(AuthEvent.LOGIN, user=user, username=user.get_username(), request=request, actor=user)


def logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return  # logging out without being logged in
    _record(AuthEvent.LOGOUT, user=user, username=user.get_username(), request=request, actor=user)


def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from accounts.models import User

    username = str(credentials.get("username") or "").replace("\x00", "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    _record(AuthEvent.LOGIN_FAILED, user=user, username=username, request=request, actor=None)
