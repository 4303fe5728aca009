"""The main flows in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
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


def _login(browser: Any, live_server: Any, username: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_the_county_sees_a_rule_breaking_team_with_its_provision(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    page = _login(browser, live_server, "county")
    assert "需关注的工作队" in page.content()
    page.click("text=赵楼村驻村工作队")
    page.wait_for_selector("text=政策检查")
    assert "ZMD-TEAM" in page.inner_text("ul.findings")


def test_the_county_searches_the_team_list_as_it_types(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    page = _login(browser, live_server, "county")
    page.goto(f"{live_server.url}/teams/")
    page.fill("input[name=q]", "李楼")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert "李楼村驻村工作队" in page.inner_text("#results")


def test_a_bad_id_number_is_explained_and_nothing_is_saved(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    page = _login(browser, live_server, "county")
    page.goto(f"{live_server.url}/cadres/new/")
    page.fill("#id_id_number", "110105194912310021")
    page.fill("#id_name", "测试")
    page.select_option("#id_party_status", "member")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector(".error")
    assert "校验位错误" in page.inner_text(".error")


def test_the_phone_layout_hides_the_menu_behind_a_toggle(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    page = _login(browser, live_server, "township", viewport={"width": 390, "height": 844})
    assert not page.is_visible("nav.nav")
    page.click("label.nav-toggle-label")
    assert page.is_visible("nav.nav")
