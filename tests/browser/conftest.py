"""Shared fixtures of the browser tests: one headless Chromium (Debian's) per session, driven by
Playwright, and ``login(username)`` → a page logged in through the real login form."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from teams.demo import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Each wait fails after this long instead of Playwright's 30 s, so a broken page fails the test quickly.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("ZHUCUN_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required in this run (ZHUCUN_REQUIRE_BROWSER=1) but is not installed")
        pytest.skip("Chromium not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the live server's
    # fixtures are still synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield b
            b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def login(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``login("county")`` → a Playwright page of a fresh browser context, logged in as that demo user.

    Keyword arguments go to ``browser.new_context`` (``**helpers.PHONE`` for a phone-sized screen)."""
    contexts: list[Any] = []

    def _login(username: str, **context: Any) -> Any:
        ctx = browser.new_context(locale="zh-CN", accept_downloads=True, **context)
        ctx.set_default_timeout(TIMEOUT_MS)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _login
    for ctx in contexts:
        for page in ctx.pages:
            _settle(page)
        ctx.close()


def _settle(page: Any) -> None:
    """Let what a page fetches after loading (htmx: the county's charts) arrive before the test's data is
    flushed: a live-server thread still reading SQLite while the flush writes would wait on it for ever."""
    from playwright.sync_api import expect

    # A retrying count, not wait_for_function: its polling evaluates a string, which the CSP refuses.
    try:
        expect(page.locator('.htmx-request, [hx-trigger="load"]')).to_have_count(0, timeout=TIMEOUT_MS)
    except AssertionError:
        pass  # a fetch that never answers leaves its placeholder: the flush then proceeds as before
