"""One default database for `make demo` and the README's commands, and a Chinese sentence naming the
fix (not "no such table: teams_region") when a command meets an empty database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler

from core.database import NOT_MIGRATED_MSG, database_problem

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {**env, **extra}


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A second connection, to a new SQLite file nothing was migrated into."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "e.db")}}
    )
    yield handler["default"]
    handler.close_all()


@pytest.mark.django_db  # lets the second connection through pytest-django's guard
def test_an_empty_database_is_named_with_the_fix(empty_sqlite: BaseDatabaseWrapper) -> None:
    problem = database_problem(empty_sqlite)
    assert problem == NOT_MIGRATED_MSG.format(name=empty_sqlite.settings_dict["NAME"])
    assert "数据库尚未初始化" in problem and "make demo" in problem and "manage.py migrate" in problem


@pytest.mark.django_db
def test_a_migrated_database_has_no_problem() -> None:
    assert database_problem(connection) is None


@pytest.mark.parametrize(
    "command",
    [
        ["compliance", "--month", "2026-10"],
        ["import_roster", "{roster}", "--county", "411721", "--dry-run"],
    ],
)
def test_commands_on_an_empty_database_say_what_to_run(tmp_path: Path, command: list[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,公民身份号码\n", encoding="utf-8")
    env = _env(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    out = subprocess.run(
        [sys.executable, "manage.py", *(arg.format(roster=roster) for arg in command)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "数据库尚未初始化" in out.stderr and "manage.py migrate" in out.stderr
    assert "Traceback" not in out.stderr and "no such table" not in out.stderr


def test_manage_py_defaults_to_the_database_make_demo_builds() -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert Path(out.stdout.strip().splitlines()[-1]) == ROOT / "demo.sqlite3"
    make = shutil.which("make")
    assert make is not None
    recipe = subprocess.run([make, "-n", "demo"], cwd=ROOT, env=_env(), capture_output=True, text=True).stdout
    assert "rm -f demo.sqlite3" in recipe and "DATABASE_URL=sqlite" not in recipe
