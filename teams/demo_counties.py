"""The demo's Qinghai and Sichuan counties: 海东市乐都区 (policy qinghai) and 广元市苍溪县 (sichuan), and
驻马店市遂平县 (zhumadian), the city's second county for its comparison (``build_neighbour``).

Built by ``build_demo`` after 西平县 and 平阴县, with a random generator of its own, so the first two
counties' rows (and the tests that know them) stay exactly as they were. Every policy's flows can be
tried by hand: each county has a county office and a township login, teams of the current term, and
teams that break their own policy's rules on purpose (see ``RULE_BREAKERS``).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from accounts.models import Office, User

from . import idcard
from .choices import Expertise, PartyStatus, PolicyCode, Rank, RegionLevel, Role, Sex, UnitKind, UnitLevel
from .demo import DEMO_PASSWORD, GIVEN, SURNAMES, DemoLogin, Term, create_regions, create_units
from .models import Cadre, DispatchingUnit, Membership, Region, Team, Village

SEED = 20261201  # not teams.demo.SEED: the first two counties keep their own sequence of draws
QINGHAI, SICHUAN = "630202", "510824"
COUNTY_CODES = (QINGHAI, SICHUAN)

# (code, name, level, parent code, policy) — township codes: county + 3 digits (1xx 镇, 2xx 乡).
REGIONS = [
    ("630000", "青海省", RegionLevel.PROVINCE, None, ""),
    ("630200", "海东市", RegionLevel.CITY, "630000", ""),
    (QINGHAI, "乐都区", RegionLevel.COUNTY, "630200", PolicyCode.QINGHAI),
    ("630202100", "碾伯镇", RegionLevel.TOWNSHIP, QINGHAI, ""),
    ("630202101", "雨润镇", RegionLevel.TOWNSHIP, QINGHAI, ""),
    ("630202102", "高庙镇", RegionLevel.TOWNSHIP, QINGHAI, ""),
    ("630202200", "中坝藏族乡", RegionLevel.TOWNSHIP, QINGHAI, ""),
    ("510000", "四川省", RegionLevel.PROVINCE, None, ""),
    ("510800", "广元市", RegionLevel.CITY, "510000", ""),
    (SICHUAN, "苍溪县", RegionLevel.COUNTY, "510800", PolicyCode.SICHUAN),
    ("510824100", "陵江镇", RegionLevel.TOWNSHIP, SICHUAN, ""),
    ("510824101", "元坝镇", RegionLevel.TOWNSHIP, SICHUAN, ""),
    ("510824102", "东溪镇", RegionLevel.TOWNSHIP, SICHUAN, ""),
    ("510824103", "歧坪镇", RegionLevel.TOWNSHIP, SICHUAN, ""),
]

# Village names differ from every name of the first two counties: tests look villages up by name.
VILLAGES = {
    "630202100": ["大古城村", "七里店村", "水磨营村"],
    "630202101": ["深沟村", "汉庄村", "兰家村"],
    "630202102": ["老鸦村", "柳树湾村", "晁马家村"],
    "630202200": ["中坝村", "马场村", "荒草湾村"],
    "510824100": ["红旗村", "三会村", "石门村"],
    "510824101": ["天星村", "柏杨村", "福星村"],
    "510824102": ["龙王村", "梨园村", "双河村"],
    "510824103": ["回龙村", "金银村", "五一村"],
}
ETHNIC_TOWNSHIPS = {"630202200"}  # 中坝藏族乡: 民族地区
CENTRES = {
    QINGHAI: (Decimal("36.482"), Decimal("102.401")),
    SICHUAN: (Decimal("31.732"), Decimal("105.934")),
}

# (name, level, kind, headcount, region code). Qinghai teams take a township member from the
# township's own government (QH-TEAM); Sichuan's provincial unit dispatches by its staff (SC-QUOTA).
UNITS = [
    ("青海省农业农村厅", UnitLevel.PROVINCE, UnitKind.ORGAN, 210, "630000"),
    ("海东市财政局", UnitLevel.CITY, UnitKind.ORGAN, 90, "630200"),
    ("乐都区教育局", UnitLevel.COUNTY, UnitKind.ORGAN, 80, QINGHAI),
    ("乐都区人民医院", UnitLevel.COUNTY, UnitKind.INSTITUTION, 650, QINGHAI),
    ("乐都区农业农村和科技局", UnitLevel.COUNTY, UnitKind.ORGAN, 60, QINGHAI),
    ("碾伯镇人民政府", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 45, "630202100"),
    ("雨润镇人民政府", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 38, "630202101"),
    ("高庙镇人民政府", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 36, "630202102"),
    ("中坝藏族乡人民政府", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 28, "630202200"),
    ("四川省农业农村厅", UnitLevel.PROVINCE, UnitKind.ORGAN, 260, "510000"),
    ("广元市农业农村局", UnitLevel.CITY, UnitKind.ORGAN, 110, "510800"),
    ("苍溪县财政局", UnitLevel.COUNTY, UnitKind.ORGAN, 55, SICHUAN),
    ("苍溪县人民医院", UnitLevel.COUNTY, UnitKind.INSTITUTION, 700, SICHUAN),
    ("苍溪县农业农村局", UnitLevel.COUNTY, UnitKind.ORGAN, 65, SICHUAN),
    ("陵江镇人民政府", UnitLevel.TOWNSHIP, UnitKind.ORGAN, 45, "510824100"),
]

# Teams that break their county's policy on purpose, by village name: what they break.
RULE_BREAKERS = {
    "七里店村": "only two members, no township member (QH-TEAM)",
    "汉庄村": "no first secretary; the leader is a member (QH-TEAM)",
    "柳树湾村": "a member over 45 on the day of posting (QH-AGE)",
    "兰家村": "the first secretary is a probationary party member (QH-FS-PARTY)",
    "三会村": "only two members (SC-TEAM)",
    "柏杨村": "no first secretary; the leader is a member below section rank (SC-TEAM)",
    "荒草湾村": "an ethnic-area team where no member speaks both languages (QH-BILINGUAL)",
    "双河村": "a member who is not on the establishment (SC-STAFF)",
}
UNTEAMED = {"五一村"}  # a village without a team this term


LOGINS = [
    DemoLogin("county_qh", Office.COUNTY_ORG_DEPT, "乐都区委组织部", "祁永录", "青海省政策"),
    DemoLogin("township_qh", Office.TOWNSHIP_COMMITTEE, "乐都区碾伯镇党委", "李生福"),
    DemoLogin("county_sc", Office.COUNTY_ORG_DEPT, "苍溪县委组织部", "何光明", "四川省政策"),
    DemoLogin("township_sc", Office.TOWNSHIP_COMMITTEE, "苍溪县陵江镇党委", "王雪梅"),
]
# The province's read-only office (省委组织部 / 省乡村振兴局) over Sichuan: it oversees counties, so it
# has none of a county's pages of its own (考勤) and is listed apart from the county logins.
PROVINCE_LOGINS = [
    DemoLogin("province", Office.PROVINCE_OVERSIGHT, "四川省委组织部", "罗建川", "只读，四川省各县"),
]


LOGIN_REGIONS = {
    "county_qh": QINGHAI,
    "township_qh": "630202100",
    "county_sc": SICHUAN,
    "township_sc": "510824100",
    "province": "510000",
}


def build_counties(today: datetime.date, term: Term) -> None:
    """Add both counties to a database that already holds the first two (inside ``build_demo``)."""
    rng = random.Random(SEED)
    used = set(Cadre.objects.values_list("name", flat=True))

    def new_name() -> str:
        while True:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            if name not in used:
                used.add(name)
                return name

    regions = create_regions(REGIONS)
    units = create_units(UNITS, regions)
    township_units = {rc: units[name] for name, level, _, _, rc in UNITS if level == UnitLevel.TOWNSHIP}
    pools = {  # each county's pairing units: its province's, city's and its own, not the townships'
        county: [
            units[n] for n, level, _, _, rc in UNITS if level != UnitLevel.TOWNSHIP and rc[:2] == county[:2]
        ]
        for county in COUNTY_CODES
    }
    sequence = 0

    def new_cadre(
        county: str, unit: DispatchingUnit, *, first_secretary: bool, born: datetime.date | None = None
    ) -> Cadre:
        nonlocal sequence
        sequence += 1
        sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
        # 28 to 44 this year: under Qinghai's 45 both on the posting day and today.
        birth = born or datetime.date(
            rng.randint(today.year - 44, today.year - 28), rng.randint(1, 12), rng.randint(1, 28)
        )
        if first_secretary:
            # QH-FS-RANK: 处级 from a provincial or city organ, 科级 from a county organ or an institution.
            rank = Rank.DIVISION if unit.level in (UnitLevel.PROVINCE, UnitLevel.CITY) else Rank.SECTION
            party = PartyStatus.MEMBER
        else:
            rank = rng.choice([Rank.SECTION, Rank.BELOW_SECTION, Rank.BELOW_SECTION])
            party = PartyStatus.MEMBER if rng.random() < 0.85 else PartyStatus.LEAGUE
        return Cadre.objects.create(
            id_number=idcard.make(county, birth, sequence, sex),
            name=new_name(),
            sex=sex,
            birth_date=birth,
            party_status=party,
            rank=rank,
            is_reserve=first_secretary and rng.random() < 0.3,
            expertise=rng.choice(list(Expertise.values)),
            phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            county=regions[county],
            # 在编在岗 (SC-STAFF) recorded for most; every tenth not recorded, so the check says nothing.
            is_on_staff=None if sequence % 10 == 0 else True,
        )

    for township_code, village_names in VILLAGES.items():
        county = township_code[:6]
        lat0, lon0 = CENTRES[county]
        for i, name in enumerate(village_names):
            village = Village.objects.create(
                township=regions[township_code],
                name=name,
                code=f"{township_code}{200 + i:03d}",
                is_registered_poor=name in UNTEAMED or rng.random() < 0.7,
                is_ethnic_area=township_code in ETHNIC_TOWNSHIPS,
                latitude=lat0 + Decimal(rng.randint(-900, 900)) / 10000,
                longitude=lon0 + Decimal(rng.randint(-900, 900)) / 10000,
                poverty_exit_date=datetime.date(2019 + rng.randint(0, 1), 12, 31)
                if rng.random() < 0.5
                else None,
            )
            if name in UNTEAMED:
                continue
            team = Team.objects.create(village=village, term_start=term.start, term_end=term.end)
            slots = _slots(county, name, rng.randint(3, 4))
            pool = rng.sample(pools[county], k=len(pools[county]))
            for index, (role, leader, origin) in enumerate(slots):
                # Qinghai: the first secretary and one member come from the same pairing unit (结对帮扶单位).
                unit = (
                    township_units[township_code]
                    if origin == "township"
                    else pool[0 if county == QINGHAI else index % len(pool)]
                )
                if county == SICHUAN and name == "石门村" and index == len(slots) - 1:
                    unit = township_units["510824100"]
                is_fs = role == Role.FIRST_SECRETARY
                born = (
                    datetime.date(term.start.year - 50, 6, 15) if name == "柳树湾村" and index == 2 else None
                )
                cadre = new_cadre(county, unit, first_secretary=is_fs, born=born)
                if township_code in ETHNIC_TOWNSHIPS:
                    # 双语 recorded in the ethnic township (QH-BILINGUAL): the first secretary speaks both
                    # (but for 荒草湾村's, the team that breaks it).
                    cadre.is_bilingual = is_fs and name != "荒草湾村"
                    cadre.save(update_fields=["is_bilingual"])
                if name == "双河村" and index == len(slots) - 1:
                    cadre.is_on_staff = False  # SC-STAFF: 原则上应为在编在岗干部职工
                    cadre.save(update_fields=["is_on_staff"])
                if name == "兰家村" and is_fs:
                    cadre.party_status = PartyStatus.PROBATIONARY
                    cadre.save(update_fields=["party_status"])
                if name == "柏杨村" and leader:
                    cadre.rank = Rank.BELOW_SECTION
                    cadre.save(update_fields=["rank"])
                Membership.objects.create(
                    team=team,
                    cadre=cadre,
                    role=role,
                    is_leader=leader,
                    dispatching_unit=unit,
                    start=term.start,
                    end=term.end,
                )
    # One hash for the five logins: the password is the demo's published one, and each hash costs time.
    password = make_password(DEMO_PASSWORD)
    for login in LOGINS + PROVINCE_LOGINS:
        User.objects.create(
            username=login.username,
            office=login.office,
            first_name=login.description,
            last_name=login.person,
            region=regions[LOGIN_REGIONS[login.username]],
            password=password,
        )
    build_neighbour(term)


def _slots(county: str, village: str, size: int) -> list[tuple[str, bool, str]]:
    """(role, is leader, origin) of each member: origin ``pairing`` or ``township``."""
    fs, member = Role.FIRST_SECRETARY.value, Role.MEMBER.value
    if county == QINGHAI:
        # QH-TEAM: the first secretary (leader), one cadre of the pairing unit, one of the township.
        slots = [(fs, True, "pairing"), (member, False, "pairing"), (member, False, "township")]
        if village == "七里店村":
            return slots[:2]
        if village == "汉庄村":
            return [(member, True, "pairing"), (member, False, "pairing"), (member, False, "township")]
        return slots
    if village == "三会村":
        return [(fs, True, "pairing"), (member, False, "pairing")]
    if village == "柏杨村":
        return [(member, True, "pairing"), (member, False, "pairing"), (member, False, "pairing")]
    return [(fs, True, "pairing")] + [(member, False, "pairing")] * (size - 1)


# --- 遂平县: a second county of 驻马店市, so the city's comparison has two counties side by side ---------

NEIGHBOUR = "411728"
NEIGHBOUR_SEED = SEED + 1  # its own draws: the counties above stay exactly as they were
NEIGHBOUR_REGIONS = [
    (NEIGHBOUR, "遂平县", RegionLevel.COUNTY, "411700", PolicyCode.ZHUMADIAN),
    ("411728104", "嵖岈山镇", RegionLevel.TOWNSHIP, NEIGHBOUR, ""),
    ("411728108", "阳丰镇", RegionLevel.TOWNSHIP, NEIGHBOUR, ""),
]
NEIGHBOUR_VILLAGES = {
    "411728104": ["嵖岈山村", "土山村", "魏庄村"],
    "411728108": ["阳丰村", "和兴村", "石寨铺村"],
}
NEIGHBOUR_CENTRE = (Decimal("33.147"), Decimal("113.876"))
NEIGHBOUR_UNITS = [
    ("遂平县农业农村局", UnitLevel.COUNTY, UnitKind.ORGAN, 70, NEIGHBOUR),
    ("遂平县人民医院", UnitLevel.COUNTY, UnitKind.INSTITUTION, 600, NEIGHBOUR),
    ("遂平县财政局", UnitLevel.COUNTY, UnitKind.ORGAN, 50, NEIGHBOUR),
]


def build_neighbour(term: Term) -> None:
    """遂平县 (Zhumadian policy): two townships, six villages with coordinates, a team of three in each,
    sent by its own units. No login of its own: the ``city`` login reads it. Its
    attendance is the attendance demo's, which covers every county but 乐都区 and 苍溪县."""

    rng = random.Random(NEIGHBOUR_SEED)
    regions = {r.code: r for r in Region.objects.filter(code="411700")}
    for code, name, level, parent, policy in NEIGHBOUR_REGIONS:
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent=regions[parent], policy_code=policy
        )
    # Its own units only: assessment.demo adds one login per unit and county, and would add a unit that
    # serves 西平县 too a second time.
    units = list(create_units(NEIGHBOUR_UNITS, regions).values())
    used = set(Cadre.objects.values_list("name", flat=True))
    sequence = 0
    lat0, lon0 = NEIGHBOUR_CENTRE
    for township_code, names in NEIGHBOUR_VILLAGES.items():
        for i, name in enumerate(names):
            village = Village.objects.create(
                township=regions[township_code],
                name=name,
                code=f"{township_code}{200 + i:03d}",
                is_registered_poor=rng.random() < 0.6,
                latitude=lat0 + Decimal(rng.randint(-700, 700)) / 10000,
                longitude=lon0 + Decimal(rng.randint(-700, 700)) / 10000,
            )
            team = Team.objects.create(village=village, term_start=term.start, term_end=term.end)
            for index in range(3):
                sequence += 1
                while (person := rng.choice(SURNAMES) + rng.choice(GIVEN)) in used:
                    pass
                used.add(person)
                sex = Sex.MALE if rng.random() < 0.7 else Sex.FEMALE
                birth = datetime.date(rng.randint(1978, 1996), rng.randint(1, 12), rng.randint(1, 28))
                cadre = Cadre.objects.create(
                    id_number=idcard.make(NEIGHBOUR, birth, sequence, sex),
                    name=person,
                    sex=sex,
                    birth_date=birth,
                    party_status=PartyStatus.MEMBER,
                    rank=Rank.SECTION if index == 0 else Rank.BELOW_SECTION,
                    expertise=rng.choice(list(Expertise.values)),
                    phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                    county=regions[NEIGHBOUR],
                    is_on_staff=True,
                )
                Membership.objects.create(
                    team=team,
                    cadre=cadre,
                    role=Role.FIRST_SECRETARY if index == 0 else Role.MEMBER,
                    is_leader=index == 0,
                    dispatching_unit=units[(i + index) % len(units)],
                    start=term.start,
                    end=term.end,
                )
