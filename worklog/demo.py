"""A year of the work log for the demo counties (one per policy): log entries with household visits,
county and township meetings, linked leaders and their visits, the dispatching units' hearings and
visits, and five-must-visit cases. Some duties are met and some not, on purpose, so every check shows
both ways. Deterministic (a seeded generator): the same ``today`` builds the same rows."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Q

from accounts.models import Office, User
from teams.choices import PolicyCode, RegionLevel
from teams.models import Membership, Region, Team
from teams.rules.facts import CARE_SITUATIONS

from .models import (
    CareCase,
    EntryKind,
    Household,
    LinkLeader,
    LogEntry,
    Meeting,
    MeetingLevel,
    SupportKind,
    SupportVisit,
    VillageHouseholds,
)
from .selectors import month_bounds, quarter_bounds

HOUSEHOLDS_PER_VILLAGE = 12
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英海军桂兰永强玉梅志华春燕德明丽红"
SUMMARIES = {
    EntryKind.VISIT: "入户走访，了解生产生活情况和困难诉求",
    EntryKind.MEETING: "参加村“两委”会议，研究产业发展事项",
    EntryKind.PROJECT: "察看村集体经济项目进度",
    EntryKind.MEDIATION: "调解邻里宅基地纠纷",
    EntryKind.SERVICE: "代办医保、养老保险事项",
    EntryKind.OTHER: "整理驻村工作台账",
}


def _office_user(region: Region, office: str) -> User | None:
    return User.objects.filter(office=office, region=region).order_by("pk").first()


def _quarters(today: datetime.date) -> list[tuple[int, int]]:
    """The four quarters up to today's, oldest first."""
    year, q = today.year, (today.month - 1) // 3 + 1
    found = []
    for _ in range(4):
        found.append((year, q))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return found[::-1]


def _clip(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today)


