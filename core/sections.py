"""Sections a higher app adds to a lower app's page, without the lower app knowing it.

The compliance page (attendance) shows the county's charts (oversight), but attendance must not import
oversight. So a page names a *slot* in its template (``{% load sections %}{% sections "slot" county=… %}``)
and a higher app registers, in its ``AppConfig.ready()``, a renderer for that slot: a function of the
request and the template's keyword arguments returning HTML (or "" when it has nothing to show).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[..., str]

_SLOTS: dict[str, list[Renderer]] = defaultdict(list)


def register(slot: str, renderer: Renderer) -> None:
    """Add ``renderer(request, **kwargs) -> html`` to ``slot`` (once, however often ready() runs)."""
    if renderer not in _SLOTS[slot]:
        _SLOTS[slot].append(renderer)


def render_slot(slot: str, request: HttpRequest | None, **kwargs: Any) -> SafeString:
    """The HTML every renderer of ``slot`` gives, in registration order; nothing without a request."""
    if request is None:
        return mark_safe("")
    # Each renderer returns template output that Django has already escaped.
    return mark_safe("".join(renderer(request, **kwargs) for renderer in _SLOTS.get(slot, ())))  # noqa: S308
