"""The database itself refuses to rewrite the trail (audit/migrations/0002_append_only), on SQLite and on
PostgreSQL; only entries older than the legal retention may be deleted, and ``flush`` still empties it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from teams.models import Region

pytestmark = pytest.mark.django_db

# Far from any clock the suite or the database runs on: always younger / always older than six months.
YOUNG = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
OLD = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


def _entry(timestamp: datetime.datetime) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Region),
        object_pk="1",
        object_repr="西平县",
        action=AuditEntry.Action.UPDATE,
        changes={"name": ["西平县", "东平县"]},
        timestamp=timestamp,
    )


def test_an_entry_cannot_be_updated() -> None:
    entry = _entry(OLD)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="改写")
    entry.refresh_from_db()
    assert entry.object_repr == "西平县"


def test_a_young_entry_cannot_be_deleted() -> None:
    entry = _entry(YOUNG)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_older_than_the_retention_can_be_deleted() -> None:
    entry = _entry(OLD)
    AuditEntry.objects.filter(pk=entry.pk).delete()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_young_entries_included() -> None:
    _entry(YOUNG)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
