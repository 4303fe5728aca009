"""Benchmark of presence on the current database (build one with synth_province first):
month compliance for the province and one county, year compliance live and from the summary, and the
county's compliance page under concurrent clients (threads with Django's test client, p95)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.test import Client

from accounts.models import User
from attendance import compliance
from attendance.presence import AttendanceDay, CadreMonthSummary
from teams.models import Membership, Region


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000, result


class Command(BaseCommand):
    help = "考勤性能测试：全省/一个县的月度达标、年度达标（实时与汇总表）、县页面并发p95"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, default=6)
        parser.add_argument("--province-code", default="990000")
        parser.add_argument("--clients", type=int, default=32)
        parser.add_argument("--requests", type=int, default=320)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        year, month, repeat = options["year"], options["month"], options["repeat"]
        province = Region.objects.filter(code=options["province_code"]).first()
        if province is None:
            raise CommandError("没有合成省份：请先运行 synth_province")
        county = (
            Region.objects.filter(level="county", path__startswith=province.path).order_by("code").first()
        )
        assert county is not None
        everything = Membership.objects.filter(team__village__township__path__startswith=province.path)
        one = Membership.objects.filter(team__village__township__parent=county)
        out = self.stdout.write
        out(
            f"数据库：{connection.vendor}；考勤{AttendanceDay.objects.count():,}天，汇总{CadreMonthSummary.objects.count():,}条"
        )
        ms, groups = timed(lambda: compliance.province_month(year, month, province), repeat)
        out(f"全省月度达标（汇总表，按县分组）：{ms:.0f} ms（{len(groups)}个县）")
        ms, rows = timed(lambda: compliance.month_from_summary(year, month), repeat)
        out(f"全省月度达标（汇总表，逐人{len(rows)}行含条款）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.month_compliance(everything, year, month, weeks=False), 1)
        out(f"全省月度达标（实时，逐人{len(rows)}行）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.month_compliance(one, year, month, weeks=False), repeat)
        out(f"一个县月度达标（实时，{len(rows)}人）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.month_compliance(one, year, month, weeks=True), repeat)
        out(f"一个县月度达标含每周五天四夜（实时）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.year_compliance(everything, year), 1)
        out(f"全省年度达标（实时，{len(rows)}人）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.year_from_summary(year), repeat)
        out(f"全省年度达标（汇总表，{len(rows)}人）：{ms:.0f} ms")
        size = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_total_relation_size(%s), pg_total_relation_size(%s)",
                    [AttendanceDay._meta.db_table, CadreMonthSummary._meta.db_table],
                )
                a, b = cursor.fetchone()
            size = f"考勤表含索引{a / 2**30:.2f} GB，汇总表{b / 2**20:.0f} MB"
            out(size)
        self._page(county, year, month, options["clients"], options["requests"])

    def _page(self, county: Region, year: int, month: int, clients: int, requests: int) -> None:
        user, _ = User.objects.get_or_create(
            username=f"bench_{county.code}", defaults={"office": "county_org_dept", "region": county}
        )
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # Pages render without collectstatic's manifest here (as in the tests).
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        url = f"/attendance/compliance/?county={county.pk}&month={year}-{month:02d}"
        warm = Client()
        warm.force_login(user)
        assert warm.get(url).status_code == 200
        times: list[float] = []

        def worker(n: int) -> list[float]:
            client = Client()
            client.force_login(user)
            mine = []
            for _ in range(n):
                t = time.perf_counter()
                status = client.get(url).status_code
                mine.append((time.perf_counter() - t) * 1000)
                assert status == 200
            connections.close_all()
            return mine

        per = max(1, requests // clients)
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            for result in pool.map(worker, [per] * clients):
                times.extend(result)
        wall = time.perf_counter() - started
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        self.stdout.write(
            f"县在岗情况页（{clients}个并发客户端，{len(times)}次请求，Django测试客户端线程）："
            f"p50 {statistics.median(times):.0f} ms，p95 {p95:.0f} ms，吞吐{len(times) / wall:.1f}次/秒"
        )
