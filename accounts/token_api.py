"""/api/v1/token/ (a phone logs in: username, password, device → a token shown once) and
/api/v1/token/revoke/ (the phone logs out: the presented token is revoked). Every error is Chinese JSON."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import tokens
from .login import USERNAME_MAX_LENGTH, USERNAME_TOO_LONG_MSG
from .models import ApiToken, User

INVALID_CREDENTIALS = "invalid_credentials"
INVALID_CREDENTIALS_MSG = "用户名或密码错误。连续多次错误将暂时锁定登录。"
NOT_A_TOKEN = "not_a_token"
NOT_A_TOKEN_MSG = "请用要退出的设备的令牌（Authorization: Token …）调用此接口"
PASSWORD_MAX_LENGTH = 4096


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(
        label="用户名", max_length=USERNAME_MAX_LENGTH, error_messages={"max_length": USERNAME_TOO_LONG_MSG}
    )
    password = serializers.CharField(label="密码", max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)
    device = serializers.CharField(
        label="设备", max_length=tokens.DEVICE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


def _invalid(errors: dict[str, Any]) -> Response:
    name, messages = next(iter(errors.items()))
    fields = TokenRequestSerializer().fields
    label, message = (fields[name].label if name in fields else "") or "", str(messages[0])
    detail = f"{label}：{message}" if label and not message.startswith(label) else message
    return Response(
        {"detail": detail, "code": "invalid", "errors": errors}, status=status.HTTP_400_BAD_REQUEST
    )


@extend_schema(
    tags=["登录"],
    request=TokenRequestSerializer,
    responses=inline_serializer(
        "ApiTokenIssued",
        {
            "token": serializers.CharField(),
            "device": serializers.CharField(),
            "expires_at": serializers.DateTimeField(),
        },
    ),
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def token_obtain(request: Request) -> Response:
    """A token for this device. The key is returned once and only its hash is kept; five wrong passwords
    lock the username from this address as on the login page (django-axes)."""
    if not isinstance(request.data, dict):
        return _invalid({"non_field_errors": ["请提交 JSON 对象：username、password、device"]})
    serializer = TokenRequestSerializer(data=request.data)
    if not serializer.is_valid():
        return _invalid(serializer.errors)
    data = serializer.validated_data
    # The Django request: django-axes marks a lockout on it and AxesMiddleware answers for it.
    user = authenticate(request._request, username=data["username"], password=data["password"])
    if not isinstance(user, User):
        return Response(
            {"detail": INVALID_CREDENTIALS_MSG, "code": INVALID_CREDENTIALS},
            status=status.HTTP_400_BAD_REQUEST,
        )
    token, key = tokens.api_token_create(user=user, device=data["device"])
    return Response({"token": key, "device": token.device, "expires_at": token.expires_at})


@extend_schema(tags=["登录"], request=None, responses={204: None})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def token_revoke(request: Request) -> Response:
    """Logout of a device: the token that authenticated this request stops working."""
    if not isinstance(request.auth, ApiToken):
        return Response({"detail": NOT_A_TOKEN_MSG, "code": NOT_A_TOKEN}, status=status.HTTP_400_BAD_REQUEST)
    tokens.api_token_revoke(user=request.auth.user, token=request.auth, reason=tokens.REVOKED_LOGOUT)
    return Response(status=status.HTTP_204_NO_CONTENT)
