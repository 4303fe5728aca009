"""What the work log pages share: the page size, a refused write shown on its form, the period asked for."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages

from accounts.typing import AuthedHttpRequest
from core import params
from teams.errors import ServiceError

PAGE_SIZE = 30


def _fail(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _period(request: AuthedHttpRequest, today: datetime.date) -> tuple[int, int]:
    """?year=&quarter= (default: today's quarter); a bad value is a message and the default."""
    try:
        year = params.parse_year(request.GET.get("year")) or today.year
        quarter = params.parse_int(request.GET.get("quarter"), label="季度", low=1, high=4) or (
            (today.month - 1) // 3 + 1
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return today.year, (today.month - 1) // 3 + 1
    return year, quarter
