"""The county's home page leads with its work list (issue 15), in a real headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_county_home_shows_its_work_list_and_each_item_leads_to_its_page(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    items = page.locator("#worklist .worklist-item")
    assert items.count() > 0
    first = items.first
    assert first.locator(".worklist-count").inner_text().strip().isdigit()
    label = first.locator(".worklist-label").inner_text()
    assert label  # Chinese, e.g. 逾期未完成的事项
    first.locator("a").click()
    page.wait_for_load_state()
    assert page.url != f"{live_server.url}/"
    assert "未找到" not in page.content()
