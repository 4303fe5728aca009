"""The work log in the audit trail: an entry written, and a care case closed, each under its county."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from audit.models import AuditEntry
from teams.models import Region
from tests.clock import TODAY
from worklog import services
from worklog.models import LogEntry, Meeting

pytestmark = pytest.mark.django_db


def entries_for(model: Any, pk: Any) -> Any:
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))


def test_a_log_entry_is_in_the_trail_of_its_county() -> None:
    entry = services.log_entry_create(
        actor=User.objects.get(username="cadre"), kind="visit", date=TODAY, summary="入户走访", today=TODAY
    )
    [logged] = entries_for(LogEntry, entry.pk).filter(action=AuditEntry.Action.CREATE)
    assert logged.county_id == Region.objects.get(name="西平县").pk


def test_a_township_meeting_is_in_the_trail_of_its_county() -> None:
    meeting = services.meeting_create(
        actor=User.objects.get(username="township_sc"), date=TODAY, title="例会", today=TODAY
    )
    [logged] = entries_for(Meeting, meeting.pk).filter(action=AuditEntry.Action.CREATE)
    assert logged.county_id == Region.objects.get(name="苍溪县").pk
