"""No 500 page from any input, and JSON from the API whatever goes wrong (issue 16, item 7).

- ``RefuseNulBytes``: a NUL character in a query or form parameter is refused with 400 before any view
  runs. PostgreSQL cannot hold NUL in text, so a search or note carrying one would end in a database
  error on PostgreSQL only (and be stored on SQLite). No legitimate input has one: it is refused, not
  stripped, so nothing is silently changed. JSON bodies are left to the API's serializers, whose
  character fields refuse NUL themselves (DRF's ``ProhibitNullCharactersValidator``).
- ``not_found`` / ``server_error`` (``handler404`` / ``handler500``): under ``/api/`` a JSON body
  ``{"detail", "code"}``, elsewhere the product's Chinese pages. DRF answers its own errors (400, 403,
  404 of a view) in JSON already; an unexpected exception in an API view propagates (logged by Django as
  any other) and ends here, so the JSON API never answers an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"
NUL_MSG = "请求中含有不允许的控制字符（NUL），请删除后重试"
NOT_FOUND_MSG = "未找到，或不在您的管辖范围内"
SERVER_ERROR_MSG = "服务器出现问题，您的数据未被修改。请稍后重试，或联系管理员"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _has_nul(data: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)


class RefuseNulBytes:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            if is_api(request):
                return JsonResponse({"detail": NUL_MSG, "code": "bad_param"}, status=400)
            return HttpResponse(
                f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>请求无效 · 驻村通</title>'
                f'</head><body><h1>请求无效</h1><p>{NUL_MSG}。</p><p><a href="/">返回首页</a></p></body></html>',
                status=400,
            )
        return self.get_response(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": NOT_FOUND_MSG, "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": SERVER_ERROR_MSG, "code": "server_error"}, status=500)
    return defaults.server_error(request)
