"""The foundation's pages in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_county_sees_a_rule_breaking_team_with_its_provision(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    assert "需关注的工作队" in page.content()
    page.click("text=赵楼村驻村工作队")
    page.wait_for_selector("text=政策检查")
    assert "ZMD-TEAM" in page.inner_text("ul.findings")


def test_the_county_searches_the_team_list_as_it_types(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    page.goto(f"{live_server.url}/teams/")
    page.fill("input[name=q]", "李楼")
    # A retrying count, not wait_for_function: its polling evaluates a string, which the CSP refuses.
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "李楼村驻村工作队" in page.inner_text("#results")


def test_a_bad_id_number_is_explained_and_nothing_is_saved(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    page.goto(f"{live_server.url}/cadres/new/")
    page.fill("#id_id_number", "110105194912310021")
    page.fill("#id_name", "测试")
    page.select_option("#id_party_status", "member")
    page.click("form.grid-form button[type=submit]")
    page.wait_for_selector(".error")
    assert "校验位错误" in page.inner_text(".error")


def test_the_phone_layout_hides_the_menu_behind_a_toggle(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("township", **PHONE)
    assert not page.is_visible("nav.nav")
    page.click("label.nav-toggle-label")
    assert page.is_visible("nav.nav")
