"""Shapes shared by every app's JSON API: the error body and a finding with its provision."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import ServiceError

ExceptionHandler = Callable[[Exception, dict[str, Any]], Response | None]
NOT_FOUND_MSG = "未找到，或不在您的管辖范围内"

# Every 400/403/404 of the API: a Chinese message and a stable code.
ERROR_SCHEMA = inline_serializer(
    "Error", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


class FindingSerializer(serializers.Serializer[Any]):
    """A finding of ``teams.rules``: the provision id, its strength and the message."""

    provision = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


def first_message(data: Any) -> str:
    """The first message of a DRF error structure (nested dicts and lists)."""
    if isinstance(data, dict):
        for value in data.values():
            return first_message(value)
    if isinstance(data, list) and data:
        return first_message(data[0])
    return str(data)


def error_handler(*, labels: Mapping[str, str], forbidden: Collection[str]) -> ExceptionHandler:
    """An API's exception handler: every error as ``{"detail": <Chinese>, "code": ..., "errors": {...}}``.

    A service's refusal is a 400, or a 403 where its code is in ``forbidden``; a record outside the user's
    scope is the same 404 as one that does not exist; a bad field is named by its Chinese ``labels``.
    """

    def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
        if isinstance(exc, ServiceError):
            code = status.HTTP_403_FORBIDDEN if exc.code in forbidden else status.HTTP_400_BAD_REQUEST
            body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
            if hasattr(exc, "provision"):
                body["provision"] = exc.provision
            if exc.field:
                body["errors"] = {exc.field: [exc.message]}
            return Response(body, status=code)
        if isinstance(exc, Http404):
            return Response({"detail": NOT_FOUND_MSG, "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
        response = exception_handler(exc, context)
        if response is None:
            return None
        if isinstance(exc, ValidationError):
            fields = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
            name = next(iter(fields), "")
            message = first_message(fields)
            response.data = {
                "detail": f"{labels[name]}：{message}" if name in labels else message,
                "code": "invalid",
                "errors": fields,
            }
        elif isinstance(exc, APIException):
            codes = exc.get_codes()
            response.data = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
        return response

    return handle
