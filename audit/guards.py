"""The database refuses to rewrite the audit trail (migrations/0002_append_only).

PostgreSQL: a row trigger refuses every UPDATE, and every DELETE of an entry younger than
``AUDIT_RETENTION_MIN_DAYS``; TRUNCATE (the whole-database ``flush`` of the tests and of a restore) is
the database owner's act on every table at once and is not guarded.

SQLite has no TRUNCATE: ``flush`` is ``DELETE FROM`` and would meet the trigger. Its trigger asks
``zhucun_audit_locked(timestamp)``, a function each Django connection registers (``install``); while the
``flush`` command runs (``flushing``) it answers 0. A connection that does not register it (the sqlite3
shell) cannot delete or update an entry at all: the trigger names a function it does not know.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from teams.rules.retention import AUDIT_RETENTION_MIN_DAYS

REFUSED_MSG = "审计记录不可修改，保存期内不可删除"
SQLITE_FUNCTION = "zhucun_audit_locked"

_flushing: ContextVar[bool] = ContextVar("audit_flushing", default=False)


@contextmanager
def flushing() -> Iterator[None]:
    """The whole database is being emptied (``manage.py flush``): the SQLite guard stands aside."""
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)


def _locked(stamp: Any) -> int:
    """1 when the entry stamped ``stamp`` may not be deleted: younger than the legal retention."""
    if _flushing.get():
        return 0
    if stamp is None:
        return 1
    moment = parse_datetime(str(stamp))
    if moment is None:
        return 1
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment > timezone.now() - datetime.timedelta(days=AUDIT_RETENTION_MIN_DAYS))


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give every SQLite connection the guard's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _locked)
