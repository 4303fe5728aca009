"""The demo's member changes (ZMD-CHANGE) and Sichuan's quota cases (SC-QUOTA, SC-COVER).

西平县: swaps, a leave and a role change entered through the services on the day each was filed —
some within 3 days (on time), some later (late). 平阴县: one swap, recorded but not judged (Jinan has no
ZMD-CHANGE). 苍溪县: a provincial unit under its quota (one person where its staff asks for more); 五一村
(registered poor, no team: teams.demo_counties.UNTEAMED) is the village SC-COVER flags.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from accounts.models import User

from . import idcard, services
from .choices import PartyStatus, Rank, Role, Sex, UnitKind, UnitLevel
from .models import Cadre, DispatchingUnit, Membership, MembershipChange, Region, Team

# (county login, village, days before today the member left, days after the successor's first day the
# swap was filed, reason): within 3 days on time (ZMD-CHANGE), later late
SWAPS = [
    ("county", "张庄村", 60, 2, "工作调整，回原单位"),
    ("county", "杨庄村", 45, 3, "因病不能继续驻村"),
    ("county", "后营村", 30, 4, "提拔任职"),
    ("county", "谭店村", 20, 9, "工作调整"),
    ("county2", "刁山坡村", 25, 6, "工作调整"),
]
LEAVE = ("county", "小王庄村", 12, 1, "借调市直单位")  # an end without a successor, filed on time
ROLE_CHANGE = ("county", "五沟营村", 8)  # a member made leader (filed the same day)
# A provincial unit (SC-QUOTA binds central and provincial units) with 120 staff: it must send 4, sends 1.
SHORT_UNIT = ("四川省林业和草原局", 96, 120)
SHORT_UNIT_VILLAGE = "红旗村"
_BORN = datetime.date(1980, 3, 1)


def _new_cadre(county: Region, sequence: int, name: str) -> Cadre:
    born = _BORN + datetime.timedelta(days=sequence * 7)
    return Cadre.objects.create(
        id_number=idcard.make(county.code, born, 900 + sequence, Sex.MALE),
        name=name,
        sex=Sex.MALE,
        birth_date=born,
        party_status=PartyStatus.MEMBER,
        rank=Rank.SECTION,
        is_on_staff=True,
        county=county,
    )


def _team(village: str, today: datetime.date, actor: User) -> Team:
    """The team serving ``village`` today in the actor's county (two counties may have a 杨庄村)."""
    return (
        Team.objects.active_on(today)
        .select_related("village__township__parent")
        .get(village__name=village, village__township__parent=actor.region)
    )


def _member(team: Team, today: datetime.date) -> Membership:
    found = team.memberships.active_on(today).filter(role=Role.MEMBER, is_leader=False).order_by("pk").first()
    if found is None:
        raise ValueError(f"{team} has no plain member to change")
    return found


@transaction.atomic
def build_change_demo(today: datetime.date) -> dict[str, int]:
    sequence = 0
    for login, village, ago, delay, reason in SWAPS:
        actor = User.objects.get(username=login)
        team = _team(village, today, actor)
        county = team.village.township.parent
        assert county is not None
        leaving = _member(team, today)
        left_on = today - datetime.timedelta(days=ago)
        start = left_on + datetime.timedelta(days=1)  # the swap's date: the successor's first day
        filed = start + datetime.timedelta(days=delay)
        services.membership_end(actor=actor, membership=leaving, end=left_on, reason=reason, today=filed)
        sequence += 1
        services.membership_save(
            actor=actor,
            today=filed,
            team=team,
            cadre=_new_cadre(county, sequence, f"接替干部{sequence}"),
            role=Role.MEMBER,
            is_leader=False,
            dispatching_unit=leaving.dispatching_unit,
            start=start,
            end=team.term_end,
        )
    login, village, ago, delay, reason = LEAVE
    team = _team(village, today, User.objects.get(username=login))
    left_on = today - datetime.timedelta(days=ago)
    services.membership_end(
        actor=User.objects.get(username=login),
        membership=_member(team, today),
        end=left_on,
        reason=reason,
        today=left_on + datetime.timedelta(days=delay),
    )
    login, village, ago = ROLE_CHANGE
    team = _team(village, today, User.objects.get(username=login))
    on = today - datetime.timedelta(days=ago)
    leader = team.memberships.active_on(today).filter(is_leader=True).first()
    if leader is not None:
        services.membership_save(
            actor=User.objects.get(username=login), membership=leader, today=on, is_leader=False
        )
    services.membership_save(
        actor=User.objects.get(username=login), membership=_member(team, today), today=on, is_leader=True
    )
    # Sichuan: a provincial unit under its quota.
    name, head, staff = SHORT_UNIT
    province = Region.objects.get(code="510000")
    unit = DispatchingUnit.objects.create(
        name=name,
        level=UnitLevel.PROVINCE,
        kind=UnitKind.ORGAN,
        headcount=head,
        staff_total=staff,
        region=province,
    )
    team = _team(SHORT_UNIT_VILLAGE, today, User.objects.get(username="county_sc"))
    county = team.village.township.parent
    assert county is not None
    sequence += 1
    services.membership_save(
        actor=User.objects.get(username="county_sc"),
        today=team.term_start,
        team=team,
        cadre=_new_cadre(county, sequence, "林草干部"),
        role=Role.MEMBER,
        is_leader=False,
        dispatching_unit=unit,
        start=team.term_start,
        end=team.term_end,
    )
    return {"队员调整备案": MembershipChange.objects.count()}
