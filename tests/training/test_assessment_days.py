"""The assessment round and its entries show each cadre's training days of the round's year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from assessment import selectors as assessment_selectors
from tests.assessment.helpers import open_round
from tests.clock import TODAY
from tests.training.helpers import attend, event

pytestmark = pytest.mark.django_db


def test_round_rows_carry_the_years_training_days(as_user: Any) -> None:
    round_ = open_round("county")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    attend(event(days="3"), entry.cadre)
    attend(event(days="1.5", title="第二期"), entry.cadre)
    view = assessment_selectors.round_view(round_, round_.entries.all(), today=TODAY)
    days = {row.entry.pk: row.training_days for row in view.rows}
    assert days[entry.pk] == Decimal("4.5")
    assert all(d == 0 for pk, d in days.items() if pk != entry.pk)
    page = as_user("county").get(reverse("assessment:entry_detail", args=[entry.pk])).content.decode()
    assert "培训天数</dt><dd>4.5天" in page
    listing = as_user("county").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()
    assert '<td data-label="培训">4.5天</td>' in listing
