"""Training of the demo: for each demo county (one per policy) an event at every level this year and
records so that some cadres fall short of their policy's minimum and some have no pre-service training.

Cadres posted in the county this year, in id order, take turns (i mod 5):
0 — only the township's 1-day session: short everywhere, no pre-service training;
1 — pre-service (county, 2 days) and the township session: 3 days, short everywhere but Zhumadian's
    single-course rule is missed too (the county course is only 2 days);
2 — pre-service, the county's 3-day rotation and the province's 3-day course: meets every policy;
3 — pre-service and the county's 3-day rotation: 5 days, meets every policy;
4 — pre-service, the city's 2.5-day online course (not concentrated), the central 1.5-day online course:
    6 days in all, enough for Qinghai and Sichuan, short for Jinan (2 concentrated days) and Zhumadian.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from teams.choices import RegionLevel
from teams.models import Region

from . import selectors
from .models import RecordSource, TrainingEvent, TrainingKind, TrainingLevel, TrainingRecord

DEMO_COUNTIES = ("411721", "370124", "630202", "510824")

# (key, level, title, days back from today, span, days, concentrated, kind)
_EVENTS = (
    ("pre", TrainingLevel.COUNTY, "驻村干部任前培训班", 300, 2, "2", True, TrainingKind.PRE_SERVICE),
    ("county", TrainingLevel.COUNTY, "驻村干部集中轮训班", 200, 3, "3", True, TrainingKind.ROTATION),
    (
        "province",
        TrainingLevel.PROVINCE,
        "全省驻村第一书记示范培训班",
        150,
        3,
        "3",
        True,
        TrainingKind.ROTATION,
    ),
    ("city", TrainingLevel.CITY, "乡村振兴政策线上专题培训", 100, 3, "2.5", False, TrainingKind.ROTATION),
    ("central", TrainingLevel.CENTRAL, "全国乡村振兴网络学习专题", 80, 2, "1.5", False, TrainingKind.OTHER),
    ("township", TrainingLevel.TOWNSHIP, "驻村干部业务交流会", 40, 1, "1", True, TrainingKind.OTHER),
)
_TURNS = {
    0: ("township",),
    1: ("pre", "township"),
    2: ("pre", "county", "province"),
    3: ("pre", "county"),
    4: ("pre", "city", "central"),
}


def _region_for(county: Region, level: str) -> Region:
    if level == TrainingLevel.TOWNSHIP:
        found = Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code").first()
        return found or county
    if level == TrainingLevel.CITY and county.parent is not None:
        return county.parent
    if level == TrainingLevel.PROVINCE and county.parent is not None and county.parent.parent is not None:
        return county.parent.parent
    return county


@transaction.atomic
def build_training_demo(today: datetime.date) -> dict[str, int]:
    year_start = datetime.date(today.year, 1, 1)
    at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    events_made = records_made = 0
    for county in Region.objects.filter(code__in=DEMO_COUNTIES, level=RegionLevel.COUNTY).order_by("code"):
        author = (
            User.objects.filter(office=Office.COUNTY_ORG_DEPT, region=county, is_active=True)
            .order_by("pk")
            .first()
        )
        if author is None:
            continue
        events: dict[str, TrainingEvent] = {}
        for key, level, title, back, span, days, concentrated, kind in _EVENTS:
            start = max(year_start, today - datetime.timedelta(days=back))
            region = _region_for(county, level)
            events[key] = TrainingEvent.objects.create(
                region=region,
                level=level,
                title=f"{county.name}{title}"
                if level in (TrainingLevel.COUNTY, TrainingLevel.CENTRAL)
                else title,
                start=start,
                end=start + datetime.timedelta(days=span - 1),
                days=Decimal(days),
                concentrated=concentrated,
                kind=kind,
                created_by=author,
                created_at=at,
            )
            events_made += 1
        cadre_ids = sorted(
            set(selectors.posted_in_year(county, today.year).values_list("cadre_id", flat=True))
        )
        rows = [
            TrainingRecord(
                event=events[key],
                cadre_id=cadre_id,
                days=events[key].days,
                source=RecordSource.MANUAL,
                created_by=author,
                created_at=at,
            )
            for i, cadre_id in enumerate(cadre_ids)
            for key in _TURNS[i % 5]
        ]
        TrainingRecord.objects.bulk_create(rows)
        records_made += len(rows)
    return {"training_events": events_made, "training_records": records_made}
