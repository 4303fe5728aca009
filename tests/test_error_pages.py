"""Errors show the product's own Chinese pages (the demo runs without DEBUG too, so it shows them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_is_the_products_chinese_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "未找到" in body and 'href="/"' in body and "Page not found" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_keeps_the_users_menu(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get("/no-such-page/").content.decode()
    assert "未找到" in body and 'class="topbar"' in body and "西平县委组织部" in body


@pytest.mark.urls("tests.test_error_pages")
@override_settings(DEBUG=False)
def test_a_server_error_is_the_products_chinese_500() -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统错误" in body and 'href="/"' in body and "Server Error" not in body


@override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"])
def test_an_unknown_host_gets_a_chinese_400(client: Client) -> None:
    response = client.get("/", headers={"host": "unknown.example"})
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_make_demo_runs_without_debug_and_collects_static_files() -> None:
    """DEBUG=1 showed Django's English debug page, listing every URL, for each mistyped address."""
    make = shutil.which("make")
    assert make is not None, "make is needed: the README's two commands are make targets"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ALLOWED_HOSTS", "DEBUG")}
    out = subprocess.run(
        [make, "-n", "demo", "HOST=0.0.0.0", "PORT=8123"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    recipe = out[out.index("DATABASE_URL") :]
    assert "DEBUG=0" in recipe and "DEBUG=1" not in recipe
    assert "collectstatic" in recipe and "runserver 0.0.0.0:8123" in recipe
    assert "ALLOWED_HOSTS=" in recipe and "localhost,0.0.0.0" in recipe
