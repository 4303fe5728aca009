"""Benchmark of the duties calendar on the current database: the duties of every team of a province and
the overdue / due-soon list, computed in bulk (assessment.duties: a few queries for all teams together).

``--synth`` first builds a synthetic province of ``--teams`` teams (synth_province's regions, villages,
units, cadres, teams and memberships — without its year of attendance, which the duties do not read)
and a year of what the duties count: submitted reports for two periods in three, county and township
meetings, village household counts, linked leaders' and units' visits. Issue 14 asks < 2 s for
12,000 teams on PostgreSQL."""

from __future__ import annotations

import datetime
import os
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Office, User
from assessment import duties
from assessment.models import ReportStatus, TeamReport
from teams.county_policy import county_policy
from teams.models import Membership, Region, Team
from teams.rules import duties as rule_duties


class Command(BaseCommand):
    help = "任务与报告性能测试：全省各工作队的年度任务、逾期和即将到期清单"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province-code", default="990000")
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
            self._synth(code, options["teams"], year)
            out(f"已生成合成省份（{time.perf_counter() - started:.1f}秒）")
        province = Region.objects.filter(code=code).first()
        if province is None:
            raise CommandError(f"没有区划代码为{code}的省份：先加 --synth 生成")
        # The province as a queryset: the duties read it as a subquery, never a list of 12,000 ids.
        team_ids = Team.objects.filter(village__township__path__startswith=province.path)
        out(
            f"数据库：{connection.vendor}；{province.name}：{team_ids.count()}支工作队；按{today.isoformat()}计算{year}年"
        )
        best_all = best_open = float("inf")
        rows: dict[int, list[duties.DutyRow]] = {}
        open_rows: list[duties.DutyRow] = []
        cpu_all = cpu_open = float("inf")
        for _ in range(options["repeat"]):
            t, c = time.perf_counter(), time.process_time()
            rows = duties.duties_by_team(team_ids, year, today)
            best_all = min(best_all, time.perf_counter() - t)
            cpu_all = min(cpu_all, time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            open_rows = duties.open_duties(team_ids, year, today)
            best_open = min(best_open, time.perf_counter() - t)
            cpu_open = min(cpu_open, time.process_time() - c)
        total = sum(len(r) for r in rows.values())
        counts = duties.state_counts(r for rs in rows.values() for r in rs)
        out(
            f"全省任务（{len(rows)}支工作队，{total}项）：{best_all * 1000:.0f} ms（本进程CPU {cpu_all * 1000:.0f} ms）"
            "  目标 < 2 s；"
            + "，".join(f"{rule_duties.STATE_NAMES[k]}{v}" for k, v in sorted(counts.items()))
        )
        out(
            f"逾期和即将到期清单（{len(open_rows)}项）：{best_open * 1000:.0f} ms（本进程CPU {cpu_open * 1000:.0f} ms）"
            "  目标 < 2 s"
        )
        # Wall time on a shared machine includes waiting for a core: the load says how busy it was.
        out(f"系统负载（1/5/15分钟）：{' / '.join(f'{x:.1f}' for x in os.getloadavg())}")

    def _synth(self, code: str, n_teams: int, year: int) -> None:
        from attendance.management.commands import synth_province
        from worklog.models import LinkLeader, Meeting, SupportVisit, VillageHouseholds

        if Region.objects.filter(code=code).exists():
            raise CommandError(f"区划代码{code}已存在：请使用空数据库或另一个 --province-code")
        rng = random.Random(14)
        with transaction.atomic():
            synth_province.Command()._world(code, n_teams, year, rng)
            province = Region.objects.get(code=code)
            author = User.objects.create(
                username=f"bench_duty_{code}",
                office=Office.COUNTY_ORG_DEPT,
                region=Region.objects.filter(level="county", path__startswith=province.path).first(),
            )
            teams = list(
                Team.objects.filter(village__township__path__startswith=province.path).select_related(
                    "village__township__parent"
                )
            )
            counties = {t.village.township.parent for t in teams}
            policies = {
                c.pk: county_policy(c, datetime.date(year, 12, 31)) for c in counties if c is not None
            }
            end = datetime.date(year, 12, 31)
            reports: list[TeamReport] = []
            for n, team in enumerate(teams):
                township = team.village.township
                county = township.parent
                assert county is not None
                policy = policies[county.pk]
                for kind in sorted(rule_duties.REPORT_KINDS):
                    if rule_duties.report_provision(policy, kind) is None:
                        continue
                    for period in rule_duties.report_periods(kind) or (None,):
                        _, due = rule_duties.report_bounds(kind, year, period)
                        if (n + (period or 0)) % 3 == 0 or due > end:
                            continue
                        office = rule_duties.report_receiver(policy, kind) or Office.COUNTY_ORG_DEPT
                        reports.append(
                            TeamReport(
                                team=team,
                                kind=kind,
                                year=year,
                                period=period,
                                provision=rule_duties.report_provision(policy, kind) or "",
                                title="报告",
                                body="合成数据",
                                status=ReportStatus.SUBMITTED,
                                receiving_office=office,
                                receiving_region=township if office == Office.TOWNSHIP_COMMITTEE else county,
                                created_by=author,
                                submitted_by=author,
                                submitted_at=timezone.make_aware(
                                    datetime.datetime.combine(due, datetime.time(9))
                                ),
                            )
                        )
            TeamReport.objects.bulk_create(reports, batch_size=5000)
            meetings = []
            for county in counties:
                for quarter in range(1, 4):
                    day = rule_duties.quarter_bounds(year, quarter)[0] + datetime.timedelta(days=20)
                    meetings.append(
                        Meeting(level="county", region=county, date=day, title="队长会议", created_by=author)
                    )
            townships = {t.village.township for t in teams}
            for township in townships:
                for month in range(1, 13, 2):
                    meetings.append(
                        Meeting(
                            level="township",
                            region=township,
                            date=datetime.date(year, month, 10),
                            title="驻村干部会议",
                            created_by=author,
                        )
                    )
            Meeting.objects.bulk_create(meetings, batch_size=5000)
            VillageHouseholds.objects.bulk_create(
                [VillageHouseholds(village_id=t.village_id, count=120, updated_by=author) for t in teams],
                batch_size=5000,
            )
            leaders = LinkLeader.objects.bulk_create(
                [
                    LinkLeader(
                        village_id=t.village_id,
                        name="联点领导",
                        position="县领导",
                        start=datetime.date(year, 1, 1),
                    )
                    for t in teams
                ],
                batch_size=5000,
            )
            units = dict(
                Membership.objects.filter(team__in=teams)
                .order_by("-pk")
                .values_list("team_id", "dispatching_unit_id")
            )
            visits = []
            for team, leader in zip(teams, leaders, strict=True):
                visits.append(
                    SupportVisit(
                        kind="link_visit",
                        date=datetime.date(year, 2, 1),
                        team=team,
                        link_leader=leader,
                        created_by=author,
                    )
                )
                visits.append(
                    SupportVisit(
                        kind="unit_hearing",
                        date=datetime.date(year, 5, 1),
                        team=team,
                        dispatching_unit_id=units[team.pk],
                        created_by=author,
                    )
                )
            SupportVisit.objects.bulk_create(visits, batch_size=5000)
