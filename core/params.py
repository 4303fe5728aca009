"""Parameters of the attendance pages and APIs, checked at the edge.

A year, month, date, time or number from a query string or a form that does not parse, or names a year
the system does not serve, is refused here with a Chinese message: a page shows it, the API answers
400 with it as ``detail``. Nothing of the kind reaches ``datetime`` or the database as an exception
(an HTTP 500). A record id that does not parse names no record: 404, like any record that does not
exist (or lies outside the jurisdiction).

Free text is bounded the same way (``clean_text``, ``TEXT_MAX_LENGTH``): the services call it, forms and
serializers declare the same ``max_length``.

The years served are one range, ``MIN_YEAR``..``MAX_YEAR``; pages show it (``<input min max>``) from
``YEAR_RANGE`` rather than writing it again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404

from .errors import ServiceError

MIN_YEAR = 2000
MAX_YEAR = 2100
YEAR_RANGE = {"min_year": MIN_YEAR, "max_year": MAX_YEAR}

# A bad parameter is a bad request (HTTP 400 in the API), never a refusal of who is asking.
BAD_PARAM = "bad_param"
BAD_YEAR_MSG = f"年份无效：{{value}}。年份应为{MIN_YEAR}至{MAX_YEAR}之间的整数"
BAD_MONTH_MSG = f"月份无效：{{value}}。月份应为{MIN_YEAR}年至{MAX_YEAR}年之间的年月，格式如2026-11"
BAD_DATE_MSG = f"日期无效：{{value}}。日期应为{MIN_YEAR}年至{MAX_YEAR}年之间的有效日期，格式如2026-11-24"
BAD_TIME_MSG = (
    f"时间无效：{{value}}。时间应为{MIN_YEAR}年至{MAX_YEAR}年之间的有效日期和时间，格式如2026-11-24T10:00"
)
BAD_NUMBER_MSG = "{label}无效：{value}。{label}应为{low}至{high}之间的整数"
# Without the value: for form fields, which show the value beside the message anyway.
DATE_OUT_OF_RANGE_MSG = f"日期应在{MIN_YEAR}年至{MAX_YEAR}年之间"

# Free text (reasons, notes, comments, explanations) is at most a page; a short field holds what its
# column holds. A 100 KB leave reason is refused, not stored (nor cut: the writer decides what to keep).
TEXT_MAX_LENGTH = 2000
TOO_LONG_MSG = "{label}不能超过{limit}个字，现有{length}个字"

_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_DIGITS = re.compile(r"\d{1,18}", re.ASCII)
# A value is echoed in the message, cut short: a hostile value of a megabyte is not a message.
_SHOWN = 20


def _shown(raw: str) -> str:
    return raw if len(raw) <= _SHOWN else raw[:_SHOWN] + "…"


def _bad(message: str, raw: str, field: str | None) -> ServiceError:
    return ServiceError(BAD_PARAM, message.format(value=_shown(raw)), field)


def year_served(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def parse_year(raw: str | None, *, field: str = "year") -> int | None:
    """``2026`` → 2026; absent or empty → None; anything else is BAD_PARAM."""
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw) or not year_served(int(raw)):
        raise _bad(BAD_YEAR_MSG, raw, field)
    return int(raw)


def parse_month(raw: str | None, *, field: str = "month") -> tuple[int, int] | None:
    """``2026-11`` → (2026, 11); absent or empty → None; anything else is BAD_PARAM."""
    if not raw:
        return None
    found = _MONTH.fullmatch(raw)
    if found is None:
        raise _bad(BAD_MONTH_MSG, raw, field)
    year, month = int(found[1]), int(found[2])
    if not (year_served(year) and 1 <= month <= 12):
        raise _bad(BAD_MONTH_MSG, raw, field)
    return year, month


_When = TypeVar("_When", datetime.date, datetime.datetime)


def _iso(raw: str | None, parse: Callable[[str], _When], message: str, field: str) -> _When | None:
    """An ISO date or time inside the served years; absent or empty → None; anything else BAD_PARAM."""
    if not raw:
        return None
    try:
        value = parse(raw)
    except ValueError:
        raise _bad(message, raw, field) from None
    if not year_served(value.year):
        raise _bad(message, raw, field)
    return value


def parse_date(raw: str | None, *, field: str = "date") -> datetime.date | None:
    """``2026-11-24`` → the date; absent or empty → None; anything else is BAD_PARAM."""
    return _iso(raw, datetime.date.fromisoformat, BAD_DATE_MSG, field)


def parse_datetime(raw: str | None, *, field: str = "at") -> datetime.datetime | None:
    """``2026-11-24T10:00`` (as ``<input type=datetime-local>`` sends it) → the time, naive unless an
    offset is given; absent or empty → None; anything else is BAD_PARAM."""
    return _iso(raw, datetime.datetime.fromisoformat, BAD_TIME_MSG, field)


def parse_int(raw: str | None, *, label: str, low: int, high: int, field: str | None = None) -> int | None:
    """An integer in [low, high]; absent or empty → None; anything else is BAD_PARAM naming ``label``."""
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise ServiceError(
            BAD_PARAM, BAD_NUMBER_MSG.format(label=label, value=_shown(raw), low=low, high=high), field
        )
    return int(raw)


def parse_id(raw: str | None) -> int | None:
    """A record id; absent or empty → None. One that does not parse names no record: 404."""
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw):
        raise Http404
    return int(raw)


def parse_filter_id(raw: str | None) -> int | None:
    """An id that only narrows a list (``/teams/?township=…``); absent, empty or not a plain ASCII
    number (``²`` and ``١`` are digits to ``str.isdigit`` but not to ``int``) → None: the filter is
    ignored and the whole list shown, as for any filter value that names nothing."""
    if not raw or not _DIGITS.fullmatch(raw):
        return None
    return int(raw)


def clean_text(raw: str | None, *, label: str, limit: int = TEXT_MAX_LENGTH, field: str | None = None) -> str:
    """Free text as stored: stripped; longer than ``limit`` characters is BAD_PARAM naming ``label``."""
    text = (raw or "").strip()
    if len(text) > limit:
        raise ServiceError(BAD_PARAM, TOO_LONG_MSG.format(label=label, limit=limit, length=len(text)), field)
    return text


def validate_served_date(value: datetime.date) -> None:
    """A validator for form and serializer date fields: the date lies in a year the system serves."""
    if not year_served(value.year):
        raise ValidationError(DATE_OUT_OF_RANGE_MSG, code="date_out_of_range")
