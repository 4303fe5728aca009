"""Benchmark of the training status pages' reads: one county's per-cadre year (check_training_year for
every cadre posted that year), Qinghai's split, the cadres posted without pre-service training and the
xlsx of those short of the minimum.

``--synth`` first builds (when missing) a synthetic province (``synth_province``'s regions, units,
cadres, teams and postings, without attendance) and training for every county: one event per level and
records in five turns as training.demo gives them. Then it times the largest county of each policy.
Measured figures only; nothing asserts a time.

    manage.py bench_training --synth --teams 600 --year 2026
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Office, User
from attendance.management.commands import synth_province
from core import params
from teams.models import Region
from teams.roster import xlsx
from training import selectors
from training.demo import _EVENTS, _TURNS, _region_for
from training.models import RecordSource, TrainingEvent, TrainingRecord


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


class Command(BaseCommand):
    help = "培训情况性能测试：一个县逐人判断全年培训、青海分级比例、未参加任前培训名单、未达标名单 xlsx"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province-code", default="980000", help="合成省6位区划代码（默认980000）")
        parser.add_argument("--teams", type=int, default=600, help="合成省工作队数（每县150队、约600名干部）")
        parser.add_argument("--year", type=int, default=None, help="年度（默认今年）")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--synth", action="store_true", help="先生成合成省份及其培训记录")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        year = options["year"] or today.year
        code = options["province_code"]
        if not params.year_served(year) or len(code) != 6 or not code.isdigit() or options["teams"] < 1:
            raise CommandError("参数无效：--year 应为系统支持的年份，区划代码为6位数字，--teams 为正整数")
        if options["synth"]:
            self._synth(code, options["teams"], year, random.Random(options["seed"]))
        province = Region.objects.filter(code=code, level="province").first()
        if province is None:
            raise CommandError(f"没有区划代码为{code}的省份：请加 --synth 生成")
        counties = (
            Region.objects.filter(level="county", path__startswith=province.path)
            .annotate(n=Count("cadres"))
            .order_by("-n", "code")
        )
        seen: set[str] = set()
        day = min(today, datetime.date(year, 12, 31))
        for county in counties:
            if county.policy_code in seen:
                continue
            seen.add(county.policy_code)
            n, t_year, split_t, pre_t, missing, short, xlsx_t, size = self._measure(
                county, year, day, options["repeat"]
            )
            self.stdout.write(
                f"{county.name}（{county.policy_code}）：{n}名干部，逐人判断 {t_year * 1000:.0f} ms；"
                f"分级比例 {split_t * 1000:.0f} ms；未参加任前培训 {missing}人 {pre_t * 1000:.0f} ms；"
                f"未达标 {short}人 xlsx {size:,} B {xlsx_t * 1000:.0f} ms"
            )

    def _measure(
        self, county: Region, year: int, day: datetime.date, repeat: int
    ) -> tuple[int, float, float, float, int, int, float, int]:
        def status() -> list[selectors.CadreYear]:
            return selectors.county_year(county, year, today=day)

        def split() -> Any:
            return selectors.county_split(county, year, today=day)

        def pre() -> list[Any]:
            return selectors.without_pre_service(county, today=day, cadres=county.cadres.all())

        t_year, rows = timed(status, repeat)
        t_split, _ = timed(split, repeat)
        t_pre, missing = timed(pre, repeat)
        short = [r for r in rows if r.short]

        def export() -> bytes:
            return xlsx.write(
                ["姓名", "培训天数", "尚缺"],
                ([r.cadre.name, float(r.days), "；".join(f.message for f in r.findings)] for r in short),
            )

        t_xlsx, content = timed(export, repeat)
        return len(rows), t_year, t_split, t_pre, len(missing), len(short), t_xlsx, len(content)

    def _synth(self, code: str, n_teams: int, year: int, rng: random.Random) -> None:
        started = time.perf_counter()
        province = Region.objects.filter(code=code, level="province").first()
        with transaction.atomic():
            if province is None:
                world = synth_province.Command()._world(code, n_teams, year, rng)
                province = Region.objects.get(code=code)
                self.stdout.write(f"合成结构：{world['counties']}个县，{world['cadres']:,}名干部")
            if TrainingEvent.objects.filter(region__path__startswith=province.path).exists():
                return
            author, _ = User.objects.get_or_create(
                username=f"bench_training_{code}",
                defaults={
                    "office": Office.COUNTY_ORG_DEPT,
                    "is_active": False,
                    "region": Region.objects.filter(level="county", path__startswith=province.path)
                    .order_by("code")
                    .first(),
                },
            )
            at = timezone.now()
            day = datetime.date(year, 6, 30)
            made = 0
            for county in Region.objects.filter(level="county", path__startswith=province.path).order_by(
                "code"
            ):
                events: dict[str, TrainingEvent] = {}
                for key, level, title, back, span, days, concentrated, kind in _EVENTS:
                    start = max(datetime.date(year, 1, 1), day - datetime.timedelta(days=back))
                    events[key] = TrainingEvent.objects.create(
                        region=_region_for(county, level),
                        level=level,
                        title=f"{county.name}{title}",
                        start=start,
                        end=start + datetime.timedelta(days=span - 1),
                        days=Decimal(days),
                        concentrated=concentrated,
                        kind=kind,
                        created_by=author,
                        created_at=at,
                    )
                ids = sorted(set(selectors.posted_in_year(county, year).values_list("cadre_id", flat=True)))
                rows = [
                    TrainingRecord(
                        event=events[key],
                        cadre_id=cadre_id,
                        days=events[key].days,
                        source=RecordSource.MANUAL,
                        created_by=author,
                        created_at=at,
                    )
                    for i, cadre_id in enumerate(ids)
                    for key in _TURNS[i % 5]
                ]
                TrainingRecord.objects.bulk_create(rows, batch_size=5000)
                made += len(rows)
        self.stdout.write(f"培训记录：{made:,}条（{time.perf_counter() - started:.1f}秒）")
