"""The work list on every home page: what waits for a user, contributed by each app.

Each app keeps its items in ``<app>/worklist.py``: a provider ``(user, today) -> list[WorkItem]`` built
from that app's own selectors, registered from its ``AppConfig.ready()``. The home view only asks
``items_for``; it knows no app's items. Each item is a count and a link to the page that lists exactly
the counted records (the page's own filters), so the count and the page can never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


class Urgency(IntEnum):
    """Lower comes first on the list."""

    OVERDUE = 0
    DUE_SOON = 1
    TO_DO = 2
    # A convenience, never a duty nor a score (e.g. "今天尚未打卡"): listed last.
    INFO = 3

    @property
    def label(self) -> str:
        return URGENCY_LABELS[self]


URGENCY_LABELS = {
    Urgency.OVERDUE: "已逾期",
    Urgency.DUE_SOON: "即将到期",
    Urgency.TO_DO: "待办",
    Urgency.INFO: "提示",
}


@dataclass(frozen=True)
class WorkItem:
    key: str  # stable, "<app>.<what>": the element id on the page and the tests' handle
    label: str  # Chinese, what waits ("请假待审批")
    url: str  # the page showing exactly the counted records
    urgency: Urgency
    count: int | None = None  # None: a single fact rather than a number of records
    due: datetime.date | None = None
    provision: str = ""  # the rule id that sets the duty or deadline, when one does

    @property
    def urgency_label(self) -> str:
        return self.urgency.label


Provider = Callable[[Any, datetime.date], list[WorkItem]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add an app's provider (idempotent: ``ready()`` may run more than once)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def items_for(user: Any, today: datetime.date) -> list[WorkItem]:
    """Every registered provider's items for ``user``, overdue first, then by due date and label."""
    items = [item for provider in _providers for item in provider(user, today)]
    far = datetime.date.max
    return sorted(items, key=lambda i: (i.urgency, i.due or far, i.label))


def urgency_of(due: datetime.date | None, today: datetime.date, *, soon_days: int) -> Urgency:
    """Overdue after ``due``, due soon within ``soon_days`` before it (the lead time comes from the
    caller's rules), else to do."""
    if due is None:
        return Urgency.TO_DO
    if today > due:
        return Urgency.OVERDUE
    if (due - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.TO_DO


def link(name: str, *args: object, **query: object) -> str:
    """The URL of a named page with the filters that make it list exactly an item's records."""
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")
