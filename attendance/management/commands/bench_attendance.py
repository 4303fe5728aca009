"""Benchmark of attendance on the current database (build one with synth_province first): month compliance
for the province and one county, year compliance live and from the summary, and the county's attendance
page rendered in-process one request at a time. The page under concurrent clients is measured against a
real server by ``bench_attendance_http``."""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Office, User
from attendance.days import compliance
from attendance.models import AttendanceDay, CadreMonthSummary
from teams.models import Membership, Region


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best of ``repeat`` runs, in ms (the machine is shared: the best run is the least disturbed)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000, result


def bench_county(province_code: str) -> tuple[Region, Region]:
    province = Region.objects.filter(code=province_code).first()
    if province is None:
        raise CommandError("没有合成省份：请先运行 synth_province")
    county = Region.objects.filter(level="county", path__startswith=province.path).order_by("code").first()
    if county is None:
        raise CommandError("合成省份中没有县")
    return province, county


def bench_user(county: Region, password: str | None = None) -> User:
    """A county organisation department login over the synthetic county (created when missing)."""
    user, _ = User.objects.get_or_create(
        username=f"bench_{county.code}", defaults={"office": Office.COUNTY_ORG_DEPT, "region": county}
    )
    if user.office != Office.COUNTY_ORG_DEPT or user.region_id != county.pk:
        user.office, user.region = Office.COUNTY_ORG_DEPT, county
        user.save(update_fields=["office", "region"])
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


# A logged-in page whose view does nothing but render base.html: its cost is what every page pays before
# its view runs (session, user, scope, the menu's counts, the context processors).
TRIVIAL_PAGE = "/accounts/password/done/"


def page_client(user: User) -> Client:
    """A test client logged in as ``user`` that renders pages in this process, as the tests do."""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Pages render without collectstatic's manifest here (as in the tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(user)
    return client


def request_cost(client: Client, url: str, repeat: int) -> dict[str, float]:
    """CPU of this process per request (``time.process_time``: the server's share, without the database's)
    and wall time, medians of ``repeat`` requests after a warm-up, and the queries of one request."""
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        status = client.get(url).status_code
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
        assert status == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "cpu": statistics.median(cpu),
        "wall": statistics.median(wall),
        "queries": len(queries.captured_queries),
    }


def profile_requests(client: Client, url: str, repeat: int, out: Any, top: int = 25) -> None:
    """cProfile over ``repeat`` requests: the functions with the most cumulative time."""
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    out.write(text.getvalue())


class Command(BaseCommand):
    help = "考勤性能测试：全省/一个县的月度达标、年度达标（实时与汇总表）、县在岗情况页单次请求"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, default=6)
        parser.add_argument("--province-code", default="990000")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--skip-live", action="store_true", help="跳过全省实时计算（各需数秒）")

    def handle(self, *args: Any, **options: Any) -> None:
        year, month, repeat = options["year"], options["month"], options["repeat"]
        province, county = bench_county(options["province_code"])
        everything = Membership.objects.filter(team__village__township__path__startswith=province.path)
        one = Membership.objects.filter(team__village__township__parent=county)
        out = self.stdout.write
        out(
            f"数据库：{connection.vendor}；考勤{AttendanceDay.objects.count():,}天，"
            f"汇总{CadreMonthSummary.objects.count():,}条；每项取{repeat}次中最快一次"
        )
        summaries = CadreMonthSummary.objects.all()
        ms, groups = timed(lambda: compliance.province_month(year, month, province), repeat)
        out(f"全省月度达标（汇总表，按县分组）：{ms:.0f} ms（{len(groups)}个县）")
        ms, rows = timed(lambda: compliance.month_from_summary(year, month), repeat)
        out(f"全省月度达标（汇总表，逐人{len(rows)}行含条款）：{ms:.0f} ms  目标 < 500 ms")
        if not options["skip_live"]:
            ms, rows = timed(lambda: compliance.month_compliance(everything, year, month, weeks=False), 1)
            out(f"全省月度达标（实时，逐人{len(rows)}行）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.month_compliance(one, year, month, weeks=False), repeat)
        out(f"一个县月度达标（实时，{len(rows)}人）：{ms:.0f} ms  目标 < 50 ms")
        ms, rows = timed(lambda: compliance.month_compliance(one, year, month, weeks=True), repeat)
        out(f"一个县月度达标含每周五天四夜（实时）：{ms:.0f} ms")
        ms, rows = timed(
            lambda: compliance.county_month(one, summaries, year, month, county=county)[0], repeat
        )
        out(f"一个县月度达标（汇总表，县页面所用，{len(rows)}人，不含每周检查）：{ms:.0f} ms")
        ms, rows = timed(lambda: compliance.county_year(one, year), repeat)
        out(f"一个县年度达标（汇总表，{len(rows)}人）：{ms:.0f} ms")
        if not options["skip_live"]:
            ms, rows = timed(lambda: compliance.year_compliance(everything, year), 1)
            out(f"全省年度达标（实时，{len(rows)}人）：{ms:.0f} ms  目标 < 3 s（或汇总表 < 200 ms）")
        ms, rows = timed(lambda: compliance.year_from_summary(year), repeat)
        out(f"全省年度达标（汇总表，{len(rows)}人）：{ms:.0f} ms  目标 < 200 ms")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_total_relation_size(%s), pg_total_relation_size(%s)",
                    [AttendanceDay._meta.db_table, CadreMonthSummary._meta.db_table],
                )
                a, b = cursor.fetchone()
            out(f"考勤表含索引{a / 2**30:.2f} GB，汇总表含索引{b / 2**20:.0f} MB")
        self._page(county, year, month, repeat)

    def _page(self, county: Region, year: int, month: int, repeat: int) -> None:
        """One client, one request at a time, in this process (no server): the page's own cost."""
        client = page_client(bench_user(county))
        base = f"/attendance/compliance/?county={county.pk}&month={year}-{month:02d}"
        for label, url in (
            ("月度第1页", base),
            ("月度只看未达标", base + "&failing=1"),
            ("年度第1页", base + f"&period=year&year={year}"),
        ):
            assert client.get(url).status_code == 200
            times = []
            for _ in range(max(repeat, 10)):
                t = time.perf_counter()
                status = client.get(url).status_code
                times.append((time.perf_counter() - t) * 1000)
                assert status == 200
            self.stdout.write(
                f"县在岗情况页·{label}（进程内单个客户端，{len(times)}次）："
                f"中位数 {statistics.median(times):.0f} ms，最快 {min(times):.0f} ms"
            )
        self.stdout.write("并发：python manage.py bench_attendance_http --year YYYY（真实 gunicorn 服务器）")
