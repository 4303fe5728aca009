"""A real Celery worker, started as a process on Redis, runs a task against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.health import health_check
from teams.models import Region

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_broker_tasks_run_in_process(settings) -> None:  # type: ignore[no-untyped-def]
    if settings.REDIS_URL:
        pytest.skip("this run has a broker; the in-process mode is covered by the SQLite run")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.fixture
def worker(redis_url: str, transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    db = connection.settings_dict
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": _database_url(db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _database_url(db: dict) -> str:  # type: ignore[type-arg]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_task_on_the_test_database(worker, postgres) -> None:  # type: ignore[no-untyped-def]
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    Region.objects.create(code="110000", name="北京市", level="province")
    result = health_check.delay().get(timeout=60)
    assert result["database"] == "postgresql"
    assert result["regions"] == Region.objects.count()
