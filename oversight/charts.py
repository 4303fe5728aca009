"""Charts built from the measures: each one a title, categories and series for static/js/charts.js (data
through ``json_script``), the same figures as a table below it and as an xlsx behind it.

``county_charts_context`` builds what ``templates/oversight/_county_charts.html`` needs, so any page
(the county home, the compliance page) can include the county's charts with one call.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from accounts.models import Office
from teams import rules
from teams.models import Region

from . import measures
from .measures import Cell

MONTH_LABELS = [f"{m}月" for m in measures.MONTHS]
SHARE_UNIT = "%"
INDEXED_COUNTIES = 30


@dataclass(frozen=True)
class Series:
    name: str
    data: Sequence[float | int | None]


@dataclass
class Chart:
    """One chart and its table. ``header`` / ``rows`` are the table (and the xlsx); without them the
    table is the chart itself, a row per category and a column per series."""

    key: str
    title: str
    kind: str  # "line" or "bar"
    unit: str
    category_label: str
    categories: list[str]
    series: list[Series]
    stacked: bool = False
    note: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        if self.header:
            return self.header, self.rows
        unit = f"（{self.unit}）" if self.unit else ""
        header = [self.category_label] + [f"{s.name}{unit}" for s in self.series]
        return header, [[c] + [s.data[i] for s in self.series] for i, c in enumerate(self.categories)]

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def payload(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "unit": self.unit,
            "stacked": self.stacked,
            "categories": self.categories,
            "series": [{"name": s.name, "data": s.data} for s in self.series],
        }

    @property
    def table_header(self) -> list[str]:
        return self.table()[0]

    @property
    def table_rows(self) -> list[list[tuple[str, Any]]]:
        """The rows with each cell's column name (the phone layout labels each cell)."""
        header, rows = self.table()
        return [list(zip(header, row, strict=True)) for row in rows]


def months_shown(year: int, today: datetime.date) -> list[int]:
    """The months of ``year`` up to ``today``'s (every month of a past year)."""
    if year < today.year:
        return list(measures.MONTHS)
    if year > today.year:
        return []
    return list(range(1, today.month + 1))


def _title_of(provision: str) -> str:
    found = rules.BY_ID.get(provision)
    return found.title if found is not None else ""


# --- one county (or the user's part of it) ---------------------------------------------------------


def county_charts(user: Any, county: Region, *, year: int, today: datetime.date) -> list[Chart]:
    months = months_shown(year, today)
    labels = [MONTH_LABELS[m - 1] for m in months]
    # A township office reads its own township's part of the county: the series says so.
    area = user.region.name if user.office == Office.TOWNSHIP_COMMITTEE and user.region else county.name
    by_month = measures.summary_cells(user, year, by="county", counties=[county], today=today)
    cells = [by_month.get((county.pk, m), Cell()) for m in months]
    absences = measures.unexcused_by_month(user, year, counties=[county], today=today)
    absent = [absences.get((county.pk, m), 0) for m in months]
    charts = [
        Chart(
            "share-month",
            "每月驻村干部达标率",
            "line",
            SHARE_UNIT,
            "月份",
            labels,
            [Series(area, [c.share for c in cells])],
            note="已结束月份中达到每月在村（在岗）天数要求的干部占比；本月进行中，只计已无法达标的人数。",
            header=["月份", "干部人数", "达标", "未达标", "进行中", "达标率（%）"],
            rows=[
                [lab, c.cadres, c.met, c.failing, c.pending, c.share]
                for lab, c in zip(labels, cells, strict=True)
            ],
        )
    ]
    by_township = measures.summary_cells(user, year, by="township", counties=[county], today=today)
    year_cells: dict[int, Cell] = defaultdict(Cell)
    for (township_id, _month), cell in by_township.items():
        year_cells[township_id].add(cell)
    absent_townships = measures.unexcused_by_township(user, year, county, today=today)
    names = dict(Region.objects.for_user(user).filter(pk__in=list(year_cells)).values_list("pk", "name"))
    townships = sorted(year_cells, key=lambda pk: names.get(pk, ""))
    charts.append(
        Chart(
            "share-township",
            f"{year}年各乡镇达标率",
            "bar",
            SHARE_UNIT,
            "乡镇（街道）",
            [names.get(t, "") for t in townships],
            [Series("达标率", [year_cells[t].share for t in townships])],
            note="本年已结束月份的达标人次占应考核人次的比例（本月已无法达标的计入未达标）。",
            header=[
                "乡镇（街道）",
                "达标人次",
                "未达标人次",
                "进行中",
                "达标率（%）",
                "查岗无故不在岗（次）",
            ],
            rows=[
                [
                    names.get(t, ""),
                    year_cells[t].met,
                    year_cells[t].failing,
                    year_cells[t].pending,
                    year_cells[t].share,
                    absent_townships.get(t, 0),
                ]
                for t in townships
            ],
        )
    )
    charts.append(
        Chart(
            "leave-month",
            "每月请假天数",
            "bar",
            "天",
            "月份",
            labels,
            [Series("请假天数", [c.leave for c in cells])],
            header=["月份", "干部人数", "请假天数", "在村天数"],
            rows=[[lab, c.cadres, c.leave, c.in_village] for lab, c in zip(labels, cells, strict=True)],
        )
    )
    charts.append(
        Chart(
            "absent-month",
            "每月查岗发现无故不在岗",
            "bar",
            "次",
            "月份",
            labels,
            [Series("无故不在岗", absent)],
        )
    )
    found = measures.findings_by_provision(
        user, year, [county], today=today, cells=by_month, absences=absences, with_teams=True
    )[county.pk]
    provisions = sorted(found, key=lambda p: (-found[p], p))
    charts.append(
        Chart(
            "findings",
            "各项规定发现的问题",
            "bar",
            "项",
            "规定",
            provisions,
            [Series("问题数", [found[p] for p in provisions])],
            note="本年每月未达标人次、查岗无故不在岗次数（按其适用规定）和当前工作队配备问题。",
            header=["规定", "内容", "问题数"],
            rows=[[p, _title_of(p), found[p]] for p in provisions],
        )
    )
    return charts


