"""Without SECRET_KEY and DEBUG the app refuses to start instead of signing with the public development key."""

import os
import subprocess
import sys
from pathlib import Path

from config.env import SECRET_KEY_MISSING

ROOT = Path(__file__).resolve().parent.parent


def _setup(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SECRET_KEY_FILE"}}
    clean.update({"SECRET_KEY_FILE": str(tmp_path / "absent"), "DATABASE_URL": "sqlite:///:memory:", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    )


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    out = _setup(tmp_path, DEBUG="0")
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr and SECRET_KEY_MISSING in out.stderr


def test_the_key_file_is_read_when_the_environment_sets_none(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("k3y-from-the-file-" + "x" * 40 + "\n", encoding="utf-8")
    out = _setup(tmp_path, DEBUG="0", SECRET_KEY_FILE=str(tmp_path / "key"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "k3y-from-the-file-" + "x" * 40


def test_debug_alone_may_use_the_development_key(tmp_path: Path) -> None:
    out = _setup(tmp_path, DEBUG="1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("django-insecure-")
