"""A cadre enters a work log entry on a phone-sized screen (390 px) with the existing CSS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from worklog.models import LogEntry

from .helpers import PHONE, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cadre_logs_a_visit_on_a_phone(login: Callable[..., Any], live_server: Any) -> None:
    page = login("cadre", **PHONE)
    page.goto(f"{live_server.url}/worklog/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("#id_kind", "visit")
    page.fill("#id_summary", "入户走访，了解春耕困难")
    page.fill("#id_new_households", "王建国 1组3号")
    page.click("main form[enctype] button[type=submit]")
    assert "已保存" in flash(page, "已保存")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    entry = LogEntry.objects.get()
    assert entry.households.get().head_name == "王建国"
