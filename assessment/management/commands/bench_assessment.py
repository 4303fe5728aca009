"""Benchmark of the annual assessment on the current database: open a round for one county of the
synthetic province (``--synth`` builds one county of ``--teams`` teams with a year of attendance first,
through ``synth_province``), compute every entry's reasons and inputs, and render the entries page in
this process. Issue 12 asks < 2 s for opening and computing 300 teams (≈1,200 cadres) on PostgreSQL, and
< 300 ms for the entries page."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.utils import timezone

from assessment import selectors, services
from assessment.models import AssessmentEntry, AssessmentRound
from attendance.management.commands.bench_attendance import bench_county, bench_user


class Command(BaseCommand):
    help = "年度考核性能测试：一个县发起并计算年度考核、考核页单次请求"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province-code", default="990000")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--synth", action="store_true", help="先用 synth_province 生成一个含 --teams 支工作队的县"
        )
        parser.add_argument("--teams", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        year, repeat = options["year"], options["repeat"]
        out = self.stdout.write
        if options["synth"]:
            from attendance.management.commands import synth_province

            # One county holding every team (the synthetic province puts 150 in a county).
            synth_province.TEAMS_PER_COUNTY = options["teams"]
            call_command(
                "synth_province", teams=options["teams"], year=year, province_code=options["province_code"]
            )
        _, county = bench_county(options["province_code"])
        user = bench_user(county)
        today = timezone.localdate()
        out(f"数据库：{connection.vendor}；{county.name}（{county.get_policy_code_display()}）")
        best_open = best_all = float("inf")
        round_: AssessmentRound | None = None
        for _ in range(repeat):
            AssessmentRound.objects.filter(county=county, year=year).delete()
            t = time.perf_counter()
            round_ = services.round_open(user=user, year=year, today=today)
            opened = time.perf_counter()
            view = selectors.round_view(round_, AssessmentEntry.objects.filter(round=round_), today=today)
            done = time.perf_counter()
            best_open = min(best_open, opened - t)
            best_all = min(best_all, done - t)
        assert round_ is not None
        teams = round_.entries.values("team").distinct().count()
        out(
            f"发起年度考核（{teams}支工作队，{round_.entries.count()}名干部）：{best_open * 1000:.0f} ms；"
            f"发起并逐人计算能否评优及在岗情况：{best_all * 1000:.0f} ms  目标 < 2 s"
        )
        out(
            f"不能评优{sum(not r.may_be_excellent for r in view.rows)}人，不得评优的派出单位{len(view.unit_bars)}个"
        )
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        client = Client()
        client.force_login(user)
        url = f"/assessment/{round_.pk}/"
        assert client.get(url).status_code == 200
        times = []
        for _ in range(max(repeat, 10)):
            t = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - t) * 1000)
            assert status == 200
        out(
            f"考核页（进程内单个客户端，{len(times)}次）：中位数 {statistics.median(times):.0f} ms，"
            f"最快 {min(times):.0f} ms  目标 < 300 ms"
        )
