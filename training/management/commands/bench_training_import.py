"""python manage.py bench_training_import [--rows 5000]: time an attendance-sheet import.

Inside one transaction that is rolled back at the end (nothing stays in the database): N cadres of the
demo county 西平县 and a county training event are created, an N-row xlsx sheet is written (names, ID
numbers for half of the rows, days), and the preview (read, bounds, match) and the commit (which reads
and matches again under the lock, then writes N records and N audit entries) are timed as the county
office. Needs the demo data (``manage.py demo_data``). Prints wall-clock seconds and peak memory.
"""

from __future__ import annotations

import datetime
import resource
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from teams import idcard
from teams.models import Cadre, Region
from teams.roster import xlsx
from training import importing
from training.models import TrainingEvent


class _Rollback(Exception):
    pass


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "培训签到表导入性能测试（在回滚的事务中生成N名干部和N行签到表，计时预览和导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=5_000)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = options["rows"]
        county_user = User.objects.filter(username="county").select_related("region").first()
        if county_user is None or county_user.region is None:
            raise CommandError("没有演示数据：请先运行 manage.py demo_data")
        self.stdout.write(f"database={connection.vendor} rows={rows}")
        try:
            with transaction.atomic():
                self._run(county_user, county_user.region, rows)
                raise _Rollback
        except _Rollback:
            self.stdout.write("rolled back: nothing kept")

    def _run(self, user: User, county: Region, rows: int) -> None:
        now = timezone.now()
        started = time.perf_counter()
        born = datetime.date(1958, 1, 1)
        cadres = [
            Cadre(
                id_number=idcard.make(county.code, born + datetime.timedelta(days=n // 500), n % 500, "M"),
                name=f"测{n:06d}",
                sex="M",
                birth_date=born + datetime.timedelta(days=n // 500),
                party_status="member",
                county=county,
            )
            for n in range(rows)
        ]
        Cadre.objects.bulk_create(cadres, batch_size=2000)
        event = TrainingEvent.objects.create(
            region=county,
            level="county",
            title="性能测试培训班",
            start=datetime.date(2026, 5, 10),
            end=datetime.date(2026, 5, 14),
            days=Decimal(5),
            created_by=user,
            created_at=now,
        )
        content = xlsx.write(
            importing.HEADERS,
            (
                [c.name, c.id_number if n % 2 else "", "某单位", 2.5 if n % 3 else ""]
                for n, c in enumerate(cadres)
            ),
            text_columns=[1],
        )
        self.stdout.write(
            f"setup ({rows} cadres, sheet {len(content) / 1e6:.2f} MB): {time.perf_counter() - started:.2f}s"
        )
        started = time.perf_counter()
        found = importing.training_import_create(
            user=user, event=event, file_name="bench.xlsx", content=content, now=now
        )
        self.stdout.write(
            f"preview: {time.perf_counter() - started:.2f}s, valid={found.report['valid']}, "
            f"invalid={len(found.report['invalid_rows'])}, peak {_peak_mb():.0f} MB"
        )
        started = time.perf_counter()
        written = importing.training_import_commit(user=user, training_import=found, now=now)
        self.stdout.write(
            f"commit: {time.perf_counter() - started:.2f}s, records={written}, peak {_peak_mb():.0f} MB"
        )
