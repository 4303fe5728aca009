"""Under the Content-Security-Policy the pages still work and the browser refuses nothing: htmx adds
no inline style, the moved scripts (static/js) run."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


def test_the_county_browses_and_searches_without_a_violation(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    seen = _violations(page)
    for path in ("/", "/teams/", "/cadres/", "/attendance/compliance/", "/leave/", "/accounts/tokens/"):
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/teams/")
    page.fill("input[name=q]", "李楼")  # an htmx swap of the results
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert seen == []


def test_the_grid_script_moves_between_cells_without_a_violation(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("township")
    seen = _violations(page)
    page.goto(f"{live_server.url}/attendance/grid/")
    cells = page.locator("input.cell:not([disabled])")
    first = cells.first
    first.focus()
    first.press("Z")  # static/js/grid.js upper-cases, colours and moves on
    assert first.get_attribute("data-code") == "Z"
    assert page.evaluate("document.activeElement.classList.contains('cell')")
    assert seen == []


def test_the_check_in_button_runs_its_script(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("cadre")
    seen = _violations(page)
    page.goto(f"{live_server.url}/attendance/checkin/")
    page.click("#locate")  # no geolocation permission: static/js/checkin.js explains the failure
    expect(page.locator("#geo-status")).not_to_be_empty()
    assert seen == []
