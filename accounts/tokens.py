"""API tokens, one per device (``ApiToken``): made by POST /api/v1/token/, shown once, stored as a hash.

A token expires ``API_TOKEN_DAYS`` after it was made, and is revoked by its device's logout
(POST /api/v1/token/revoke/), by any change of its owner's password (all of the owner's tokens) and by
its owner on /accounts/tokens/. A new token for a device replaces that device's old one. Logging out of
the web pages ends the session only: a phone's token is the phone's login, listed and revocable there.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from teams.errors import ServiceError

from .models import ApiToken, User

KEYWORD = "Token"
DEVICE_DEFAULT = "未命名设备"
DEVICE_MAX_LENGTH: int = ApiToken._meta.get_field("device").max_length or 100
# last_used_at is written at most this often, so a busy phone does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)

REVOKED_LOGOUT = "logout"
REVOKED_PASSWORD_CHANGE = "password_change"
REVOKED_BY_OWNER = "owner"
REVOKED_REPLACED = "replaced"
REVOKED_LABELS = {
    REVOKED_LOGOUT: "该设备已退出登录",
    REVOKED_PASSWORD_CHANGE: "密码已修改",
    REVOKED_BY_OWNER: "本人撤销",
    REVOKED_REPLACED: "该设备重新登录，旧令牌作废",
}

TOKEN_INVALID_MSG = "认证令牌无效。"
TOKEN_EXPIRED = "token_expired"
TOKEN_EXPIRED_MSG = "认证令牌已过期，请重新登录。"
TOKEN_REVOKED = "token_revoked"
TOKEN_REVOKED_MSG = "认证令牌已撤销，请重新登录。"
TOKEN_ALREADY_REVOKED = "token_already_revoked"
TOKEN_ALREADY_REVOKED_MSG = "该令牌已撤销"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """A user reaches only their own tokens."""
    return ApiToken.objects.filter(user=user)


def api_token_create(*, user: User, device: str) -> tuple[ApiToken, str]:
    """A new token for ``device`` (the old token of the same device is revoked); returns the token and
    its key, which is not stored and cannot be shown again."""
    device = device.strip()[:DEVICE_MAX_LENGTH] or DEVICE_DEFAULT
    now = timezone.now()
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        api_tokens_of(user).filter(device=device, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=REVOKED_REPLACED
        )
        token = ApiToken.objects.create(
            user=user,
            key_hash=hash_key(key),
            device=device,
            expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
        )
    return token, key


def api_token_revoke(*, user: User, token: ApiToken, reason: str) -> ApiToken:
    with transaction.atomic():
        locked = api_tokens_of(user).select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ServiceError(TOKEN_ALREADY_REVOKED, TOKEN_ALREADY_REVOKED_MSG)
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_reason"])
    return locked


def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    with transaction.atomic():
        return (
            api_tokens_of(user)
            .filter(revoked_at__isnull=True)
            .update(revoked_at=timezone.now(), revoked_reason=reason)
        )


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``; refuses unknown, revoked and expired tokens and inactive users."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(TOKEN_INVALID_MSG)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(TOKEN_INVALID_MSG) from exc
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(TOKEN_INVALID_MSG)
        if token.revoked_at is not None:
            raise AuthenticationFailed(TOKEN_REVOKED_MSG, code=TOKEN_REVOKED)
        now = timezone.now()
        if token.expires_at <= now:
            raise AuthenticationFailed(TOKEN_EXPIRED_MSG, code=TOKEN_EXPIRED)
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokensRevokedOnPasswordChange:
    """Listed in ``AUTH_PASSWORD_VALIDATORS`` for Django's ``password_changed`` hook, which runs after
    every save of a new password, whoever set it (the user, the county's reset, the admin,
    ``changepassword``): all of the user's tokens stop working. It refuses no password."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if isinstance(user, User) and user.pk:
            api_tokens_revoke_all(user=user, reason=REVOKED_PASSWORD_CHANGE)

    def get_help_text(self) -> str:
        return "修改密码后，此前在手机等设备上登录的接口令牌全部失效。"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes ``ApiTokenAuthentication``."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)
