"""python manage.py bench_roster [--rows 50000]: time a roster import and export at county scale.

Builds a synthetic county (code 419901, 200 townships) in the configured database, writes an N-row roster
file (messy dates included; villages and 300 units new to the registry), then times: the dry run, the commit
(which checks again inside its transaction), a re-import of the same file (nothing changes), and the roster
export. Prints wall-clock seconds and the process's peak memory (max RSS) after each step.
Refuses to run against a database holding other counties' data unless --force.
"""

from __future__ import annotations

import datetime
import random
import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from teams import idcard, masking
from teams.choices import PolicyCode, RegionLevel
from teams.models import (
    Cadre,
    DispatchingUnit,
    ImportBatch,
    ImportRecord,
    Membership,
    MembershipChange,
    Region,
    Team,
    Village,
)
from teams.roster import columns, exports, xlsx
from teams.roster.importer import roster_check, roster_commit

COUNTY = "419901"
D = datetime.date


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "花名册导入导出性能测试（生成N行花名册，计时校验、导入、重复导入和导出）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument(
            "--keep", action="store_true", help="保留生成的数据（默认先清除上次的测试县数据）"
        )
        parser.add_argument("--force", action="store_true", help="允许在含有其他数据的数据库上运行")

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            Region.objects.exclude(path__startswith="410000/419900/").exclude(code="410000").exists()
            and not options["force"]
        ):
            raise CommandError("数据库中已有其他县的数据；请用专门的测试数据库，或加 --force")
        rows = options["rows"]
        county = self._county()
        if not options["keep"]:
            self._clear(county)
        self.stdout.write(f"database={connection.vendor} rows={rows}")
        started = time.perf_counter()
        content = self._file(county, rows)
        self.stdout.write(
            f"generate file: {time.perf_counter() - started:.2f}s ({len(content) / 1e6:.1f} MB)"
        )

        batch = ImportBatch.objects.create(county=county, file_name="bench.xlsx", content=content)
        dry = self._timed("dry run", lambda: roster_check(batch=batch), batch)
        commit = self._timed("commit", lambda: roster_commit(batch=batch), batch)
        self.stdout.write(f"dry run + commit: {dry + commit:.2f}s")
        again = ImportBatch.objects.create(county=county, file_name="bench-again.xlsx", content=content)
        self._timed("re-import (commit, unchanged)", lambda: roster_commit(batch=again), again)

        memberships = Membership.objects.filter(team__village__township__parent=county)
        started = time.perf_counter()
        out = exports.roster(memberships, reader=masking.SYSTEM)
        self.stdout.write(
            f"export roster: {time.perf_counter() - started:.2f}s ({memberships.count()} rows, "
            f"{len(out) / 1e6:.1f} MB) peak={_peak_mb():.0f}MB"
        )

    def _timed(self, label: str, job: Any, batch: ImportBatch) -> float:
        started = time.perf_counter()
        job()
        elapsed = time.perf_counter() - started
        batch.refresh_from_db()
        self.stdout.write(
            f"{label}: {elapsed:.2f}s status={batch.status} created={batch.created_count} "
            f"updated={batch.updated_count} unchanged={batch.unchanged_count} invalid={batch.invalid_count} "
            f"peak={_peak_mb():.0f}MB"
        )
        return elapsed

    @transaction.atomic
    def _county(self) -> Region:
        province, _ = Region.objects.get_or_create(
            code="410000", defaults={"name": "河南省", "level": RegionLevel.PROVINCE}
        )
        city, _ = Region.objects.get_or_create(
            code="419900", defaults={"name": "测试市", "level": RegionLevel.CITY, "parent": province}
        )
        county, _ = Region.objects.get_or_create(
            code=COUNTY,
            defaults={
                "name": "测试县",
                "level": RegionLevel.COUNTY,
                "parent": city,
                "policy_code": PolicyCode.ZHUMADIAN,
            },
        )
        for n in range(1, 201):
            Region.objects.get_or_create(
                code=f"{COUNTY}{n:03d}",
                defaults={"name": f"测试{n}镇", "level": RegionLevel.TOWNSHIP, "parent": county},
            )
        return county

    @transaction.atomic
    def _clear(self, county: Region) -> None:
        """Raw deletes: the synthetic county's rows only, and nothing else references them."""
        for queryset in (
            ImportRecord.objects.filter(batch__county=county),
            ImportBatch.objects.filter(county=county),
            MembershipChange.objects.filter(team__village__township__parent=county),
            Membership.objects.filter(team__village__township__parent=county),
            Team.objects.filter(village__township__parent=county),
            Village.objects.filter(township__parent=county),
            Cadre.objects.filter(county=county),
            DispatchingUnit.objects.filter(name__startswith="测试县第"),
            Region.objects.filter(parent=county, code__gt=f"{COUNTY}900"),
        ):
            queryset._raw_delete(queryset.db)

    def _file(self, county: Region, rows: int) -> bytes:
        rng = random.Random(7)
        formats = [
            lambda d: d,
            lambda d: f"{d:%Y.%m.%d}",
            lambda d: f"{d.year}-{d.month}-{d.day}",
            lambda d: f"{d.year}年{d.month}月{d.day}日",
        ]
        start, end = D(2025, 3, 1), D(2027, 2, 28)

        def generate() -> Any:
            for i in range(rows):
                team = i // 4
                # make() yields 500 numbers per birth date and sex: a new date every 500 rows keeps them unique.
                born = D(1975, 1, 1) + datetime.timedelta(days=i // 500 * 37)
                sex = "M" if i % 3 else "F"
                number = idcard.make(COUNTY, born, i % 500, sex)
                role = "第一书记兼队长" if i % 4 == 0 else "队员"
                yield [
                    f"干部{i}",
                    number,
                    "男" if sex == "M" else "女",
                    "",
                    "中共党员",
                    "科级",
                    f"138{i:08d}",
                    f"测试县第{i % 300}单位",
                    "测试县",
                    f"测试{1 + team % 200}镇",
                    f"测试{team}村",
                    role,
                    rng.choice(formats)(start),
                    end,
                ]

        return xlsx.write(columns.HEADERS, generate(), text_columns=xlsx.ROSTER_TEXT_COLUMNS)
