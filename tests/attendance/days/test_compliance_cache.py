"""The county's attendance page kept across requests (issue 15): every write that changes what it shows
is seen on the very next request, and one user's page is never served to another."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.days.summary import summaries_refresh
from attendance.models import AttendanceDay
from teams.models import Cadre, Membership, Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)


def _member() -> Membership:
    membership = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name="五沟营镇")
        .select_related("cadre", "team__village__township")
        .first()
    )
    assert membership is not None
    return membership


def _url(membership: Membership) -> str:
    township = membership.team.village.township
    return (
        reverse("attendance:compliance_list")
        + f"?county={township.parent_id}&month=2026-11&township={township.pk}&team={membership.team_id}"
    )


def _unmasked(page: str) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+"', "", page)


def _in_village(page: str, cadre: Cadre) -> int:
    """The 在村 figure of the cadre's row."""
    href = reverse("teams:cadre_detail", args=[cadre.pk])
    found = re.search(rf'<a href="{href}">[^<]*</a></td><td>[^<]*</td><td>[^<]*</td><td>(\d+)', page)
    assert found is not None, page
    return int(found.group(1))


def test_second_request_reads_the_kept_page(as_user) -> None:
    membership = _member()
    client = as_user("county")
    url = _url(membership)
    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second.status_code == 200
    assert _unmasked(second.content.decode()) == _unmasked(first.content.decode())
    # Nothing of the figures is read again: no summary, no membership, no attendance day.
    tables = " ".join(q["sql"] for q in again.captured_queries)
    assert "attendance_cadremonthsummary" not in tables
    assert "teams_membership" not in tables


def test_a_grid_write_is_seen_on_the_next_request(as_user) -> None:
    membership = _member()
    cadre = membership.cadre
    county = as_user("county")
    url = _url(membership)
    AttendanceDay.objects.filter(cadre=cadre, date=DAY).delete()
    summaries_refresh(cadre_ids=[cadre.pk], year=2026, month=11)
    before = _in_village(county.get(url).content.decode(), cadre)
    township = as_user("township")
    response = township.post(
        reverse("attendance:grid_form"),
        {"month": "2026-11", "township": membership.team.village.township_id, f"c_{cadre.pk}_23": "Z"},
    )
    assert response.status_code == 302
    assert _in_village(county.get(url).content.decode(), cadre) == before + 1


def test_a_bulk_write_with_its_summary_refresh_is_seen(as_user) -> None:
    membership = _member()
    cadre = membership.cadre
    county = as_user("county")
    url = _url(membership)
    county_id = membership.team.village.township.parent_id
    assert county_id is not None
    AttendanceDay.objects.filter(cadre=cadre, date=DAY).delete()
    summaries_refresh(cadre_ids=[cadre.pk], year=2026, month=11)
    before = _in_village(county.get(url).content.decode(), cadre)
    # As the days of a leave are written: in bulk (no signal), then the month's summary refreshed.
    AttendanceDay.objects.bulk_create(
        [
            AttendanceDay(
                cadre=cadre,
                date=DAY,
                status="in_village",
                night_in_village=False,
                team=membership.team,
                county_id=county_id,
                township=membership.team.village.township,
                source="grid",
            )
        ]
    )
    summaries_refresh(cadre_ids=[cadre.pk], year=2026, month=11)
    assert _in_village(county.get(url).content.decode(), cadre) == before + 1


def test_a_roster_write_is_seen_on_the_next_request(as_user) -> None:
    membership = _member()
    cadre = membership.cadre
    county = as_user("county")
    url = _url(membership)
    assert cadre.name in county.get(url).content.decode()
    cadre.name = "缓存测试人"
    cadre.save()
    assert "缓存测试人" in county.get(url).content.decode()


def test_a_region_renamed_is_seen_on_the_next_request(as_user) -> None:
    membership = _member()
    county = as_user("county")
    url = _url(membership)
    county.get(url)
    township = Region.objects.get(pk=membership.team.village.township_id)
    township.name = "缓存测试镇"
    township.save()
    assert "缓存测试镇" in county.get(url).content.decode()


def test_another_users_page_is_not_served(as_user) -> None:
    membership = _member()
    url = _url(membership)
    assert as_user("county").get(url).status_code == 200
    # Same parameters, another county's user: still refused, not given the page kept for the first.
    assert as_user("county2").get(url).status_code == 404


def test_a_county_renamed_is_seen_in_the_county_choice(as_user) -> None:
    membership = _member()
    county = as_user("county")
    url = _url(membership)
    county.get(url)
    parent_id = membership.team.village.township.parent_id
    assert parent_id is not None
    region = Region.objects.get(pk=parent_id)
    region.name = "缓存测试县"
    region.save()
    assert f'<option value="{region.pk}" selected>缓存测试县</option>' in county.get(url).content.decode()
