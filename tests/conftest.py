"""Shared fixtures. The demo world is built once per test database, so tests check what users see.

Tests that need PostgreSQL, Redis or a browser skip on a plain machine, but with
ZHUCUN_REQUIRE_SERVICES=1 / ZHUCUN_REQUIRE_BROWSER=1 (set by .ci/run) a missing service fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User

from .clock import NOW, TODAY

_clock: Any = None


def pytest_configure(config: pytest.Config) -> None:
    """Freeze the clock (it still ticks) at ``tests.clock.NOW`` for the whole session, before any
    fixture builds the demo world: the suite never reads the wall clock."""
    global _clock
    import time_machine

    _clock = time_machine.travel(NOW, tick=True)
    _clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _clock is not None:
        _clock.stop()


@pytest.fixture(scope="session", autouse=True)
def _plain_static_storage() -> None:
    # Tests render templates without running collectstatic first.
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from attendance.leave.demo import build_leave_demo
    from teams.demo import build_demo

    with django_db_blocker.unblock():
        build_demo(TODAY)
        build_leave_demo(TODAY)


@pytest.fixture(autouse=True)
def _demo_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Transactional tests (threads, a live server, a real worker) all start from the same world: the
    teams demo alone. They write their own leave and attendance; the database is flushed after each,
    and the first one of a run finds the session's full demo, which is reset here too."""
    marker = request.node.get_closest_marker("django_db")
    wants = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if not wants and not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.core.management import call_command

    from accounts.models import User
    from teams.demo import build_demo
    from teams.models import Region

    if User.objects.filter(username="township2").exists():  # the leave demo's login: more than teams
        call_command("flush", interactive=False, verbosity=0)
    if not Region.objects.exists():
        build_demo(TODAY)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Values kept across requests (core/caching.py) start afresh in every test: a test's database is
    rolled back without the signals that would invalidate what it cached."""
    from core.caching import new_epoch

    new_epoch()


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests run tasks in-process even when REDIS_URL names a broker; only tests that start a real
    worker (the ``worker`` fixture, tests/test_celery_worker.py) send tasks through Redis."""
    if "worker" in request.fixturenames:
        yield
        return
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def require_service(what: str, available: bool) -> None:
    if available:
        return
    if os.environ.get("ZHUCUN_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required in this run (ZHUCUN_REQUIRE_SERVICES=1) but is not configured")
    pytest.skip(f"{what} not configured; .ci/run runs this test against the real service")


@pytest.fixture
def postgres() -> None:
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")


@pytest.fixture
def redis_url() -> str:
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    return settings.REDIS_URL


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def as_user(db: Any) -> Iterator[Any]:
    """``as_user("county")`` → a test client logged in as that demo user."""
    yield login


@pytest.fixture
def user(db: Any) -> Any:
    return lambda username: User.objects.get(username=username)
