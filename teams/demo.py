"""The demo world: a county under each of the four policies, deterministic, with teams that break rules on
purpose (西平县 and 平阴县 here; 乐都区 and 苍溪县 in ``demo_counties``).

Built by ``manage.py demo_data``; tests use it too, so what a new user sees is what is tested.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import Office, User

from . import idcard
from .choices import Expertise, PartyStatus, PolicyCode, Rank, RegionLevel, Role, Sex, UnitKind, UnitLevel
from .models import Cadre, DispatchingUnit, Membership, Region, Team, Village

DEMO_PASSWORD = "zhucun-demo"
SEED = 20261124
# The demo's teams serve a two-year term that is 20 months old on the day the demo is built, so a year
# of attendance lies behind ``today`` and pending leave still fits before the term ends, on any day.
TERM_MONTHS = 24
TERM_AGE_MONTHS = 20


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Term:
    start: datetime.date
    end: datetime.date


def demo_term(today: datetime.date) -> Term:
    """The current term of the demo teams (built on 2026-11-24: 2025-03-01 – 2027-02-28)."""
    start = _add_months(today.replace(day=1), -TERM_AGE_MONTHS)
    return Term(start, _add_months(start, TERM_MONTHS) - datetime.timedelta(days=1))


def previous_term(today: datetime.date) -> Term:
    """The term before it, shown in a few villages so history and rotation are visible."""
    current = demo_term(today)
    return Term(_add_months(current.start, -TERM_MONTHS), current.start - datetime.timedelta(days=1))


# (code, name, level, parent code, policy)
REGIONS = [
    ("410000", "河南省", RegionLevel.PROVINCE, None, ""),
    ("411700", "驻马店市", RegionLevel.CITY, "410000", ""),
    ("411721", "西平县", RegionLevel.COUNTY, "411700", PolicyCode.ZHUMADIAN),
    ("411721001", "柏城街道", RegionLevel.TOWNSHIP, "411721", ""),
    ("411721101", "五沟营镇", RegionLevel.TOWNSHIP, "411721", ""),
    ("411721102", "权寨镇", RegionLevel.TOWNSHIP, "411721", ""),
    ("411721103", "师灵镇", RegionLevel.TOWNSHIP, "411721", ""),
    ("370000", "山东省", RegionLevel.PROVINCE, None, ""),
    ("370100", "济南市", RegionLevel.CITY, "370000", ""),
    ("370124", "平阴县", RegionLevel.COUNTY, "370100", PolicyCode.JINAN),
    ("370124001", "榆山街道", RegionLevel.TOWNSHIP, "370124", ""),
    ("370124101", "东阿镇", RegionLevel.TOWNSHIP, "370124", ""),
    ("370124102", "孝直镇", RegionLevel.TOWNSHIP, "370124", ""),
    ("370124103", "孔村镇", RegionLevel.TOWNSHIP, "370124", ""),
]

VILLAGES = {
    "411721001": ["张庄村", "杨庄村", "后营村", "谭店村", "小王庄村", "赵楼村"],
    "411721101": ["五沟营村", "李楼村", "郭庄村", "韩湾村", "沟北村", "刘庄村"],
    "411721102": ["权寨村", "胡庄村", "孟店村", "冯营村", "前湾村", "蔡寨村"],
    "411721103": ["师灵村", "石庄村", "邢店村", "盆尧村", "东岗村", "宋庄村"],
    "370124001": ["刁山坡村", "胡庄村", "王楼村", "西关村"],
    "370124101": ["东阿村", "南市村", "北市村", "黄营村"],
    "370124102": ["孝直村", "刘官庄村", "杨庄村", "北岳村"],
    "370124103": ["孔村", "李沟村", "南栾湾村", "前转湾村"],
}
CENTRES = {
    "411721": (Decimal("33.382"), Decimal("114.021")),
    "370124": (Decimal("36.289"), Decimal("116.456")),
}

# (name, level, kind, headcount, region code)
UNITS = [
    ("河南省农业农村厅", UnitLevel.PROVINCE, UnitKind.ORGAN, 320, "410000"),
    ("驻马店市财政局", UnitLevel.CITY, UnitKind.ORGAN, 120, "411700"),
    ("驻马店市中心医院", UnitLevel.CITY, UnitKind.INSTITUTION, 1500, "411700"),
    ("西平县教育局", UnitLevel.COUNTY, UnitKind.ORGAN, 60, "411721"),
    ("西平县人民医院", UnitLevel.COUNTY, UnitKind.INSTITUTION, 820, "411721"),
    ("国网西平县供电公司", UnitLevel.COUNTY, UnitKind.ENTERPRISE, 210, "411721"),
    ("西平县农业农村局", UnitLevel.COUNTY, UnitKind.ORGAN, 45, "411721"),
    ("西平县自然资源局", UnitLevel.COUNTY, UnitKind.ORGAN, 40, "411721"),
    ("济南市农业农村局", UnitLevel.CITY, UnitKind.ORGAN, 150, "370100"),
    ("济南市城乡交通运输局", UnitLevel.CITY, UnitKind.ORGAN, 200, "370100"),
    ("平阴县财政局", UnitLevel.COUNTY, UnitKind.ORGAN, 50, "370124"),
    ("平阴县人民医院", UnitLevel.COUNTY, UnitKind.INSTITUTION, 600, "370124"),
    ("平阴县供销合作社", UnitLevel.COUNTY, UnitKind.ENTERPRISE, 30, "370124"),
    ("平阴县教育和体育局", UnitLevel.COUNTY, UnitKind.ORGAN, 70, "370124"),
    ("平阴县榆山街道办事处", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 40, "370124001"),
]

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "慧",
    "建国",
    "建华",
    "国强",
    "志刚",
    "海燕",
    "红梅",
    "晓东",
    "立新",
    "文博",
    "雪",
    "鹏",
    "婷",
    "宇",
    "浩然",
    "子涵",
    "佳怡",
    "俊杰",
    "思远",
    "振华",
    "春雨",
    "凤英",
    "玉兰",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    office: str
    description: str  # the office as people read it (the user's first_name)
    person: str = ""  # who holds the login (last_name); a cadre's login shows the cadre's name
    note: str = ""  # what the demo list adds for whoever tries the demo


LOGINS = [
    DemoLogin("county", Office.COUNTY_ORG_DEPT, "西平县委组织部", "王建国"),
    DemoLogin("bureau", Office.COUNTY_RURAL_BUREAU, "西平县乡村振兴局", "李红梅"),
    DemoLogin("township", Office.TOWNSHIP_COMMITTEE, "西平县五沟营镇党委", "张志强"),
    DemoLogin("unit", Office.DISPATCHING_UNIT, "西平县教育局", "刘洋", "派出单位，只看本单位选派的干部"),
    DemoLogin("cadre", Office.CADRE, "五沟营镇李楼村第一书记", note="西平县教育局选派"),
    DemoLogin("city", Office.CITY_OVERSIGHT, "驻马店市委组织部", "赵明", "只读"),
    DemoLogin("county2", Office.COUNTY_ORG_DEPT, "平阴县委组织部", "孙丽"),
    DemoLogin("admin", "", "系统管理员", note="Django 管理后台 /admin/"),
]

# Teams that break a rule on purpose, by village name: what they break.
RULE_BREAKERS = {
    "赵楼村": "only two members (ZMD-TEAM)",
    "刘庄村": "no first secretary; the leader is a member (ZMD-TEAM)",
    "冯营村": "a member aged over 45 (QH-AGE would flag it under a Qinghai policy)",
    "王楼村": "only two members (JN-TEAM-SIZE)",
    "黄营村": "a provincial key village with a member sent by a township office (JN-TEAM-ORIGIN)",
    "北岳村": "the leader is not the first secretary (JN-LEADER)",
}


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if name not in self.used:
                self.used.add(name)
                return name


def create_regions(rows: Sequence[tuple[str, str, str, str | None, str]]) -> dict[str, Region]:
    """(code, name, level, parent code, policy) rows, parents first → the regions by code."""
    regions: dict[str, Region] = {}
    for code, name, level, parent, policy in rows:
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent=regions.get(parent or ""), policy_code=policy
        )
    return regions


def create_units(
    rows: Sequence[tuple[str, str, str, int, str]], regions: dict[str, Region]
) -> dict[str, DispatchingUnit]:
    """(name, level, kind, headcount, region code) rows → the units by name."""
    return {
        name: DispatchingUnit.objects.create(
            # 干部职工人数 (SC-QUOTA's base) counts staff outside the establishment too: a quarter more.
            name=name,
            level=level,
            kind=kind,
            headcount=head,
            staff_total=head + head // 4,
            region=regions[rc],
        )
        for name, level, kind, head, rc in rows
    }


@transaction.atomic
def build_demo(today: datetime.date) -> dict[str, int]:
    """Create the demo world, as it stands on ``today``, in an empty database; returns counts."""
    rng = random.Random(SEED)
    term, previous = demo_term(today), previous_term(today)
    names = _Names(rng)
    regions = create_regions(REGIONS)
    villages: list[Village] = []
    for township_code, village_names in VILLAGES.items():
        lat0, lon0 = CENTRES[township_code[:6]]
        for i, name in enumerate(village_names):
            villages.append(
                Village.objects.create(
                    township=regions[township_code],
                    name=name,
                    code=f"{township_code}{200 + i:03d}",
                    is_registered_poor=rng.random() < 0.7,
                    is_weak_party_org=rng.random() < 0.2,
                    has_no_industry=rng.random() < 0.3,
                    latitude=lat0 + Decimal(rng.randint(-900, 900)) / 10000,
                    longitude=lon0 + Decimal(rng.randint(-900, 900)) / 10000,
                    poverty_exit_date=datetime.date(2019 + rng.randint(0, 1), 12, 31)
                    if rng.random() < 0.6
                    else None,
                    # Facts without draws (the rng sequence stays as it was): every second Jinan village
                    # is a provincial key village (JN-TEAM-ORIGIN binds there, 黄营村 among them); the
                    # first of each Jinan township has resources it does not use (JN-MATCH).
                    is_key_village=township_code.startswith("370124") and i % 2 == 1,
                    has_untapped_resources=township_code.startswith("370124") and i == 0,
                )
            )
    units = create_units(UNITS, regions)
    county_units = {
        "411721": [u for n, u in units.items() if not n.startswith(("济南", "平阴"))],
        "370124": [
            u for n, u in units.items() if n.startswith(("济南", "平阴")) and u.level != UnitLevel.TOWNSHIP
        ],
    }
    sequence = 0

    def new_cadre(county_code: str, *, first_secretary: bool, born: datetime.date | None = None) -> Cadre:
        nonlocal sequence
        sequence += 1
        sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
        # Aged 28 to 48 in the year the demo is built (only 冯营村's rule breaker is older on purpose).
        birth = born or datetime.date(
            rng.randint(today.year - 48, today.year - 28), rng.randint(1, 12), rng.randint(1, 28)
        )
        party = (
            PartyStatus.MEMBER
            if first_secretary or rng.random() < 0.85
            else rng.choice([PartyStatus.PROBATIONARY, PartyStatus.LEAGUE, PartyStatus.NONE])
        )
        return Cadre.objects.create(
            id_number=idcard.make(county_code, birth, sequence, sex),
            name=names.next(),
            sex=sex,
            birth_date=birth,
            party_status=party,
            rank=rng.choice([Rank.SECTION, Rank.DIVISION])
            if first_secretary
            else rng.choice([Rank.SECTION, Rank.BELOW_SECTION, Rank.BELOW_SECTION]),
            is_reserve=first_secretary and rng.random() < 0.4,
            expertise=rng.choice(list(Expertise.values)),
            phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            county=regions[county_code],
            # 在编在岗 recorded for most; every tenth not recorded (SC-STAFF then says nothing). 双语 is
            # not recorded in these two counties: neither lies in an ethnic area.
            is_on_staff=None if sequence % 10 == 0 else True,
        )

    def member(
        team: Team,
        cadre: Cadre,
        role: str,
        unit: DispatchingUnit,
        *,
        leader: bool = False,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
    ) -> Membership:
        return Membership.objects.create(
            team=team,
            cadre=cadre,
            role=role,
            is_leader=leader,
            dispatching_unit=unit,
            start=start or team.term_start,
            end=end if end is not None else team.term_end,
        )

    previous_members: list[tuple[Cadre, DispatchingUnit]] = []
    for index, village in enumerate(villages):
        county_code = village.township.parent.code  # type: ignore[union-attr]
        pool = county_units[county_code]
        # A few villages show a previous term, so history and rotation are visible.
        if index % 7 == 0:
            old = Team.objects.create(village=village, term_start=previous.start, term_end=previous.end)
            for role in (Role.FIRST_SECRETARY, Role.MEMBER, Role.MEMBER):
                cadre, unit = (
                    new_cadre(county_code, first_secretary=role == Role.FIRST_SECRETARY),
                    rng.choice(pool),
                )
                member(old, cadre, role, unit, leader=role == Role.FIRST_SECRETARY)
                previous_members.append((cadre, unit))
        team = Team.objects.create(village=village, term_start=term.start, term_end=term.end)
        breaks = village.name if village.name in RULE_BREAKERS else ""
        size = 2 if breaks in ("赵楼村", "王楼村") else 4
        unit_cycle = rng.sample(pool, k=min(len(pool), size))
        for slot in range(size):
            unit = unit_cycle[slot % len(unit_cycle)]
            is_fs = slot == 0 and breaks != "刘庄村"
            role = Role.FIRST_SECRETARY if is_fs else Role.MEMBER
            leader = (slot == 0 and breaks != "北岳村") or (breaks == "北岳村" and slot == 1)
            born = datetime.date(today.year - 52, 6, 15) if breaks == "冯营村" and slot == 2 else None
            if breaks == "黄营村" and slot == 3:
                unit = units["平阴县榆山街道办事处"]
            # Some of the previous term's members serve again in another village (no overlap).
            if (
                slot == 3
                and previous_members
                and village.township.parent_id == previous_members[0][0].county_id
            ):
                cadre, unit = previous_members.pop(0)
            else:
                cadre = new_cadre(county_code, first_secretary=is_fs, born=born)
            if village.name == "李楼村" and slot == 0:
                unit = units["西平县教育局"]
            member(team, cadre, role, unit, leader=leader)
    # A mid-term change half a year ago: one member left and a replacement arrived (ZMD-CHANGE material).
    changed = Membership.objects.filter(team__village__name="谭店村", role=Role.MEMBER).order_by("pk").first()
    if changed is not None:
        changed.end = _add_months(today.replace(day=1), -6) + datetime.timedelta(days=14)
        changed.save()
        replacement = new_cadre("411721", first_secretary=False)
        member(
            changed.team,
            replacement,
            Role.MEMBER,
            changed.dispatching_unit,
            start=changed.end + datetime.timedelta(days=1),
        )
    _create_logins(regions, units, term)
    from .demo_counties import build_counties  # a Qinghai and a Sichuan county, with their own draws

    build_counties(today, term)
    return {
        "regions": Region.objects.count(),
        "villages": Village.objects.count(),
        "units": DispatchingUnit.objects.count(),
        "cadres": Cadre.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Membership.objects.count(),
    }


def _create_logins(regions: dict[str, Region], units: dict[str, DispatchingUnit], term: Term) -> None:
    demo_cadre = Membership.objects.get(
        team__village__name="李楼村", team__term_start=term.start, role=Role.FIRST_SECRETARY
    ).cadre
    jurisdictions: dict[str, dict[str, object]] = {
        "county": {"region": regions["411721"]},
        "bureau": {"region": regions["411721"]},
        "township": {"region": regions["411721101"]},
        "unit": {"dispatching_unit": units["西平县教育局"]},
        "cadre": {"cadre": demo_cadre},
        "city": {"region": regions["411700"]},
        "county2": {"region": regions["370124"]},
        "admin": {},
    }
    for login in LOGINS:
        user = User(
            username=login.username,
            office=login.office,
            first_name=login.description,
            last_name=login.person,
            is_staff=login.username == "admin",
            is_superuser=login.username == "admin",
            **jurisdictions[login.username],
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
