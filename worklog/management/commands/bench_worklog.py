"""Benchmark of the work log's bulk selectors (the ones the duties calendar and reports call for a whole
province): distinct households visited per team in a quarter, linked leaders' visits per village, the
units' support per team, county meetings per county.

``--synth`` first builds a synthetic province of ``--teams`` teams (attendance's synth_province world)
and a quarter of household visits: ``--households`` households per village, ``--entries`` visit entries
per team each naming ``--per-entry`` of them, plus a linked leader's visit and a unit hearing per team."""

from __future__ import annotations

import datetime
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from accounts.models import Office, User
from teams.models import Region, Team
from worklog import selectors
from worklog.models import EntryKind, Household, LinkLeader, LogEntry, SupportKind, SupportVisit


class Command(BaseCommand):
    help = (
        "驻村日志性能测试：全省各工作队本季度走访户数、联点领导到村、派出单位听取汇报和县级例会（批量查询）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, default=1, choices=[1, 2, 3, 4])
        parser.add_argument("--province-code", default="980000")
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--synth", action="store_true", help="先生成含 --teams 支工作队的合成省份和一个季度的走访"
        )
        parser.add_argument("--teams", type=int, default=12000)
        parser.add_argument("--households", type=int, default=24)
        parser.add_argument("--entries", type=int, default=6)
        parser.add_argument("--per-entry", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        year, quarter, code = options["year"], options["quarter"], options["province_code"]
        start, end = selectors.quarter_bounds(year, quarter)
        out = self.stdout.write
        if options["synth"]:
            started = time.perf_counter()
            self._synth(code, options, start, end)
            out(f"已生成合成省份和走访记录（{time.perf_counter() - started:.1f}秒）")
            if connection.vendor == "postgresql":
                # Fresh statistics, as autovacuum would gather them: the planner sees the bulk load.
                with connection.cursor() as cursor:
                    for model in (LogEntry, LogEntry.households.through, Household, LinkLeader, SupportVisit):
                        cursor.execute(f"ANALYZE {model._meta.db_table}")
        province = Region.objects.filter(code=code).first()
        if province is None:
            raise CommandError(f"没有区划代码为{code}的省份：先加 --synth 生成")
        teams = list(
            Team.objects.filter(village__township__path__startswith=province.path).values_list(
                "pk", "village_id"
            )
        )
        team_ids = [t for t, _ in teams]
        village_ids = [v for _, v in teams]
        county_ids = list(
            Region.objects.filter(level="county", path__startswith=province.path).values_list("pk", flat=True)
        )
        out(
            f"数据库：{connection.vendor}；{province.name}：{len(team_ids)}支工作队，"
            f"{LogEntry.objects.filter(team_id__in=team_ids, date__gte=start, date__lte=end).count()}条本季度日志"
        )
        timings: dict[str, float] = {}
        for _ in range(options["repeat"]):
            for name, call in (
                (
                    "走访户数 households_visited_by_team",
                    lambda: selectors.households_visited_by_team(team_ids, start, end),
                ),
                (
                    "村户数 household_counts_by_village",
                    lambda: selectors.household_counts_by_village(village_ids),
                ),
                (
                    "联点领导到村 link_visits_by_village",
                    lambda: selectors.link_visits_by_village(village_ids, start, end),
                ),
                (
                    "派出单位 unit_support_by_team",
                    lambda: selectors.unit_support_by_team(team_ids, start, end),
                ),
                (
                    "县级例会 county_meetings_by_county",
                    lambda: selectors.county_meetings_by_county(county_ids, start, end),
                ),
            ):
                t = time.perf_counter()
                result = call()
                timings[name] = min(timings.get(name, float("inf")), time.perf_counter() - t)
                assert isinstance(result, dict)
        for name, seconds in timings.items():
            out(f"  {name}：{seconds * 1000:.0f} ms")
        out(f"合计：{sum(timings.values()) * 1000:.0f} ms（各项取{options['repeat']}次中最快）")

    def _synth(self, code: str, options: dict[str, Any], start: datetime.date, end: datetime.date) -> None:
        from attendance.management.commands import synth_province

        if Region.objects.filter(code=code).exists():
            raise CommandError(f"区划代码{code}已存在：请使用空数据库或另一个 --province-code")
        rng = random.Random(14)
        n_houses, n_entries, per_entry = options["households"], options["entries"], options["per_entry"]
        with transaction.atomic():
            synth_province.Command()._world(code, options["teams"], start.year, rng)
            province = Region.objects.get(code=code)
            author = User.objects.create(
                username=f"bench_worklog_{code}",
                office=Office.COUNTY_ORG_DEPT,
                region=Region.objects.filter(level="county", path__startswith=province.path).first(),
            )
            teams = list(
                Team.objects.filter(village__township__path__startswith=province.path).prefetch_related(
                    "memberships"
                )
            )
            Household.objects.bulk_create(
                [
                    Household(village_id=t.village_id, head_name=f"户主{i}", doorplate=f"{i}号")
                    for t in teams
                    for i in range(n_houses)
                ],
                batch_size=10000,
            )
            houses: dict[int, list[int]] = {}
            for pk, village_id in Household.objects.filter(
                village__township__path__startswith=province.path
            ).values_list("pk", "village_id"):
                houses.setdefault(village_id, []).append(pk)
            span = (end - start).days
            entries = [
                LogEntry(
                    team=t,
                    kind=EntryKind.VISIT,
                    date=start + datetime.timedelta(days=rng.randrange(span + 1)),
                    summary="入户走访",
                    created_by=author,
                )
                for t in teams
                for _ in range(n_entries)
            ]
            LogEntry.objects.bulk_create(entries, batch_size=10000)
            through = LogEntry.households.through
            links = []
            for entry in entries:
                chosen = rng.sample(houses[entry.team.village_id], min(per_entry, n_houses))
                links += [through(logentry_id=entry.pk, household_id=h) for h in chosen]
            through.objects.bulk_create(links, batch_size=20000)
            leaders = LinkLeader.objects.bulk_create(
                [
                    LinkLeader(village_id=t.village_id, name="联点领导", position="副县长", start=start)
                    for t in teams
                ],
                batch_size=10000,
            )
            visits = []
            for team, leader in zip(teams, leaders, strict=True):
                visits.append(
                    SupportVisit(
                        kind=SupportKind.LINK_VISIT,
                        date=start,
                        team=team,
                        link_leader=leader,
                        created_by=author,
                    )
                )
                unit_id = next((m.dispatching_unit_id for m in team.memberships.all()), None)
                if unit_id is not None:
                    visits.append(
                        SupportVisit(
                            kind=SupportKind.UNIT_HEARING,
                            date=end,
                            team=team,
                            dispatching_unit_id=unit_id,
                            created_by=author,
                        )
                    )
            SupportVisit.objects.bulk_create(visits, batch_size=10000)
