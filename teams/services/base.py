"""What every teams service shares: the editor and jurisdiction guards, the translation of a database
guard's error into the service's message, and ``KEEP`` for the fields an update leaves alone."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import User
from teams import errors
from teams.scoping import ScopedQuerySet

OPEN_END = datetime.date.max


def require_editor(actor: User) -> None:
    if not actor.can_edit_roster:
        raise errors.ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)


def require_in_scope(actor: User, queryset: ScopedQuerySet[Any], obj: Any, what: str, field: str) -> None:
    if obj is not None and not queryset.for_user(actor).filter(pk=obj.pk).exists():
        raise errors.ServiceError(
            errors.OUTSIDE_JURISDICTION, errors.OUTSIDE_JURISDICTION_MSG.format(what=what), field
        )


@contextmanager
def guarded(messages: dict[str, tuple[str, str, str | None]]) -> Iterator[None]:
    """Translate a database guard's IntegrityError into the service's message (a race lost)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        text = str(exc)
        for marker, (code, message, field) in messages.items():
            if marker in text:
                raise errors.ServiceError(code, message, field) from exc
        raise errors.ServiceError(errors.CONCURRENT_CHANGE, errors.CONCURRENT_CHANGE_MSG) from exc


class Keep(enum.Enum):
    """A field a save leaves as it stands: an update names only the fields it changes."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


def apply(instance: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not KEEP:
            setattr(instance, name, value)


def overlaps(start: datetime.date, end: datetime.date | None, start_field: str, end_field: str) -> Q:
    return Q(**{f"{start_field}__lte": end or OPEN_END}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    )
