"""Builders for the allowance and insurance tests: a month filled and certified for one cadre, the county's
own rate, a login of a dispatching unit. The session world holds no payments; a test makes its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import Office, User
from attendance.days import months
from attendance.days import services as ps
from attendance.models import MonthCertification
from teams.models import DispatchingUnit, Membership, Region
from teams.overrides import policy_override_set
from tests.clock import TODAY

YEAR, MONTH = 2026, 9  # a finished month of the demo term


def user(username: str) -> User:
    return User.objects.get(username=username)


def fill(m: Membership, in_village: int, *, year: int = YEAR, month: int = MONTH) -> None:
    """Exactly ``in_village`` days in the village, the rest of the month absent; the month uncertified."""
    first, last = months.month_bounds(year, month)
    entries = {}
    for i in range(last.day):
        d = first + datetime.timedelta(days=i)
        entries[(m.cadre_id, d)] = ("in_village", True) if i < in_village else ("absent", False)
    MonthCertification.objects.filter(year=year, month=month).delete()
    ps.attendance_grid_save(actor=user("admin"), entries=entries, today=TODAY)


def certify(m: Membership, *, year: int = YEAR, month: int = MONTH) -> None:
    ps.month_certify(
        actor=user("admin"), township=m.team.village.township, year=year, month=month, today=TODAY
    )


def certified(m: Membership, *, year: int = YEAR, month: int = MONTH) -> Membership:
    """``m``'s township has certified the month (whatever the days): payments may be entered."""
    township = m.team.village.township
    if not MonthCertification.objects.filter(township=township, year=year, month=month).exists():
        certify(m, year=year, month=month)
    return m


def uncertified(m: Membership, *, year: int = YEAR, month: int = MONTH) -> Membership:
    MonthCertification.objects.filter(township=m.team.village.township, year=year, month=month).delete()
    return m


def posting_of(county: str, *, unit: DispatchingUnit | None = None) -> Membership:
    """A posting of the demo world in ``county`` covering the whole test month (of ``unit``, if named)."""
    first, last = months.month_bounds(YEAR, MONTH)
    found = Membership.objects.filter(
        team__village__township__parent__name=county, start__lte=first, end__gte=TODAY
    )
    if unit is not None:
        found = found.filter(dispatching_unit=unit)
    m = found.select_related("team__village__township", "cadre").order_by("pk").first()
    assert m is not None, f"no posting in {county}"
    return m


def county_rate(login: str, per_day: str) -> None:
    county = user(login).region
    assert county is not None
    policy_override_set(
        actor=user(login),
        county=county,
        key="living_allowance_per_day",
        value=per_day,
        reason="参照第一书记标准",
    )


def unit_login(unit: DispatchingUnit, username: str) -> User:
    return User.objects.create_user(
        username=username, password="x", office=Office.DISPATCHING_UNIT, dispatching_unit=unit
    )


def county_of(login: str) -> Region:
    region = user(login).region
    assert region is not None
    return region


ZERO = Decimal(0)
