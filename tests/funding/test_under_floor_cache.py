"""The teams under the funds floor on the county's work list, kept across requests (issue 15): an
allocation entered is seen on the very next home page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clock import TODAY

from .helpers import funded

pytestmark = pytest.mark.django_db


def _under_floor(client: Any) -> int:
    items = {i.key: i for i in client.get("/").context["work_items"]}
    item = items.get("funding.under_floor")
    return item.count if item is not None else 0


def test_an_allocation_reaching_the_floor_is_seen_on_the_next_home_page(as_user: Any) -> None:
    client = as_user("county_qh")
    before = _under_floor(client)
    assert _under_floor(client) == before > 0  # kept
    funded("county_qh", 100000, year=TODAY.year)  # the county's first team, well over the floor
    assert _under_floor(client) == before - 1
