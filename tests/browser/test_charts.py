"""The charts in Chromium: the vendored ECharts draws every chart with its Chinese labels, offline (every
request that does not go to the app is refused and none is made) and under the Content-Security-Policy
(the tooltip draws on the canvas; nothing is refused). The city's comparison and the village plot too."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from attendance.days.summary import summaries_refresh
from attendance.models import AttendanceDay, AttendanceSource, AttendanceStatus
from teams.models import Membership, Region
from tests.clock import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _october_in_xiping() -> None:
    """The browser tests' world has no attendance: October for 五沟营镇's cadres, one short of it."""
    posts = list(
        Membership.objects.active_on(datetime.date(2026, 10, 31))
        .filter(team__village__township__name="五沟营镇")
        .select_related("team__village__township")
        .order_by("cadre_id")
    )
    rows = []
    for index, m in enumerate(posts):
        township = m.team.village.township
        for day in range(1, 31 - 15 * (index == 0)):
            rows.append(
                AttendanceDay(
                    cadre_id=m.cadre_id,
                    date=datetime.date(2026, 10, day),
                    status=AttendanceStatus.IN_VILLAGE,
                    team_id=m.team_id,
                    county_id=township.parent_pk,
                    township_id=township.pk,
                    source=AttendanceSource.GRID,
                )
            )
    AttendanceDay.objects.bulk_create(rows)
    summaries_refresh(cadre_ids=[m.cadre_id for m in posts], year=2026, month=10)


def _offline(page: Any, base: str) -> list[str]:
    """Refuse every request that does not go to the app; returns the refused ones."""
    refused: list[str] = []

    def handle(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.context.route("**/*", handle)
    return refused


def _violations(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


def _drawn(page: Any) -> list[dict[str, Any]]:
    # A retrying count, not wait_for_function: its polling evaluates a string, which the CSP refuses.
    page.wait_for_selector(".chart[data-chart-source]")
    expect(page.locator(".chart[data-chart-source]:not([data-drawn])")).to_have_count(0)
    return page.evaluate(
        """() => [...document.querySelectorAll('.chart[data-chart-source]')].map(el => {
            const chart = echarts.getInstanceByDom(el);
            const option = chart.getOption();
            return {
                source: el.dataset.chartSource,
                canvas: !!el.querySelector('canvas'),
                width: el.querySelector('canvas') ? el.querySelector('canvas').width : 0,
                series: option.series.map(s => s.name),
                drawn: chart.getModel().getSeriesCount(),
                categories: option.xAxis[0].data,
            };
        })"""
    )


def test_the_county_charts_draw_offline_with_chinese_labels(login, live_server) -> None:  # type: ignore[no-untyped-def]
    _october_in_xiping()
    page = login("county")
    refused = _offline(page, live_server.url)
    seen = _violations(page)
    page.click("nav.nav >> text=图表")
    page.wait_for_selector("h1:has-text('西平县')")
    charts = {c["source"]: c for c in _drawn(page)}
    assert set(charts) == {
        "chart-share-month",
        "chart-share-township",
        "chart-leave-month",
        "chart-absent-month",
        "chart-findings",
    }
    for chart in charts.values():
        assert chart["canvas"] and chart["width"] > 0 and chart["drawn"] >= 1
    months = [f"{m}月" for m in range(1, TODAY.month + 1)]
    assert charts["chart-share-month"]["categories"] == months
    assert charts["chart-share-month"]["series"] == ["西平县"]
    assert "五沟营镇" in charts["chart-share-township"]["categories"]
    assert (
        page.locator("#chart-share-month-block tbody tr", has_text="10月").inner_text().split("\t")[-1] != "—"
    )
    # The tooltip (on the canvas) under the pointer: still nothing refused.
    box = page.locator(".chart[data-chart-source=chart-share-month]").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert refused == []
    assert seen == []


def test_the_city_compares_its_counties_and_sees_the_village_plot(login, live_server) -> None:  # type: ignore[no-untyped-def]
    page = login("city")
    refused = _offline(page, live_server.url)
    seen = _violations(page)
    page.click("nav.nav >> text=各县对比")
    page.wait_for_selector("h1:has-text('驻马店市')")
    assert page.locator("#areas tbody tr td:first-child").all_inner_texts() == ["西平县", "遂平县"]
    charts = {c["source"]: c for c in _drawn(page)}
    assert charts["chart-share-month"]["series"] == ["西平县", "遂平县"]
    assert charts["chart-share-year"]["categories"] == ["西平县", "遂平县"]
    suiping = Region.objects.get(name="遂平县")
    page.goto(f"{live_server.url}/charts/county/{suiping.pk}/villages/")
    plot = page.locator("svg#village-plot")
    assert plot.is_visible()
    assert page.locator("svg#village-plot g.village").count() == 6
    assert page.locator("svg#village-plot text", has_text="嵖岈山村").count() == 1
    assert refused == []
    assert seen == []


def test_the_compliance_page_draws_its_county_s_charts_after_the_page(login, live_server) -> None:  # type: ignore[no-untyped-def]
    _october_in_xiping()
    page = login("county")
    refused = _offline(page, live_server.url)
    seen = _violations(page)
    page.click("nav.nav >> text=在岗情况")
    page.wait_for_selector("#county-charts .chart[data-chart-source]")  # fetched and swapped in by htmx
    charts = {c["source"]: c for c in _drawn(page)}
    assert "chart-share-month" in charts and charts["chart-share-month"]["series"] == ["西平县"]
    assert all(c["canvas"] and c["drawn"] >= 1 for c in charts.values())
    assert refused == []
    assert seen == []
