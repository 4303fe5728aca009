"""``{% load sections %}{% sections "slot" key=value … %}``: what higher apps add to this page (core.sections)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.sections import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context: template.Context, slot: str, **kwargs: Any) -> SafeString:
    return render_slot(slot, context.get("request"), **kwargs)
