"""``{% cadre_training cadre as training %}``: the cadre's training this year against the managing
county's policy (training.selectors.cadre_year), for the cadre page of teams."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import timezone

from teams.models import Cadre
from training import selectors

register = template.Library()


@register.simple_tag
def cadre_training(cadre: Cadre) -> selectors.CadreYear:
    today = timezone.localdate()
    return selectors.cadre_year(cadre, today.year, today=today)


@register.filter
def days(value: Decimal | None) -> str:
    """3.5, 4, 10 (no trailing zeros, never 1E+1)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
