"""audit_prune deletes only what is older than the retention, and refuses a retention under six months."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings

from audit.models import AuditEntry
from audit.services import RETENTION_TOO_SHORT_MSG, RetentionError, audit_prune
from teams.models import Region
from teams.rules.retention import AUDIT_RETENTION_MIN_DAYS
from tests.clock import NOW

pytestmark = pytest.mark.django_db


def _entry(age: datetime.timedelta) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Region),
        object_pk="1",
        object_repr="西平县",
        action=AuditEntry.Action.UPDATE,
        timestamp=NOW - age,
    )


def test_the_floor_is_six_months_read_as_the_longest_six_months() -> None:
    # 1 July → 1 January: the longest six calendar months.
    assert AUDIT_RETENTION_MIN_DAYS == (datetime.date(2027, 1, 1) - datetime.date(2026, 7, 1)).days


@pytest.mark.parametrize("days", [0, 30, AUDIT_RETENTION_MIN_DAYS - 1])
def test_a_retention_under_the_floor_is_refused_and_nothing_is_deleted(days: int) -> None:
    old = _entry(datetime.timedelta(days=4000))
    with pytest.raises(RetentionError) as refused:
        audit_prune(days=days, now=NOW)
    assert str(refused.value) == RETENTION_TOO_SHORT_MSG.format(minimum=AUDIT_RETENTION_MIN_DAYS, days=days)
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_the_command_refuses_it_in_chinese() -> None:
    with pytest.raises(CommandError, match="至少保存184天"):
        call_command("audit_prune", days=AUDIT_RETENTION_MIN_DAYS - 1)


def test_entries_exactly_at_the_retention_stay_and_older_ones_go() -> None:
    days = 400
    kept = _entry(datetime.timedelta(days=days))
    gone = _entry(datetime.timedelta(days=days, seconds=1))
    recent = _entry(datetime.timedelta(days=1))
    assert audit_prune(days=days, now=NOW) == 1
    assert set(
        AuditEntry.objects.filter(pk__in=[kept.pk, gone.pk, recent.pk]).values_list("pk", flat=True)
    ) == {
        kept.pk,
        recent.pk,
    }


@override_settings(AUDIT_RETENTION_DAYS=5000)
def test_the_command_uses_the_setting() -> None:
    within, beyond = _entry(datetime.timedelta(days=4999)), _entry(datetime.timedelta(days=5001))
    call_command("audit_prune")
    assert (
        AuditEntry.objects.filter(pk=within.pk).exists()
        and not AuditEntry.objects.filter(pk=beyond.pk).exists()
    )


@pytest.mark.parametrize(
    "days, ok", [(AUDIT_RETENTION_MIN_DAYS - 1, False), (AUDIT_RETENTION_MIN_DAYS, True)]
)
def test_a_setting_under_the_floor_fails_the_system_check(days: int, ok: bool) -> None:
    with override_settings(AUDIT_RETENTION_DAYS=days):
        errors = [e for e in run_checks() if e.id == "audit.E001"]
    assert (errors == []) is ok
