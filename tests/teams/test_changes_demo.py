"""The demo's member changes and quota cases (teams.changes_demo), built on the session world in a test."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from teams import changes, quotas
from teams.changes_demo import SHORT_UNIT, build_change_demo
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> dict[str, int]:
    return build_change_demo(TODAY)


def test_xiping_has_changes_filed_on_time_and_late(demo: dict[str, int], user: Any) -> None:
    xiping = Region.objects.get(code="411721")
    ledger = changes.ledger(
        user("bureau"), xiping, start=TODAY.replace(month=1, day=1), end=TODAY, today=TODAY
    )
    kinds = {r.change.kind for r in ledger.rows}
    assert {"swap", "leave", "role"} <= kinds
    assert 0 < ledger.late < len(ledger.rows)


def test_sichuan_has_a_unit_under_quota_and_a_village_without_a_team(demo: dict[str, int], user: Any) -> None:
    view = quotas.county_quotas(user("county_sc"), Region.objects.get(code="510824"), TODAY)
    short = {r.unit.name for r in view.units if r.findings}
    assert SHORT_UNIT[0] in short
    assert [v.name for v, _ in view.uncovered] == ["五一村"]


def test_the_pages_open_for_every_reader(demo: dict[str, int], as_user: Any) -> None:
    xiping = Region.objects.get(code="411721")
    for username in ("county", "bureau", "city"):
        client = as_user(username)
        page = client.get(f"{reverse('teams:change_list')}?county={xiping.pk}")
        assert page.status_code == 200, username
        assert "逾期" in page.content.decode()
        export = client.get(f"{reverse('teams:change_export')}?county={xiping.pk}")
        rows = list(
            load_workbook(io.BytesIO(export.content))["调整备案"].iter_rows(min_row=2, values_only=True)
        )
        assert len(rows) == len(page.context["ledger"].rows)
    for username in ("province", "city"):
        client = as_user(username)
        assert client.get(reverse("teams:change_list")).status_code == 200, username
        assert client.get(reverse("teams:quota_list")).status_code == 200, username
    body = as_user("province").get(reverse("teams:quota_list")).content.decode()
    assert SHORT_UNIT[0] in body and "SC-QUOTA" in body
