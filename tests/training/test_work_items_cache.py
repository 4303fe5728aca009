"""The training shortfall on the work list, kept across requests (issue 15): a training record entered
is seen on the very next home page."""

from __future__ import annotations

from typing import Any

import pytest

from training.models import TrainingLevel

from .helpers import attend, event, user

pytestmark = pytest.mark.django_db


def _keys(client: Any) -> set[str]:
    return {i.key for i in client.get("/").context["work_items"]}


def test_a_training_record_is_seen_on_the_cadres_next_home_page(as_user: Any) -> None:
    client = as_user("cadre")
    assert "training.short" in _keys(client)
    assert "training.short" in _keys(client)  # kept
    cadre = user("cadre").cadre
    assert cadre is not None
    for level in (TrainingLevel.COUNTY, TrainingLevel.PROVINCE):
        attend(event(level=level, days="30", title=f"测试培训班{level}"), cadre)
    assert "training.short" not in _keys(client)
