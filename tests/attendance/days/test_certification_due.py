"""SC-ATT: the county's deadline for certifying a month (issue 10, correction 10).

Seed 003: 乡镇党委、政府动态掌握、每月统计驻村工作队队员在岗情况并留档备查 — the deadline is the county's
setting ``attendance_statistics_grace_days`` (default the 10th of the next month). The month grid says it
and reports a month not certified in time; the setting changes both. Elsewhere nothing is said.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from attendance.days import selectors
from teams.models import PolicyOverride, Region
from tests.attendance.helpers import user

pytestmark = pytest.mark.django_db

# The demo's latest finished month (October) is not certified yet; the test day is 2026-11-24.


def _as_sichuan() -> Region:
    county = Region.objects.get(name="西平县", level="county")
    county.policy_code = "sichuan"
    county.save(update_fields=["policy_code"])
    return county


def _grid(client: Any) -> str:
    township = user("township").region
    assert township is not None
    client.force_login(user("township"))
    response = client.get(reverse("attendance:grid_form") + f"?township={township.pk}&month=2026-10")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_month_not_certified_by_the_tenth_is_reported(client: Any) -> None:
    _as_sichuan()
    page = _grid(client)
    assert 'id="certify-late"' in page
    assert "2026年10月的在岗情况尚未统计留档（应于2026-11-10前完成）（SC-ATT）" in page


def test_the_countys_setting_moves_the_deadline(client: Any) -> None:
    county = _as_sichuan()
    PolicyOverride.objects.create(
        county=county,
        key="attendance_statistics_grace_days",
        provision="SC-ATT",
        value=28,
        reason="本县每月28日前确认",
        created_by=user("county"),
    )
    assert selectors.certification_due(county, 2026, 10, datetime.date(2026, 11, 24)) == datetime.date(
        2026, 11, 28
    )
    page = _grid(client)
    assert 'id="certify-late"' not in page
    assert "本月考勤应于2026年11月28日前由乡镇确认（SC-ATT" in page


def test_a_late_certification_is_a_finding() -> None:
    county = _as_sichuan()
    found = selectors.certification_findings(
        county, 2026, 10, datetime.date(2026, 11, 12), datetime.date(2026, 11, 24)
    )
    assert [f.provision for f in found] == ["SC-ATT"]
    assert "于2026-11-12才统计，晚于2026-11-10" in found[0].message


def test_no_deadline_where_sc_att_is_not_in_force(client: Any) -> None:
    county = Region.objects.get(name="西平县", level="county")
    assert selectors.certification_due(county, 2026, 10, datetime.date(2026, 11, 24)) is None
    page = _grid(client)
    assert "SC-ATT" not in page and 'id="certify-due"' not in page
