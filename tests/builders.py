"""Small explicit builders: a test that needs a cadre of its own makes one, instead of picking the n-th
row of the demo world (which changes whenever the demo does)."""

from __future__ import annotations

import datetime
import itertools

from teams import idcard
from teams.choices import Role
from teams.models import Cadre, Membership, Region, Team
from tests.clock import TODAY

# Born in 1962: no cadre of the demo world is, so the numbers never collide with it.
_births = (datetime.date(1962, 1, 1) + datetime.timedelta(days=n) for n in itertools.count())


def make_cadre(county: str = "西平县", *, name: str = "", sex: str = "M") -> Cadre:
    """A cadre of ``county`` with a valid, unused resident ID and no posting yet."""
    region = Region.objects.get(name=county, level="county")
    born = next(_births)
    return Cadre.objects.create(
        id_number=idcard.make(region.code, born, 1, sex),
        name=name or f"测试干部{born:%m%d}",
        sex=sex,
        birth_date=born,
        party_status="member",
        county=region,
    )


def make_posting(
    village: str = "李楼村",
    *,
    cadre: Cadre | None = None,
    role: str = Role.MEMBER,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Membership:
    """A new member of the team serving ``village`` today, sent by the unit of its first member; by
    default for the team's whole term."""
    team = Team.objects.active_on(TODAY).get(village__name=village)
    county = team.village.township.parent
    assert county is not None
    unit = team.memberships.order_by("pk").first()
    assert unit is not None
    return Membership.objects.create(
        team=team,
        cadre=cadre or make_cadre(county.name),
        role=role,
        dispatching_unit=unit.dispatching_unit,
        start=start or team.term_start,
        end=end or team.term_end,
    )


def serving(township: str = "五沟营镇") -> Membership:
    """A posting of the demo world serving today in ``township`` (any one: for tests that only need
    someone the township keeps attendance for)."""
    found = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name=township)
        .order_by("cadre_id")
        .first()
    )
    assert found is not None
    return found
