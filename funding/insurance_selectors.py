"""Reads of accident insurance and health checks: what each policy's documents ask (cited by document —
PROVISIONS.md gives these no id and sets no figure), and the county's current cadres who lack either for
a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from teams.models import Membership, Region
from teams.rules.sources import (
    JINAN_2018,
    QINGHAI_2018,
    QINGHAI_TEN_MEASURES,
    SICHUAN_2018,
    ZHUMADIAN_2022,
    Source,
)

from .models import CadreInsurance, HealthCheck


@dataclass(frozen=True)
class Requirement:
    what: str  # "insurance" or "health_check"
    source: Source
    text: str  # the document's words, read from the seed in /work/shared/seeds/

    @property
    def citation(self) -> str:
        number = f"（{self.source.number}）" if self.source.number else ""
        return f"《{self.source.title}》{number}"


INSURANCE = "insurance"
HEALTH_CHECK = "health_check"

# Read from the seeds (001 Qinghai 2018, 002 the Ten Measures, 003 Sichuan, 000 Jinan, 004 Zhumadian).
SOURCES: dict[str, tuple[Requirement, ...]] = {
    "qinghai": (
        Requirement(INSURANCE, QINGHAI_2018, "每年按规定为驻村干部办理人身意外伤害保险"),
        Requirement(HEALTH_CHECK, QINGHAI_2018, "做好定期体检工作"),
        Requirement(
            INSURANCE, QINGHAI_TEN_MEASURES, "加强驻村干部人身安全保障工作，提高人身意外伤害保险额度"
        ),
    ),
    "sichuan": (
        Requirement(
            INSURANCE,
            SICHUAN_2018,
            "驻村工作队队员人身意外伤害保险、因公负伤救治康复、因公牺牲抚恤救助按有关规定执行",
        ),
    ),
    "jinan": (Requirement(HEALTH_CHECK, JINAN_2018, "定期组织健康查体"),),
    "zhumadian": (
        Requirement(HEALTH_CHECK, ZHUMADIAN_2022, "每年安排定期体检"),
        Requirement(INSURANCE, ZHUMADIAN_2022, "办理任职期间人身意外伤害保险"),
    ),
}


def requirements(county: Region) -> tuple[Requirement, ...]:
    return SOURCES.get(county.policy_code, ())


@dataclass
class LackRow:
    cadre_id: int
    id_number: str
    name: str
    unit: str
    township: str
    insured: bool
    checked: bool


def lacking(scope: QuerySet[Membership], county: Region, year: int, today: datetime.date) -> list[LackRow]:
    """The county's cadres serving on ``today`` (or on the year's last day, for a past year) without an
    accident insurance or a health check recorded for ``year`` — only what the county's documents ask
    (Sichuan's ask no health check, Jinan's no insurance)."""
    needs = {r.what for r in requirements(county)}
    if not needs:
        return []
    on = min(today, datetime.date(year, 12, 31))
    posts = (
        scope.filter(team__village__township__parent=county, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list(
            "cadre_id",
            "cadre__id_number",
            "cadre__name",
            "dispatching_unit__name",
            "team__village__township__name",
        )
        .order_by("start")
    )
    latest: dict[int, tuple[Any, ...]] = {p[0]: p for p in posts}
    insured = set(
        CadreInsurance.objects.filter(year=year, cadre_id__in=list(latest)).values_list("cadre_id", flat=True)
    )
    checked = set(
        HealthCheck.objects.filter(year=year, cadre_id__in=list(latest)).values_list("cadre_id", flat=True)
    )
    rows = [
        LackRow(c, id_number, name, unit, township, c in insured, c in checked)
        for c, id_number, name, unit, township in latest.values()
        if (INSURANCE in needs and c not in insured) or (HEALTH_CHECK in needs and c not in checked)
    ]
    return sorted(rows, key=lambda r: (r.unit, r.township, r.name))


def records(user: Any, county: Region, year: int) -> tuple[QuerySet[CadreInsurance], QuerySet[HealthCheck]]:
    insurances = (
        CadreInsurance.objects.for_user(user).filter(county=county, year=year).select_related("cadre")
    )
    checks = HealthCheck.objects.for_user(user).filter(county=county, year=year).select_related("cadre")
    return insurances, checks
