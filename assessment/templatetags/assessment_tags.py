"""``{% cadre_assessment_results cadre as results %}``: the annual grades written into a cadre's record
(the entries of closed rounds the viewer may read), for the cadre page of teams — the assessment
supplies its own section, so teams never imports assessment."""

from __future__ import annotations

from typing import Any

from django import template

from teams.models import Cadre

from ..selectors import cadre_results

register = template.Library()


@register.simple_tag(takes_context=True)
def cadre_assessment_results(context: dict[str, Any], cadre: Cadre) -> Any:
    return cadre_results(context["request"].user, cadre)
