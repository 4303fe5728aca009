"""Shared page helpers: the paginated, searchable, exportable list every app's list pages use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def render_list(
    request: HttpRequest,
    template: str,
    queryset: QuerySet[Any],
    context: dict[str, Any],
    export: Callable[[Any, QuerySet[Any]], HttpResponse] | None = None,
) -> HttpResponse:
    """Paginate; an htmx request (search as you type) gets the table partial only; ``?format=xlsx``
    downloads the same filtered rows, unpaginated."""
    if export is not None and request.GET.get("format") == "xlsx":
        return export(request, queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context |= {"page": page, "query": query.urlencode(), "q": request.GET.get("q", "")}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        return render(request, template.replace(".html", "_table.html"), context)
    return render(request, template, context)