def county_charts_context(user: Any, county: Region, *, year: int, today: datetime.date) -> dict[str, Any]:
    """The context of ``templates/oversight/_county_charts.html`` for ``county`` (any page may include it)."""
    return {
        "charts": county_charts(user, county, year=year, today=today),
        "charts_county": county,
        "charts_year": year,
        "charts_xlsx_base": xlsx_base(reverse("oversight:county", args=[county.pk]), year),
    }


def xlsx_base(page: str, year: int, **more: object) -> str:
    """The page's xlsx download of one chart, less the chart's key (the template appends it)."""
    query = urlencode({**more, "year": year, "format": "xlsx"})
    return f"{page}?{query}&chart="


# --- the comparison of a city's counties (or a province's cities) ------------------------------------


@dataclass
class Area:
    """A county or a city in the comparison, with its counties."""

    region: Region
    counties: list[Region]
    months: dict[int, Cell] = field(default_factory=dict)
    absent: dict[int, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)

    @property
    def year(self) -> Cell:
        return measures.share_over(self.months.values())

    @property
    def absent_total(self) -> int:
        return sum(self.absent.values())

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())


def comparison(
    user: Any,
    region: Region,
    *,
    year: int,
    today: datetime.date,
    policies: dict[int, rules.Policy | None] | None = None,
) -> list[Area]:
    """The counties of a city (or the cities of a province) the user reaches, each with its months,
    absences and findings — three grouped reads over the whole region."""
    counties = measures.counties_under(user, region)
    policies = measures.county_policies(counties, today) if policies is None else policies
    by_city = region.level == "province"
    areas: dict[int, Area] = {}
    for county in counties:
        owner = county.parent if by_city and county.parent is not None else county
        areas.setdefault(owner.pk, Area(owner, [])).counties.append(county)
    area_of = {county.pk: key for key, area in areas.items() for county in area.counties}
    # A city's few counties are read by the (county, year, month) index; a province's by one scan, on the
    # township path for_user already joins (a long IN list costs more there).
    if len(counties) <= INDEXED_COUNTIES:
        cells = measures.summary_cells(user, year, by="county", counties=counties, today=today)
    else:
        cells = measures.summary_cells(user, year, by="county", region=region, today=today)
    absences = measures.unexcused_by_month(user, year, counties=counties, today=today)
    found = measures.findings_by_provision(
        user, year, counties, today=today, cells=cells, absences=absences, policies=policies
    )
    for (county_id, month), cell in cells.items():
        area = areas[area_of[county_id]]
        area.months.setdefault(month, Cell(running=cell.running)).add(cell)
    for (county_id, month), n in absences.items():
        area = areas[area_of[county_id]]
        area.absent[month] = area.absent.get(month, 0) + n
    for county_id, provisions in found.items():
        area = areas[area_of[county_id]]
        for provision, n in provisions.items():
            area.findings[provision] = area.findings.get(provision, 0) + n
    return sorted(areas.values(), key=lambda a: a.region.path)


def comparison_charts(areas: Sequence[Area], *, year: int, today: datetime.date) -> list[Chart]:
    months = months_shown(year, today)
    labels = [MONTH_LABELS[m - 1] for m in months]
    names = [a.region.name for a in areas]
    year_cells = [a.year for a in areas]
    provisions = sorted({p for a in areas for p in a.findings})
    return [
        Chart(
            "share-year",
            f"{year}年达标率对比",
            "bar",
            SHARE_UNIT,
            "地区",
            names,
            [Series("达标率", [c.share for c in year_cells])],
            note="本年已结束月份的达标人次占应考核人次的比例（本月已无法达标的计入未达标）；无每月天数要求的地区不计。",
            header=["地区", "达标人次", "未达标人次", "进行中", "达标率（%）"],
            rows=[[n, c.met, c.failing, c.pending, c.share] for n, c in zip(names, year_cells, strict=True)],
        ),
        Chart(
            "share-month",
            "每月达标率",
            "line",
            SHARE_UNIT,
            "月份",
            labels,
            [Series(a.region.name, [a.months.get(m, Cell()).share for m in months]) for a in areas],
        ),
        Chart(
            "leave-month",
            "每月请假天数",
            "line",
            "天",
            "月份",
            labels,
            [Series(a.region.name, [a.months.get(m, Cell()).leave for m in months]) for a in areas],
        ),
        Chart(
            "absent-month",
            "每月查岗发现无故不在岗",
            "bar",
            "次",
            "月份",
            labels,
            [Series(a.region.name, [a.absent.get(m, 0) for m in months]) for a in areas],
        ),
        Chart(
            "findings",
            "各项规定发现的问题",
            "bar",
            "项",
            "地区",
            names,
            [Series(p, [a.findings.get(p, 0) for a in areas]) for p in provisions],
            stacked=True,
            note="本年每月未达标人次和查岗无故不在岗次数，按各县适用的规定；工作队配备问题见各县图表。",
        ),
    ]