@transaction.atomic
def build_worklog_demo(today: datetime.date) -> dict[str, int]:
    rng = random.Random(20261124)
    fallback = (
        User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    )
    if fallback is None:
        return {}
    year_ago = today - datetime.timedelta(days=365)
    quarters = _quarters(today)
    entries: list[LogEntry] = []
    entry_households: list[list[Household]] = []
    counts = {"驻村日志": 0, "农户": 0, "例会": 0, "联点领导": 0, "领导到村": 0, "五必访": 0}
    for county in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"):
        county_user = _office_user(county, Office.COUNTY_ORG_DEPT) or fallback
        teams = list(
            Team.objects.filter(village__township__parent=county, term_start__lte=today)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=year_ago))
            .select_related("village__township")
            .order_by("pk")
        )
        if not teams:
            continue
        for index, team in enumerate(teams):
            village = team.village
            houses = [
                Household(
                    village=village,
                    head_name=SURNAMES[(index + i) % len(SURNAMES)]
                    + GIVEN[(2 * i) % len(GIVEN)]
                    + GIVEN[(2 * i + 1) % len(GIVEN)],
                    doorplate=f"{i % 4 + 1}组{i + 1}号",
                    is_must_be_there=i == 0,
                    is_must_visit=i in (1, 2),
                )
                for i in range(HOUSEHOLDS_PER_VILLAGE)
            ]
            Household.objects.bulk_create(houses, ignore_conflicts=True)
            houses = list(Household.objects.filter(village=village).order_by("pk"))
            counts["农户"] += len(houses)
            # Half the villages: the count equals the demo's households, so every quarter's visits cover
            # them all; the other half count more households than were ever visited.
            total = len(houses) if index % 2 == 0 else len(houses) + 30
            VillageHouseholds.objects.update_or_create(
                village=village, defaults={"count": total, "updated_by": county_user}
            )
            members = list(
                Membership.objects.filter(team=team)
                .filter(Q(end__isnull=True) | Q(end__gte=year_ago))
                .select_related("cadre")
            )
            for year, q in quarters:
                start, end = quarter_bounds(year, q)
                start, end = max(start, team.term_start, year_ago), _clip(end, today)
                if start > end:
                    continue
                span = (end - start).days
                # Visits: even-indexed teams walk every household each quarter; the others a few.
                visit_houses = houses if index % 2 == 0 else houses[: 4 + rng.randrange(4)]
                for chunk in range(0, len(visit_houses), 4):
                    member = members[chunk // 4 % len(members)] if members else None
                    entries.append(
                        LogEntry(
                            team=team,
                            cadre=member.cadre if member else None,
                            kind=EntryKind.VISIT,
                            date=start + datetime.timedelta(days=rng.randrange(span + 1)),
                            place=village.name,
                            summary=SUMMARIES[EntryKind.VISIT],
                            created_by=county_user,
                        )
                    )
                    entry_households.append(visit_houses[chunk : chunk + 4])
                for kind in (EntryKind.MEETING, EntryKind.PROJECT, EntryKind.MEDIATION, EntryKind.SERVICE):
                    if rng.random() < 0.7:
                        member = rng.choice(members) if members else None
                        entries.append(
                            LogEntry(
                                team=team,
                                cadre=member.cadre if member and rng.random() < 0.8 else None,
                                kind=kind,
                                date=start + datetime.timedelta(days=rng.randrange(span + 1)),
                                place=village.name,
                                summary=SUMMARIES[kind],
                                created_by=county_user,
                            )
                        )
                        entry_households.append([])
        counts["例会"] += _meetings(county, county_user, quarters, today, rng)
        if county.policy_code == PolicyCode.QINGHAI:
            counts["联点领导"], visits, cases = _qinghai(county, county_user, teams, quarters, today)
            counts["领导到村"] += visits
            counts["五必访"] += cases
        if county.policy_code == PolicyCode.ZHUMADIAN:
            counts["领导到村"] += _unit_support(county_user, teams, today)
    LogEntry.objects.bulk_create(entries, batch_size=2000)
    through = LogEntry.households.through
    through.objects.bulk_create(
        [
            through(logentry_id=e.pk, household_id=h.pk)
            for e, hs in zip(entries, entry_households, strict=True)
            for h in hs
        ],
        batch_size=5000,
    )
    counts["驻村日志"] = len(entries)
    return counts


def _meetings(
    county: Region,
    county_user: User,
    quarters: list[tuple[int, int]],
    today: datetime.date,
    rng: random.Random,
) -> int:
    """A county meeting every quarter but the oldest; township meetings every month but every fourth."""
    serving = list(
        Membership.objects.filter(team__village__township__parent=county)
        .active_on(today)
        .values_list("cadre_id", "team__village__township_id")
    )
    made = 0
    for i, (year, q) in enumerate(quarters):
        start, end = quarter_bounds(year, q)
        if i == 0:
            continue
        meeting = Meeting.objects.create(
            level=MeetingLevel.COUNTY,
            region=county,
            date=_clip(start + datetime.timedelta(days=20), today),
            title=f"{year}年第{q}季度驻村工作队队长（第一书记）例会",
            minutes="通报本季度驻村工作情况，部署下季度重点任务。",
            created_by=county_user,
        )
        meeting.attendees.set([c for c, _ in serving[: max(1, len(serving) // 2)]])
        made += 1
    for township in Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code"):
        township_user = _office_user(township, Office.TOWNSHIP_COMMITTEE) or county_user
        attendees = [c for c, t in serving if t == township.pk]
        for back in range(12):
            month = (today.month - 1 - back) % 12 + 1
            year = today.year - (1 if month > today.month else 0)
            if back % 4 == 3:
                continue
            start, _ = month_bounds(year, month)
            day = _clip(start + datetime.timedelta(days=rng.randrange(5, 15)), today)
            meeting = Meeting.objects.create(
                level=MeetingLevel.TOWNSHIP,
                region=township,
                date=day,
                title=f"{year}年{month}月驻村干部例会",
                minutes="听取各工作队工作汇报，协调解决问题。",
                created_by=township_user,
            )
            meeting.attendees.set(attendees)
            made += 1
    return made


def _qinghai(
    county: Region,
    county_user: User,
    teams: list[Team],
    quarters: list[tuple[int, int]],
    today: datetime.date,
) -> tuple[int, int, int]:
    """A linked leader per village; every other village's leader skipped the latest quarter. Three care
    cases: one closed by a visit, two open."""
    leaders = visits = 0
    year_start = datetime.date(today.year - 1, 1, 1)
    for index, team in enumerate(teams):
        leader, _ = LinkLeader.objects.get_or_create(
            village=team.village,
            name=f"{SURNAMES[index % len(SURNAMES)]}副县长"
            if index % 3 == 0
            else f"{SURNAMES[index % len(SURNAMES)]}书记",
            defaults={"position": f"{county.name}联点领导", "start": year_start},
        )
        leaders += 1
        for i, (year, q) in enumerate(quarters):
            if i == len(quarters) - 1 and index % 2 == 1:
                continue
            start, end = quarter_bounds(year, q)
            day = _clip(start + datetime.timedelta(days=10), today)
            if day < start:
                continue
            SupportVisit.objects.create(
                kind=SupportKind.LINK_VISIT,
                date=day,
                team=team,
                link_leader=leader,
                visitor=leader.name,
                note="深入联点村调研，协调解决产业发展困难",
                created_by=county_user,
            )
            visits += 1
    cadres = list(
        Membership.objects.filter(team__in=teams)
        .active_on(today)
        .select_related("cadre", "team")
        .order_by("pk")[:3]
    )
    cases = 0
    for i, membership in enumerate(cadres):
        case = CareCase.objects.create(
            cadre=membership.cadre,
            situation=CARE_SITUATIONS[i % len(CARE_SITUATIONS)],
            opened_on=today - datetime.timedelta(days=40 - 10 * i),
            opened_by=county_user,
            note="乡镇党委反映",
        )
        cases += 1
        if i == 0:
            visit_day = case.opened_on + datetime.timedelta(days=3)
            SupportVisit.objects.create(
                kind=SupportKind.CARE_VISIT,
                date=visit_day,
                team=membership.team,
                care_case=case,
                visitor="县委组织部",
                note="谈心谈话，了解困难",
                created_by=county_user,
            )
            case.closed_on = visit_day
            case.save(update_fields=["closed_on"])
            visits += 1
    return leaders, visits, cases


def _unit_support(county_user: User, teams: list[Team], today: datetime.date) -> int:
    """ZMD-UNIT: even-indexed teams' units heard them each half year and visited enough; the others not."""
    made = 0
    for index, team in enumerate(teams):
        membership = (
            Membership.objects.filter(team=team).active_on(today).select_related("dispatching_unit").first()
        )
        if membership is None:
            continue
        unit = membership.dispatching_unit
        plan = (
            [
                (SupportKind.UNIT_HEARING, 3, 15),
                (SupportKind.UNIT_HEARING, 8, 10),
                (SupportKind.UNIT_HEAD_VISIT, 5, 20),
            ]
            + [(SupportKind.UNIT_LEADER_VISIT, m, 12) for m in (2, 4, 6, 9)]
            if index % 2 == 0
            else [(SupportKind.UNIT_LEADER_VISIT, 6, 8)]
        )
        for kind, month, dom in plan:
            day = datetime.date(today.year, month, dom)
            if day > today or membership.start > day:
                continue
            SupportVisit.objects.create(
                kind=kind,
                date=day,
                team=team,
                dispatching_unit=unit,
                visitor=f"{unit.name}负责同志",
                note="听取工作队汇报" if kind == SupportKind.UNIT_HEARING else "到村调研",
                created_by=county_user,
            )
            made += 1
    return made
