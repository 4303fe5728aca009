"""A small explicit world for the oversight measures: one Zhumadian county of its own (测试县) with one
township, one team and two cadres, and the days each test writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Office, User
from attendance.days.summary import summaries_refresh
from attendance.models import AttendanceDay, AttendanceSource, AttendanceStatus
from teams import idcard
from teams.choices import PolicyCode, RegionLevel, Role, UnitKind, UnitLevel
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village

TERM_START = datetime.date(2026, 1, 1)


@dataclass
class World:
    county: Region
    township: Region
    team: Team
    cadres: list[Cadre]
    county_user: User
    township_user: User
    city_user: User


def make_world() -> World:
    province = Region.objects.create(code="980000", name="测试省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="980100", name="测试市", level=RegionLevel.CITY, parent=province)
    county = Region.objects.create(
        code="980101", name="测试县", level=RegionLevel.COUNTY, parent=city, policy_code=PolicyCode.ZHUMADIAN
    )
    township = Region.objects.create(
        code="980101101", name="测试镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    village = Village.objects.create(
        township=township, name="测试村", code="980101101200", latitude="33.100000", longitude="113.900000"
    )
    team = Team.objects.create(village=village, term_start=TERM_START, term_end=datetime.date(2027, 12, 31))
    unit = DispatchingUnit.objects.create(
        name="测试县农业局", level=UnitLevel.COUNTY, kind=UnitKind.ORGAN, headcount=40, region=county
    )
    cadres = []
    for i, name in enumerate(["甲干部", "乙干部"]):
        cadre = Cadre.objects.create(
            id_number=idcard.make("980101", datetime.date(1985, 1, 1 + i), i + 1, "M"),
            name=name,
            sex="M",
            birth_date=datetime.date(1985, 1, 1 + i),
            party_status="member",
            county=county,
        )
        Membership.objects.create(
            team=team,
            cadre=cadre,
            role=Role.FIRST_SECRETARY if i == 0 else Role.MEMBER,
            is_leader=i == 0,
            dispatching_unit=unit,
            start=TERM_START,
            end=datetime.date(2027, 12, 31),
        )
        cadres.append(cadre)
    return World(
        county,
        township,
        team,
        cadres,
        User.objects.create(username="w_county", office=Office.COUNTY_ORG_DEPT, region=county),
        User.objects.create(username="w_township", office=Office.TOWNSHIP_COMMITTEE, region=township),
        User.objects.create(username="w_city", office=Office.CITY_OVERSIGHT, region=city),
    )


def write_days(world: World, cadre: Cadre, status: str, days: list[datetime.date]) -> None:
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            cadre=cadre,
            date=d,
            status=status,
            night_in_village=status == AttendanceStatus.IN_VILLAGE,
            team=world.team,
            county=world.county,
            township=world.township,
            source=AttendanceSource.GRID,
        )
        for d in days
    )
    for year, month in sorted({(d.year, d.month) for d in days}):
        summaries_refresh(cadre_ids=[cadre.pk], year=year, month=month)


def days_of(year: int, month: int, first: int, count: int) -> list[datetime.date]:
    return [datetime.date(year, month, first + i) for i in range(count)]
