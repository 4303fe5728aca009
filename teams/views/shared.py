"""What the teams pages share: today, query-string filters, and the create/edit page that writes through a
service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html

from accounts.typing import AuthedHttpRequest
from core.params import parse_filter_id
from teams import forms
from teams.access import require_roster_editor
from teams.errors import ServiceError


def _today() -> datetime.date:
    return timezone.localdate()


def _int_param(request: AuthedHttpRequest, name: str) -> int | None:
    """A numeric filter from the query string; anything else is ignored rather than an error."""
    return parse_filter_id(request.GET.get(name))


def _edit(
    request: AuthedHttpRequest,
    *,
    form_class: type[forms.ScopedForm],
    save: Callable[..., Any],
    instance: Any = None,
    title: str,
    cancel_url: str,
    initial: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    actions: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """Create or edit through a service; a refused write shows its Chinese message and writes nothing.
    ``actions``: (url, label) of other things to do instead, shown beside the buttons."""
    require_roster_editor(request)
    form = form_class(request.POST or None, instance=instance, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(actor=request.user, **(extra or {}), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, _error_text(exc))
        else:
            messages.success(request, f"已保存：{obj}")
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else cancel_url)
    return render(
        request,
        "teams/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "actions": actions or []},
    )


def _error_text(exc: ServiceError) -> str:
    """The service's message, with a link to the record in the way when the service named one."""
    url = getattr(exc.conflict, "get_absolute_url", None)
    if url is None:
        return exc.message
    return format_html('{} <a href="{}">查看{}的记录</a>', exc.message, url(), exc.conflict)
