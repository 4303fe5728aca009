"""Where the villages are: the county's villages placed by their latitude and longitude on an SVG drawn
by the server (no map tiles, nothing fetched), each coloured by the month's compliance of its team's
cadres, and the check-ins flagged far from their village (``CheckIn.far``, CHECKIN_RADIUS_M in
``teams.rules.defaults``) drawn where they were made, joined to their village."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from attendance.models import CadreMonthSummary, CheckIn
from teams.models import Region, Village

from . import measures
from .measures import Cell

WIDTH, HEIGHT, MARGIN = 720, 520, 36

# (key, label, colour): the legend, in order.
STATES = [
    ("failing", "有干部未达标或已无法达标", "#c0392b"),
    ("ok", "均达标", "#1e8449"),
    ("pending", "本月进行中，尚无人无法达标", "#2e86c1"),
    ("none", "无考勤数据或无每月天数要求", "#909497"),
]
COLOURS = {key: colour for key, _, colour in STATES}
LABELS = {key: label for key, label, _ in STATES}
FAR_COLOUR = "#d35400"


@dataclass
class Dot:
    village: Village
    cell: Cell
    x: float = 0
    y: float = 0
    far: list[CheckIn] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.cell.failing:
            return "failing"
        if self.cell.pending:
            return "pending"
        if self.cell.met:
            return "ok"
        return "none"

    @property
    def colour(self) -> str:
        return COLOURS[self.state]

    @property
    def label(self) -> str:
        return LABELS[self.state]


@dataclass(frozen=True)
class FarMark:
    checkin: CheckIn
    x: float
    y: float
    vx: float
    vy: float


@dataclass
class Plot:
    dots: list[Dot]
    far: list[FarMark]
    unplaced: list[Village]
    width: int = WIDTH
    height: int = HEIGHT
    legend: list[tuple[str, str, str]] = field(default_factory=lambda: STATES)
    far_colour: str = FAR_COLOUR

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def village_plot(user: Any, county: Region, *, year: int, month: int, today: datetime.date) -> Plot:
    villages = list(
        Village.objects.for_user(user)
        .filter(township__parent=county)
        .select_related("township")
        .order_by("township__name", "name")
    )
    # The month per team, read through the summary; a team's village is its dot.
    cells: dict[int, Cell] = defaultdict(Cell)
    running = not measures.month_over(year, month, today)
    for village_id, compliant, required, assigned, leave, business, absent in (
        CadreMonthSummary.objects.for_user(user)
        .filter(year=year, month=month, county=county)
        .values_list(
            "team__village_id",
            "compliant",
            "required",
            "assigned_days",
            "leave",
            "business",
            "absent",
        )
    ):
        cell = cells[village_id]
        cell.cadres += 1
        if required is None:
            continue
        if not running:
            cell.met += compliant is True
            cell.failing += compliant is False
        elif assigned < required + leave + business + absent:
            cell.failing += 1
        else:
            cell.pending += 1
    first, last = datetime.date(year, month, 1), measures.month_end(year, month)
    far_by_village: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in (
        CheckIn.objects.for_user(user)
        .filter(county=county, far=True, date__range=(first, last))
        .select_related("cadre", "team__village")
        .order_by("at")
    ):
        far_by_village[checkin.team.village_id].append(checkin)
    placed = [v for v in villages if v.latitude is not None and v.longitude is not None]
    unplaced = [v for v in villages if v not in placed]
    dots = [Dot(v, cells.get(v.pk, Cell()), far=far_by_village.get(v.pk, [])) for v in placed]
    points = [(float(v.latitude), float(v.longitude)) for v in placed]  # type: ignore[arg-type]
    points += [(float(c.latitude), float(c.longitude)) for d in dots for c in d.far]
    project = _projection(points)
    for dot in dots:
        dot.x, dot.y = project(float(dot.village.latitude), float(dot.village.longitude))  # type: ignore[arg-type]
    marks = []
    for dot in dots:
        for c in dot.far:
            x, y = project(float(c.latitude), float(c.longitude))
            marks.append(FarMark(c, x, y, dot.x, dot.y))
    return Plot(dots, marks, unplaced)


def _projection(points: list[tuple[float, float]]) -> Any:
    """Equirectangular, longitudes shrunk by the cosine of the middle latitude (a county is small, so
    distances look true), fitted into the drawing with the same scale on both axes."""
    if not points:
        return lambda lat, lon: (WIDTH / 2, HEIGHT / 2)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * shrink or 1e-6
    span_y = (max(lats) - min(lats)) or 1e-6
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    off_y = (HEIGHT - span_y * scale) / 2
    lon0, lat1 = min(lons), max(lats)

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round(off_x + (lon - lon0) * shrink * scale, 1), round(off_y + (lat1 - lat) * scale, 1)

    return project
