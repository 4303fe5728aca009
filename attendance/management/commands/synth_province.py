"""A synthetic province for benchmarks: regions, villages, units, cadres, teams, memberships and a year
of attendance with its cadre × month summaries. Deterministic for a seed. On PostgreSQL the attendance
days and summaries are loaded with COPY (psycopg2 ``copy_expert``); elsewhere with bulk_create."""

from __future__ import annotations

import calendar
import datetime
import io
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from attendance.days.compliance import month_verdict
from attendance.models import AttendanceDay, CadreMonthSummary
from core import params
from teams import idcard, rules
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village

NULL = "\\N"
POLICIES = ("zhumadian", "jinan", "qinghai", "sichuan")
TEAMS_PER_COUNTY = 150
TOWNSHIPS_PER_COUNTY = 10
MEMBERS_PER_TEAM = 4
COUNTIES_PER_CITY = 8
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "伟芳娜敏静强磊军洋勇艳杰涛明超华慧鹏婷宇雪平刚辉玲桂英"


class Command(BaseCommand):
    help = "生成用于性能测试的合成省份（行政区划、村、单位、干部、工作队、任职和一整年考勤）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--teams", type=int, required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province-code", default="990000", help="6位区划代码（默认990000，合成省）")

    def handle(self, *args: Any, **options: Any) -> None:
        n_teams, year, seed = options["teams"], options["year"], options["seed"]
        code = options["province_code"]
        if n_teams < 1 or not params.year_served(year) or len(code) != 6 or not code.isdigit():
            raise CommandError(
                f"参数无效：--teams 应为正整数，--year 应在{params.MIN_YEAR}到{params.MAX_YEAR}之间，区划代码为6位数字"
            )
        if Region.objects.filter(code=code).exists():
            raise CommandError(f"区划代码{code}已存在：请使用空数据库或另一个 --province-code")
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            world = self._world(code, n_teams, year, rng)
        self.stdout.write(
            f"结构：{world['counties']}个县，{n_teams}支工作队，{world['cadres']}名干部（{time.perf_counter() - started:.1f}秒）"
        )
        started = time.perf_counter()
        fast = self._skip_fk_triggers(True)
        try:
            days, summaries = self._attendance(world, year, rng)
        finally:
            if fast:
                self._skip_fk_triggers(False)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"考勤：{days}天，月度汇总{summaries}条，用时{elapsed:.1f}秒，{days / elapsed:,.0f}行/秒"
            f"（{'COPY' if connection.vendor == 'postgresql' else 'bulk_create'}）"
        )

    def _world(self, code: str, n_teams: int, year: int, rng: random.Random) -> dict[str, Any]:
        prefix = code[:2]
        province = Region(code=code, name="合成省", level="province", path=f"{code}/")
        province.save()
        n_counties = -(-n_teams // TEAMS_PER_COUNTY)
        cities: list[Region] = []
        for c in range(-(-n_counties // COUNTIES_PER_CITY)):
            city_code = f"{prefix}{c + 1:02d}00"
            cities.append(
                Region(
                    code=city_code,
                    name=f"合成{c + 1}市",
                    level="city",
                    parent=province,
                    path=f"{province.path}{city_code}/",
                )
            )
        Region.objects.bulk_create(cities)
        cities = list(Region.objects.filter(parent=province).order_by("code"))
        counties = []
        for i in range(n_counties):
            city = cities[i // COUNTIES_PER_CITY]
            county_code = f"{city.code[:4]}{i % COUNTIES_PER_CITY + 1:02d}"
            counties.append(
                Region(
                    code=county_code,
                    name=f"合成{i + 1}县",
                    level="county",
                    parent=city,
                    path=f"{city.path}{county_code}/",
                    policy_code=POLICIES[i % len(POLICIES)],
                )
            )
        Region.objects.bulk_create(counties)
        counties = list(Region.objects.filter(parent__parent=province).order_by("code"))
        townships = [
            Region(
                code=f"{c.code}{t + 101:03d}",
                name=f"{c.name}{t + 1}镇",
                level="township",
                parent=c,
                path=f"{c.path}{c.code}{t + 101:03d}/",
            )
            for c in counties
            for t in range(TOWNSHIPS_PER_COUNTY)
        ]
        Region.objects.bulk_create(townships, batch_size=2000)
        by_county: dict[int, list[Region]] = {}
        for t in Region.objects.filter(parent__in=counties).order_by("code"):
            by_county.setdefault(t.parent_pk, []).append(t)
        units = [
            DispatchingUnit(name=f"{c.name}{k}局", level="county", kind="organ", headcount=60, region=c)
            for c in counties
            for k in ("教育", "农业农村", "财政", "卫健")
        ]
        DispatchingUnit.objects.bulk_create(units, batch_size=2000)
        units_by_county: dict[int, list[int]] = {}
        for u in DispatchingUnit.objects.filter(region__in=counties).values_list("region_id", "pk"):
            units_by_county.setdefault(u[0], []).append(u[1])
        villages = []
        for i in range(n_teams):
            county = counties[i // TEAMS_PER_COUNTY]
            township = by_county[county.pk][i % TOWNSHIPS_PER_COUNTY]
            villages.append(
                Village(
                    township=township,
                    name=f"合成{i + 1}村",
                    latitude=30 + rng.random(),
                    longitude=110 + rng.random(),
                )
            )
        Village.objects.bulk_create(villages, batch_size=5000)
        villages = list(Village.objects.filter(township__parent__in=counties).order_by("pk"))
        term_start = datetime.date(year - 1, 3, 1)
        Team.objects.bulk_create([Team(village=v, term_start=term_start) for v in villages], batch_size=5000)
        teams = list(
            Team.objects.filter(village__in=villages).select_related("village__township").order_by("pk")
        )
        cadres = []
        seq = 0
        for team in teams:
            county_code = team.village.township.path.split("/")[2]
            for _ in range(MEMBERS_PER_TEAM):
                seq += 1
                sex = rng.choice("MF")
                birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 25))
                cadres.append(
                    Cadre(
                        id_number=idcard.make(county_code, birth, seq % 1000, sex),
                        name=rng.choice(SURNAMES) + rng.choice(GIVEN) + str(seq),
                        sex=sex,
                        birth_date=birth,
                        party_status="member",
                        county_id=team.village.township.parent_pk,
                    )
                )
        # idcard sequence numbers repeat: make the ids unique by the running number in the birth date.
        seen: set[str] = set()
        for i, cadre in enumerate(cadres):
            while cadre.id_number in seen:
                cadre.birth_date += datetime.timedelta(days=1)
                cadre.id_number = idcard.make(cadre.id_number[:6], cadre.birth_date, i % 1000, cadre.sex)
            seen.add(cadre.id_number)
        Cadre.objects.bulk_create(cadres, batch_size=5000)
        cadre_ids = list(
            Cadre.objects.filter(county__in=counties).order_by("pk").values_list("pk", flat=True)
        )
        memberships = []
        assignments = []
        for t_index, team in enumerate(teams):
            unit_ids = units_by_county[team.village.township.parent_pk]
            for k in range(MEMBERS_PER_TEAM):
                cadre_id = cadre_ids[t_index * MEMBERS_PER_TEAM + k]
                start = term_start
                # One in twenty joins during the year: a partial first month, pro-rated.
                if rng.random() < 0.05:
                    start = datetime.date(year, rng.randrange(2, 12), rng.randrange(1, 28))
                memberships.append(
                    Membership(
                        cadre_id=cadre_id,
                        team=team,
                        role="first_secretary" if k == 0 else "member",
                        is_leader=k == 0,
                        dispatching_unit_id=unit_ids[k % len(unit_ids)],
                        start=start,
                    )
                )
                assignments.append(
                    (cadre_id, team.pk, team.village.township_id, team.village.township.parent_id, start)
                )
        Membership.objects.bulk_create(memberships, batch_size=5000)
        return {
            "counties": len(counties),
            "cadres": len(cadre_ids),
            "assignments": assignments,
            "policies": {c.pk: c.policy_code for c in counties},
        }

    def _attendance(self, world: dict[str, Any], year: int, rng: random.Random) -> tuple[int, int]:
        first = datetime.date(year, 1, 1)
        n_days = 366 if calendar.isleap(year) else 365
        dates = [first + datetime.timedelta(days=i) for i in range(n_days)]
        iso = [d.isoformat() for d in dates]
        policies = {
            (cid, m): rules.policy_for(code, datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for cid, code in world["policies"].items()
            for m in range(1, 13)
        }
        postgres = connection.vendor == "postgresql"
        total = 0
        buffer = io.StringIO()
        summary_rows: list[str] = []
        summary_objs: list[CadreMonthSummary] = []
        day_objs: list[AttendanceDay] = []
        pending = 0
        statuses = ("in_village", "leave", "business", "absent")
        for cadre_id, team_id, township_id, county_id, start in world["assignments"]:
            weak = rng.random() < 0.08  # under the minimum
            p_in = 0.62 if weak else 0.80
            counts = [[0, 0, 0, 0, 0] for _ in range(13)]
            for i, d in enumerate(dates):
                if d < start:
                    continue
                r = rng.random()
                if r < p_in:
                    s, night = 0, r < p_in * 0.85
                elif r < p_in + 0.05:
                    s, night = 1, False
                elif r < p_in + 0.09:
                    s, night = 2, False
                elif r < p_in + 0.11:
                    s, night = 3, False
                else:
                    continue
                c = counts[d.month]
                c[s] += 1
                c[4] += night
                if postgres:
                    buffer.write(
                        f"{cadre_id}\t{iso[i]}\t{statuses[s]}\t{'t' if night else 'f'}\t{team_id}\t{county_id}\t{township_id}\tgrid\n"
                    )
                else:
                    day_objs.append(
                        AttendanceDay(
                            cadre_id=cadre_id,
                            date=d,
                            status=statuses[s],
                            night_in_village=night,
                            team_id=team_id,
                            county_id=county_id,
                            township_id=township_id,
                            source="grid",
                        )
                    )
                pending += 1
            for m in range(1, 13):
                m_last = datetime.date(year, m, calendar.monthrange(year, m)[1])
                if m_last < start:
                    continue
                period = m_last.day
                assigned = period if start <= datetime.date(year, m, 1) else (m_last - start).days + 1
                c = counts[m]
                verdict = month_verdict(
                    policies[(county_id, m)], year=year, month=m, in_village=c[0], assigned_days=assigned
                )
                required, compliant = verdict.required, verdict.compliant
                if postgres:
                    req = NULL if required is None else str(required)
                    ok = NULL if compliant is None else ("t" if compliant else "f")
                    summary_rows.append(
                        f"{cadre_id}\t{year}\t{m}\t{county_id}\t{township_id}\t{team_id}\t{c[0]}\t{c[1]}\t{c[2]}\t{c[3]}\t"
                        f"{c[4]}\t{assigned}\t{req}\t{ok}\n"
                    )
                else:
                    summary_objs.append(
                        CadreMonthSummary(
                            cadre_id=cadre_id,
                            year=year,
                            month=m,
                            county_id=county_id,
                            township_id=township_id,
                            team_id=team_id,
                            in_village=c[0],
                            leave=c[1],
                            business=c[2],
                            absent=c[3],
                            nights=c[4],
                            assigned_days=assigned,
                            required=required,
                            compliant=compliant,
                        )
                    )
            if pending >= 500_000:
                total += self._flush(buffer, day_objs)
                buffer, day_objs, pending = io.StringIO(), [], 0
        total += self._flush(buffer, day_objs)
        if postgres:
            data = io.StringIO("".join(summary_rows))
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {CadreMonthSummary._meta.db_table} (cadre_id, year, month, county_id, township_id, team_id, in_village, "
                    "leave, business, absent, nights, assigned_days, required, compliant) FROM STDIN",
                    data,
                )
            count = len(summary_rows)
        else:
            CadreMonthSummary.objects.bulk_create(summary_objs, batch_size=5000)
            count = len(summary_objs)
        return total, count

    def _skip_fk_triggers(self, on: bool) -> bool:
        """The rows are generated consistent with the tables just written, so a superuser may load them
        without per-row foreign-key triggers (PostgreSQL ``session_replication_role``); others cannot."""
        if connection.vendor != "postgresql":
            return False
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET session_replication_role = {'replica' if on else 'origin'}")
        except Exception:  # noqa: BLE001 - not a superuser: keep the triggers
            return False
        return True

    def _flush(self, buffer: io.StringIO, objs: list[AttendanceDay]) -> int:
        if connection.vendor == "postgresql":
            size = buffer.getvalue().count("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {AttendanceDay._meta.db_table} (cadre_id, date, status, night_in_village, team_id, county_id, township_id, source) "
                    "FROM STDIN",
                    buffer,
                )
            return size
        AttendanceDay.objects.bulk_create(objs, batch_size=5000)
        return len(objs)
