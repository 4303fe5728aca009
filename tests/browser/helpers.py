"""Small helpers of the browser tests."""

from __future__ import annotations

from typing import Any

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}}


def flash(page: Any, text: str) -> str:
    """Waits for a flash message holding ``text`` (the page may still show the previous one) and
    returns the text of all the page's flash messages."""
    page.locator("main .flash", has_text=text).first.wait_for()
    return " ".join(page.locator("main .flash").all_inner_texts())
