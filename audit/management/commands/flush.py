"""Django's ``flush``, with the SQLite audit guard standing aside while it empties every table.

``flush`` is the one sanctioned way to empty the whole database (a restore into it, the tests'
transactional teardown); on PostgreSQL it is TRUNCATE, which the row guard does not see, and on SQLite it
is DELETE FROM, which the guard would refuse (audit/guards.py).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from audit.guards import flushing


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)
