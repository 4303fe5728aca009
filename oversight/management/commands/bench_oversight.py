"""Benchmark of the oversight pages on the current database: the city's comparison of its counties and
the province's of its cities (selectors, then the page rendered in-process), and one county's charts.
Builds the synthetic province with ``synth_province`` first when it is missing (``--teams``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Office, User
from attendance.management.commands.bench_attendance import timed
from attendance.models import CadreMonthSummary
from oversight.charts import comparison, comparison_charts, county_charts
from teams.models import Region, Team


def _user(name: str, office: str, region: Region) -> User:
    user, _ = User.objects.update_or_create(username=name, defaults={"office": office, "region": region})
    return user


class Command(BaseCommand):
    help = "图表与对比性能测试：市级对比各县、省级对比各市、县级图表（需合成省份，缺少时先生成）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province-code", default="990000")
        parser.add_argument("--teams", type=int, default=0, help="合成省份不存在时按此工作队数生成")
        parser.add_argument("--year", type=int, default=0, help="默认：今年")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["province_code"]
        today = options["today"] or timezone.localdate()
        year = options["year"] or today.year
        repeat = max(1, options["repeat"])
        province = Region.objects.filter(code=code).first()
        if province is None:
            if not options["teams"]:
                raise CommandError("没有合成省份：加 --teams 生成，或先运行 synth_province")
            call_command("synth_province", teams=options["teams"], year=year, province_code=code)
            province = Region.objects.get(code=code)
        city = Region.objects.filter(level="city", parent=province).order_by("code").first()
        county = (
            Region.objects.filter(level="county", path__startswith=province.path).order_by("code").first()
        )
        if city is None or county is None:
            raise CommandError("合成省份中没有市或县")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {CadreMonthSummary._meta.db_table}")
        teams = Team.objects.filter(village__township__path__startswith=province.path).count()
        city_teams = Team.objects.filter(village__township__path__startswith=city.path).count()
        summaries = CadreMonthSummary.objects.filter(
            year=year, county__path__startswith=province.path
        ).count()
        self.stdout.write(
            f"{connection.vendor}：{province.name}{teams:,}支工作队（{city.name}{city_teams:,}支），"
            f"{year}年月度汇总{summaries:,}条；截至{today}；每项取{repeat}次中最快一次"
        )
        city_user = _user(f"bench_city_{city.code}", Office.CITY_OVERSIGHT, city)
        province_user = _user(f"bench_province_{code}", Office.PROVINCE_OVERSIGHT, province)
        county_user = _user(f"bench_county_{county.code}", Office.COUNTY_ORG_DEPT, county)

        def compare(user: User, region: Region) -> Any:
            areas = comparison(user, region, year=year, today=today)
            return comparison_charts(areas, year=year, today=today)

        results = [
            ("市级对比各县（查询与图表数据）", *timed(lambda: compare(city_user, city), repeat)),
            (
                "省级对比各市（查询与图表数据，全省）",
                *timed(lambda: compare(province_user, province), repeat),
            ),
            (
                "县级图表（查询与图表数据，含工作队配备检查）",
                *timed(lambda: county_charts(county_user, county, year=year, today=today), repeat),
            ),
        ]
        for label, ms, _ in results:
            self.stdout.write(f"  {label}：{ms:.0f} ms")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        pages = [
            ("市级对比页（整页）", city_user, f"/charts/compare/?year={year}"),
            ("省级对比页（整页）", province_user, f"/charts/compare/?year={year}"),
            ("县级图表页（整页）", county_user, f"/charts/county/{county.pk}/?year={year}"),
        ]
        for label, user, url in pages:
            client = Client()
            client.force_login(user)

            def get(client: Client = client, url: str = url) -> int:
                response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} → {response.status_code}")
                return response.status_code

            ms, _ = timed(get, repeat)
            self.stdout.write(f"  {label}：{ms:.0f} ms")
