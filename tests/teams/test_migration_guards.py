"""The overlap guards of 0002 survive every later migration of the teams tables (0004, 0005 rebuild
tables on SQLite): after migrating forwards, back to 0004 and forwards again, all four triggers exist
and still refuse an overlap."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from teams.models import Team

GUARDS = {
    f"{name}_{event}"
    for name in ("membership_no_overlap", "team_no_overlap_in_village")
    for event in ("insert", "update")
}


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite triggers; PostgreSQL uses exclusion constraints"
)
@pytest.mark.django_db(transaction=True)
def test_the_overlap_triggers_survive_0005_and_its_rollback() -> None:
    assert GUARDS <= _triggers()
    call_command("migrate", "teams", "0004", verbosity=0)
    try:
        assert GUARDS <= _triggers()
    finally:
        call_command("migrate", verbosity=0)
    assert GUARDS <= _triggers()
    team = Team.objects.first()
    assert team is not None
    with pytest.raises(IntegrityError, match="team_no_overlap_in_village"), transaction.atomic():
        Team.objects.create(village=team.village, term_start=team.term_start, term_end=None)
