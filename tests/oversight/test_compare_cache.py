"""The city's comparison kept across requests (issue 15): a spot check corrected or a region renamed is seen
on the very next request."""

from __future__ import annotations

from typing import Any

import pytest

from attendance.models import SpotCheck
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def _absent(client: Any, name: str) -> int:
    areas = {a.region.name: a for a in client.get("/charts/compare/").context["areas"]}
    return int(areas[name].absent_total)


def test_a_spot_check_corrected_is_seen_on_the_next_request(as_user: Any) -> None:
    client = as_user("city")
    before = _absent(client, "西平县")
    assert _absent(client, "西平县") == before  # kept
    found = SpotCheck.objects.filter(
        county__name="西平县", result=SpotCheck.Result.UNEXCUSED, at__year=TODAY.year, at__date__lte=TODAY
    ).first()
    assert found is not None
    found.result = SpotCheck.Result.EXCUSED  # as if corrected: no longer an unexcused absence
    found.save()
    assert _absent(client, "西平县") == before - 1


def test_a_county_renamed_is_seen_on_the_next_request(as_user: Any) -> None:
    client = as_user("city")
    client.get("/charts/compare/")
    county = Region.objects.get(name="遂平县", level="county")
    county.name = "缓存测试县"
    county.save()
    names = [a.region.name for a in client.get("/charts/compare/").context["areas"]]
    assert "缓存测试县" in names
