"""Benchmark of the work-funds list on the current database: every team of a province with its floor
(the policy of its county), allocated, spent, pending, balance and findings (``funding.selectors.fund_rows``,
three aggregate subqueries for all teams together), the same as xlsx, and one county's list as its
office opens it.

``--synth`` first builds a synthetic province of ``--teams`` teams (synth_province's regions, villages,
units, cadres, teams and memberships, without its year of attendance) and a year of funds: two
allocations and three expenditures per team, every fourth team under the floor."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Office, User
from funding import selectors
from funding.models import (
    Expenditure,
    ExpenditureCategory,
    ExpenditureStatus,
    FundAllocation,
    FundSource,
    WorkFund,
)
from teams.models import Region, Team
from teams.roster import xlsx

BENCH_USER = "bench_funds_{code}"


class Command(BaseCommand):
    help = "工作经费性能测试：全省各工作队的经费下限、拨付、支出、余额和问题清单（含导出xlsx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province-code", default="980000")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--synth", action="store_true", help="先生成含 --teams 支工作队的合成省份")
        parser.add_argument("--teams", type=int, default=12000)

    def handle(self, *args: Any, **options: Any) -> None:
        year, code = options["year"], options["province_code"]
        today = options["today"] or min(timezone.localdate(), datetime.date(year, 12, 31))
        out = self.stdout.write
        if options["synth"]:
            started = time.perf_counter()
            self._synth(code, options["teams"], year, today)
            out(f"已生成合成省份（{time.perf_counter() - started:.1f}秒）")
        province = Region.objects.filter(code=code).first()
        if province is None:
            raise CommandError(f"没有区划代码为{code}的省份：先加 --synth 生成")
        reader, _ = User.objects.get_or_create(
            username=BENCH_USER.format(code=code),
            defaults={"office": Office.PROVINCE_OVERSIGHT, "region": province},
        )
        county = (
            Region.objects.filter(level="county", path__startswith=province.path).order_by("code").first()
        )
        clerk, _ = User.objects.get_or_create(
            username=BENCH_USER.format(code=f"{code}_county"),
            defaults={"office": Office.COUNTY_ORG_DEPT, "region": county},
        )
        out(f"数据库：{connection.vendor}；{province.name}；按{today.isoformat()}计算{year}年")
        best_all = best_xlsx = best_county = float("inf")
        rows: list[selectors.FundRow] = []
        county_rows: list[selectors.FundRow] = []
        for _ in range(options["repeat"]):
            t = time.perf_counter()
            rows = selectors.fund_rows(reader, year, today=today)
            best_all = min(best_all, time.perf_counter() - t)
            t = time.perf_counter()
            xlsx.write(
                ["乡镇", "村", "下限", "依据", "已拨付", "已批准", "待审批", "余额", "问题"],
                (
                    [
                        r.team.village.township.name,
                        r.team.village.name,
                        r.floor,
                        r.provision,
                        r.totals.allocated,
                        r.totals.approved,
                        r.totals.pending,
                        r.totals.balance,
                        "；".join(f.message for f in r.findings),
                    ]
                    for r in rows
                ),
            )
            best_xlsx = min(best_xlsx, time.perf_counter() - t)
            t = time.perf_counter()
            county_rows = selectors.fund_rows(clerk, year, today=today)
            best_county = min(best_county, time.perf_counter() - t)
        under = sum(1 for r in rows if r.under_floor)
        out(f"全省经费清单（{len(rows)}支工作队，低于下限{under}支）：{best_all * 1000:.0f} ms")
        out(f"导出xlsx（{len(rows)}行）：{best_xlsx * 1000:.0f} ms")
        out(f"一个县的经费清单（{len(county_rows)}支工作队）：{best_county * 1000:.0f} ms")

    def _synth(self, code: str, n_teams: int, year: int, today: datetime.date) -> None:
        from attendance.management.commands import synth_province

        if Region.objects.filter(code=code).exists():
            raise CommandError(f"区划代码{code}已存在：请使用空数据库或另一个 --province-code")
        rng = random.Random(13)
        with transaction.atomic():
            synth_province.Command()._world(code, n_teams, year, rng)
            province = Region.objects.get(code=code)
            author = User.objects.create(
                username=BENCH_USER.format(code=f"{code}_author"),
                office=Office.COUNTY_ORG_DEPT,
                region=Region.objects.filter(level="county", path__startswith=province.path).first(),
            )
            teams = list(
                Team.objects.filter(village__township__path__startswith=province.path).order_by("pk")
            )
            WorkFund.objects.bulk_create([WorkFund(team=t, year=year) for t in teams], batch_size=2000)
            funds = list(WorkFund.objects.filter(team__in=[t.pk for t in teams], year=year).order_by("pk"))
            day = min(today, datetime.date(year, 3, 1))
            allocations: list[FundAllocation] = []
            expenditures: list[Expenditure] = []
            for n, fund in enumerate(funds):
                second = Decimal(5000) if n % 4 == 3 else Decimal(10000)
                for amount, source in (
                    (Decimal(10000), FundSource.COUNTY_BUDGET),
                    (second, FundSource.OTHER),
                ):
                    allocations.append(
                        FundAllocation(
                            fund=fund, amount=amount, source=source, allocated_on=day, entered_by=author
                        )
                    )
                for k, category in enumerate(ExpenditureCategory.values[:3]):
                    approved = k < 2
                    expenditures.append(
                        Expenditure(
                            fund=fund,
                            spent_on=day,
                            amount=Decimal(rng.randint(10, 300) * 10),
                            category=category,
                            payee="合成收款方",
                            status=ExpenditureStatus.APPROVED if approved else ExpenditureStatus.PENDING,
                            entered_by=author,
                            decided_by=author if approved else None,
                            decided_at=timezone.now() if approved else None,
                        )
                    )
            FundAllocation.objects.bulk_create(allocations, batch_size=2000)
            Expenditure.objects.bulk_create(expenditures, batch_size=2000)
