"""The charts pages on the demo world: who reads which county, the city's comparison, the xlsx behind
every chart and the village plot."""

from __future__ import annotations

import io
import re

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from oversight.charts import county_charts_context
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def county(name: str) -> Region:
    return Region.objects.get(name=name, level="county")


def test_the_city_page_lists_exactly_the_counties_of_its_city(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("city").get("/charts/compare/")
    assert response.status_code == 200
    names = [a.region.name for a in response.context["areas"]]
    expected = Region.objects.filter(level="county", parent__name="驻马店市").order_by("path")
    assert names == [c.name for c in expected] == ["西平县", "遂平县"]


def test_the_city_sees_two_counties_that_differ(as_user) -> None:  # type: ignore[no-untyped-def]
    areas = {a.region.name: a for a in as_user("city").get("/charts/compare/").context["areas"]}
    xiping, suiping = areas["西平县"], areas["遂平县"]
    assert xiping.year.judged and suiping.year.judged
    assert (xiping.year.share, xiping.absent_total) != (suiping.year.share, suiping.absent_total)
    assert xiping.absent_total > 0  # the demo's spot checks are in 西平县


def test_the_city_page_shows_the_zmd_absent_collections(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("city").get("/charts/compare/")
    collections = response.context["collections"]
    assert {c.county.name for c in collections} == {"西平县", "遂平县"}
    xiping = [c for c in collections if c.county.name == "西平县"]
    assert sum(c.total for c in xiping) > 0
    html = response.content.decode()
    assert "ZMD-ABSENT" in html and "/attendance/explanations/?month=" in html


def test_each_county_of_the_city_links_to_its_pages_which_the_city_reads(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("city")
    html = client.get("/charts/compare/").content.decode()
    for name in ("西平县", "遂平县"):
        pk = county(name).pk
        assert f"/charts/county/{pk}/" in html
        assert client.get(f"/charts/county/{pk}/").status_code == 200
        assert client.get(f"/charts/county/{pk}/villages/").status_code == 200
        assert client.get(f"/attendance/compliance/?county={pk}").status_code == 200


def test_the_province_compares_its_cities(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("province").get("/charts/compare/")  # 四川省
    assert [a.region.name for a in response.context["areas"]] == ["广元市"]
    city = Region.objects.get(name="广元市")
    nested = as_user("province").get(f"/charts/compare/?region={city.pk}")
    assert [a.region.name for a in nested.context["areas"]] == ["苍溪县"]


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("county", "/charts/county/{平阴县}/"),
        ("county", "/charts/county/{遂平县}/villages/"),
        ("county", "/charts/county/{平阴县}/?format=xlsx&chart=findings"),
        ("township", "/charts/county/{遂平县}/"),
        ("city", "/charts/county/{平阴县}/"),
        ("city", "/charts/county/{乐都区}/villages/"),
        ("city", "/charts/compare/?region={济南市}"),
        ("county", "/charts/compare/"),
        ("unit", "/charts/county/{西平县}/"),
        ("cadre", "/charts/"),
    ],
)
def test_another_jurisdiction_gets_404(as_user, username: str, path: str) -> None:  # type: ignore[no-untyped-def]
    ids = {r.name: r.pk for r in Region.objects.filter(level__in=["county", "city"])}
    response = as_user(username).get(re.sub(r"\{(.+?)\}", lambda m: str(ids[m[1]]), path))
    assert response.status_code == 404


def test_the_menu_entry_leads_each_office_to_its_charts(as_user) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get("/charts/")["Location"] == f"/charts/county/{county('西平县').pk}/"
    assert as_user("city").get("/charts/")["Location"] == "/charts/compare/"
    assert "/charts/" in as_user("county").get("/").content.decode()
    assert "/charts/compare/" in as_user("city").get("/").content.decode()


def _cells(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("page", ["county", "compare"])
def test_every_chart_s_xlsx_matches_its_table(as_user, page: str) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county" if page == "county" else "city")
    url = f"/charts/county/{county('西平县').pk}/" if page == "county" else "/charts/compare/"
    response = client.get(url)
    html = response.content.decode()
    for chart in response.context["charts"]:
        header, rows = chart.table()
        link = f"format=xlsx&amp;chart={chart.key}"
        assert link in html
        download = client.get(f"{url}?year={TODAY.year}&format=xlsx&chart={chart.key}")
        assert download["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = _cells(load_workbook(io.BytesIO(download.content)).active)
        assert sheet[0] == header
        assert sheet[1:] == [[None if v in ("", None) else v for v in row] for row in rows]
        # The table below the chart shows the same cells.
        block = html[html.index(f'id="{chart.dom_id}-block"') :]
        block = block[: block.index("</figure>")]
        shown = re.findall(r"<td data-label=\"[^\"]*\">(.*?)</td>", block)
        assert shown == ["—" if v is None else str(v) for row in rows for v in row]


def test_an_unknown_chart_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").get(f"/charts/county/{county('西平县').pk}/?format=xlsx&chart=nope")
    assert response.status_code == 404


def test_the_partial_renders_from_its_context_function(user) -> None:  # type: ignore[no-untyped-def]
    reader = user("county")
    context = county_charts_context(reader, county("西平县"), year=TODAY.year, today=TODAY)
    html = render_to_string("oversight/_county_charts.html", context)
    for key in ("share-month", "share-township", "leave-month", "absent-month", "findings"):
        assert f'id="chart-{key}"' in html and f'data-chart-source="chart-{key}"' in html
    assert "vendor/echarts/echarts.min.js" in html and "js/charts.js" in html
    assert " style=" not in html and "<style" not in html


def test_the_village_plot_places_every_village_and_marks_far_check_ins(as_user) -> None:  # type: ignore[no-untyped-def]
    xiping = county("西平县")
    response = as_user("county").get(f"/charts/county/{xiping.pk}/villages/?month={TODAY:%Y-%m}")
    plot = response.context["plot"]
    villages = Region.objects.get(pk=xiping.pk).children.values_list("villages__name", flat=True)
    assert sorted(d.village.name for d in plot.dots) == sorted(villages)
    assert all(0 <= d.x <= plot.width and 0 <= d.y <= plot.height for d in plot.dots)
    # The demo cadre's check-in 0.31° away, waiting for the township's review.
    assert len(plot.far) == 1
    html = response.content.decode()
    assert html.count('class="far-checkin"') == 1
    assert html.count("<circle") >= len(plot.dots)
    states = {d.state for d in plot.dots}
    assert states <= {"ok", "failing", "pending", "none"} and "pending" in states


def test_the_fragment_draws_the_county_s_charts_for_the_signed_in_user(as_user) -> None:  # type: ignore[no-untyped-def]
    # 五沟营镇's township committee: its township's share of 西平县, not another township's.
    html = (
        as_user("township").get(f"/charts/county/{county('西平县').pk}/", {"fragment": "1"}).content.decode()
    )
    assert 'data-chart-source="chart-share-township"' in html
    assert "五沟营镇" in html and "权寨镇" not in html
    assert "<html" not in html  # the charts alone, swapped into the page that asked


@pytest.mark.parametrize(
    ("username", "path", "query", "status"),
    [
        ("county", "/charts/county/{西平县}/", {"year": "二〇二六"}, 200),
        ("county", "/charts/county/{西平县}/", {"year": "99999"}, 200),
        ("county", "/charts/county/{西平县}/villages/", {"month": "2026-13"}, 200),
        ("county", "/charts/county/{西平县}/villages/", {"month": "\x00"}, 400),  # the project's NUL guard
        ("city", "/charts/compare/", {"region": "abc"}, 404),
        ("city", "/charts/compare/", {"year": "-1"}, 200),
        ("city", "/charts/compare/", {"format": "xlsx", "chart": "../../etc"}, 404),
    ],
)
def test_a_hostile_parameter_is_never_a_500(
    as_user, username: str, path: str, query: dict, status: int
) -> None:  # type: ignore[no-untyped-def,type-arg]
    ids = {r.name: r.pk for r in Region.objects.filter(level="county")}
    url = re.sub(r"\{(.+?)\}", lambda m: str(ids[m[1]]), path)
    response = as_user(username).get(url, query)
    assert response.status_code == status
    if status == 200 and ("year" in query or "month" in query):
        assert "无效" in response.content.decode() or "格式" in response.content.decode()


def test_a_township_reads_its_own_part_of_the_county(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("township").get(f"/charts/county/{county('西平县').pk}/")
    charts = {c.key: c for c in response.context["charts"]}
    assert [s.name for s in charts["share-month"].series] == ["五沟营镇"]
    assert charts["share-township"].categories == ["五沟营镇"]
