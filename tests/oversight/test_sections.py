"""The county's charts on other apps' pages (core.sections slots filled by oversight): the compliance page
and the county home show a section that fetches the charts after the page, for the offices that read
charts, and the fetch answers only within the user's jurisdiction."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.sections import render_slot
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def _county(name: str) -> Region:
    return Region.objects.get(name=name, level="county")


def _fragment_url(county: Region) -> str:
    return f"/charts/county/{county.pk}/?year="


def test_the_compliance_page_fetches_its_county_s_charts_after_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    xiping = _county("西平县")
    html = (
        as_user("county").get(reverse("attendance:compliance_list"), {"county": xiping.pk}).content.decode()
    )
    assert 'id="county-charts"' in html
    assert f'hx-get="/charts/county/{xiping.pk}/?year=' in html and "fragment=1" in html
    assert f'href="/charts/county/{xiping.pk}/?year=' in html  # without JavaScript: the charts page


def test_the_county_home_fetches_its_county_s_charts(as_user) -> None:  # type: ignore[no-untyped-def]
    html = as_user("county").get(reverse("home")).content.decode()
    assert 'id="county-charts"' in html and _fragment_url(_county("西平县")) in html


def test_a_township_home_fetches_its_own_county_s_charts(as_user) -> None:  # type: ignore[no-untyped-def]
    html = as_user("township").get(reverse("home")).content.decode()
    assert _fragment_url(_county("西平县")) in html


def test_a_township_s_chart_heading_names_its_township(as_user) -> None:  # type: ignore[no-untyped-def]
    # for_user narrows the charts to 五沟营镇: the heading must not claim the whole county.
    html = as_user("township").get(reverse("home")).content.decode()
    assert f"五沟营镇{TODAY.year}年图表" in html and f"西平县{TODAY.year}年图表" not in html


def test_the_fragment_folds_each_table_under_its_chart(as_user) -> None:  # type: ignore[no-untyped-def]
    html = (
        as_user("county").get(f"/charts/county/{_county('西平县').pk}/", {"fragment": "1"}).content.decode()
    )
    assert html.count('<details class="chart-data">') == html.count("chart-table") > 0


@pytest.mark.parametrize("username", ["unit", "cadre"])
def test_offices_that_read_no_charts_get_no_chart_section(as_user, username: str) -> None:  # type: ignore[no-untyped-def]
    assert 'id="county-charts"' not in as_user(username).get(reverse("home")).content.decode()


def test_another_county_s_charts_fragment_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county2").get(f"/charts/county/{_county('西平县').pk}/", {"fragment": "1"})
    assert response.status_code == 404


def test_a_slot_nobody_fills_renders_nothing(rf: RequestFactory) -> None:
    assert render_slot("no.such.slot", rf.get("/"), county=None) == ""
