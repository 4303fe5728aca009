"""Production settings pass `check --deploy` but for what the TLS terminator decides; assets are local."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_only_the_https_redirect() -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x7" * 30 + "-Qp9!vR2#mZ8@kL4$wN6^",
        "ALLOWED_HOSTS": "zhucun.example.gov.cn",
        "DATABASE_URL": "sqlite:////tmp/zhucun-deploy-check.sqlite3",
    }
    for name in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    codes = set(re.findall(r"\((\w+\.[WE]\d+)\)", out.stdout + out.stderr))
    assert codes <= {"security.W008"}, out.stdout + out.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["county", "unit", "cadre"])
def test_pages_load_no_asset_from_another_host(as_user, username: str) -> None:  # type: ignore[no-untyped-def]
    body = as_user(username).get(reverse("home")).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', body)
    assert external == []
    assert "/static/vendor/htmx.min.js" in body


@pytest.mark.django_db
def test_the_admin_speaks_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("admin").get("/admin/").content.decode()
    assert "驻村通 管理后台" in body and "驻村工作队" in body


@pytest.mark.django_db
def test_the_favicon_is_served_by_the_app(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
