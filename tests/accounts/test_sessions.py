"""Sessions (accounts/sessions.py, issue 15): an unchanged session is renewed at most once a minute, so
it still ends after 30 idle minutes at the latest, and a changed one is written at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import RENEW_EVERY, SessionStore

pytestmark = pytest.mark.django_db

PAGE = reverse("teams:village_list")


def session_writes(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"'))


def later(**delta: float) -> datetime.datetime:
    """Now plus ``delta`` on the suite's clock, frozen and ticking at tests.clock.NOW."""
    return timezone.now() + datetime.timedelta(**delta)  # clock: the suite's, never the wall clock


def test_an_unchanged_session_is_written_at_most_once_a_minute(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    session_writes(client)
    assert session_writes(client) == 0, "renewed a moment ago"
    with time_machine.travel(later(seconds=RENEW_EVERY + 1)):
        assert session_writes(client) == 1


def test_the_session_still_ends_after_30_idle_minutes(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    client.get(PAGE)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    renewed = Session.objects.get(pk=key).expire_date
    with time_machine.travel(later(seconds=RENEW_EVERY - 5)):
        assert client.get(PAGE).status_code == 200
    assert Session.objects.get(pk=key).expire_date == renewed, "the last renewal is recent: not renewed"
    if isinstance(SessionStore(), cached_db.SessionStore):
        # Redis drops the cached copy when its own clock reaches the expiry; this test's clock is not
        # Redis's, so the copy is dropped here.
        caches[settings.SESSION_CACHE_ALIAS].delete(cached_db.KEY_PREFIX + key)
    with time_machine.travel(later(minutes=30, seconds=1)):
        response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_used_every_few_minutes_stays_open(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    start = later()
    for minutes in range(0, 60, 10):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get(PAGE).status_code == 200, minutes


def test_logging_out_ends_the_session_at_once(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    client.get(PAGE)
    client.logout()
    assert client.get(PAGE).status_code == 302
