"""A dispatching unit reads a cadre's attendance only for the period the cadre served on its behalf
(issue 16, item 9). The cadre of 西平县教育局 (the ``unit`` login) moves on 2026-09-01 to a posting of
another unit: the old unit keeps reading the days, check-ins and month summaries up to 2026-08-31, and
nothing after; the new unit reads them from 2026-09-01 on, and nothing before."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from accounts.models import Office, User
from attendance.models import AttendanceDay, CadreMonthSummary, CheckIn
from teams.models import DispatchingUnit, Membership
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

MOVED = datetime.date(2026, 9, 1)


def moved_cadre() -> tuple[Membership, Membership]:
    """A cadre of ``unit``'s with the demo's attendance before and after MOVED, moved on MOVED."""
    unit = User.objects.get(username="unit").dispatching_unit
    assert unit is not None
    old = (
        Membership.objects.active_on(TODAY)
        .filter(dispatching_unit=unit, start__lt=datetime.date(2026, 8, 1))
        .exclude(cadre__user__isnull=False)
        .order_by("cadre_id")
        .first()
    )
    assert old is not None, "the unit sends a cadre serving since before August"
    assert AttendanceDay.objects.filter(cadre=old.cadre, date__gte=MOVED).exists()
    other = DispatchingUnit.objects.exclude(pk=unit.pk).filter(region=unit.region).order_by("pk").first()
    assert other is not None
    end = old.end
    Membership.objects.filter(pk=old.pk).update(end=MOVED - datetime.timedelta(days=1))
    new = Membership.objects.create(
        cadre=old.cadre, team=old.team, role=old.role, dispatching_unit=other, start=MOVED, end=end
    )
    return old, new


def unit_login(unit: DispatchingUnit) -> User:
    user: User = User.objects.create_user(
        username=f"unit-{unit.pk}", password="x", office=Office.DISPATCHING_UNIT, dispatching_unit=unit
    )
    return user


def client(user: User) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def month(c: Client, cadre_id: int, value: str) -> Any:
    response = c.get("/api/v1/attendance/", {"cadre": str(cadre_id), "month": value})
    assert response.status_code == 200, response.status_code
    return response.json()


def test_the_old_unit_reads_the_days_before_the_move_only() -> None:
    old, _ = moved_cadre()
    days = AttendanceDay.objects.for_user(User.objects.get(username="unit")).filter(cadre=old.cadre)
    assert days.filter(date__lt=MOVED).exists()
    assert not days.filter(date__gte=MOVED).exists()


def test_the_new_unit_reads_the_days_from_the_move_only() -> None:
    _, new = moved_cadre()
    days = AttendanceDay.objects.for_user(unit_login(new.dispatching_unit)).filter(cadre=new.cadre)
    assert days.filter(date__gte=MOVED).exists()
    assert not days.filter(date__lt=MOVED).exists()


def test_the_api_shows_the_old_unit_august_but_not_october() -> None:
    old, _ = moved_cadre()
    c = client(User.objects.get(username="unit"))
    assert month(c, old.cadre_id, "2026-08")["days"]
    october = month(c, old.cadre_id, "2026-10")
    assert october["days"] == [] and sum(october["counts"].values()) == 0


def test_the_api_shows_the_new_unit_october_but_not_august() -> None:
    _, new = moved_cadre()
    c = client(unit_login(new.dispatching_unit))
    assert month(c, new.cadre_id, "2026-10")["days"]
    assert month(c, new.cadre_id, "2026-08")["days"] == []


def test_the_township_still_reads_every_day() -> None:
    """The cut applies to units only: the region's offices read the cadre's days as before."""
    old, _ = moved_cadre()
    days = AttendanceDay.objects.for_user(User.objects.get(username="county")).filter(cadre=old.cadre)
    assert days.filter(date__lt=MOVED).exists() and days.filter(date__gte=MOVED).exists()


def test_month_summaries_follow_the_period_served() -> None:
    old, new = moved_cadre()
    rows = CadreMonthSummary.objects.filter(cadre=old.cadre)
    old_months = set(rows.for_user(User.objects.get(username="unit")).values_list("month", flat=True))
    new_months = set(rows.for_user(unit_login(new.dispatching_unit)).values_list("month", flat=True))
    assert 8 in old_months and 10 not in old_months
    assert 10 in new_months and 8 not in new_months


def test_check_ins_follow_the_period_served() -> None:
    old, new = moved_cadre()
    at = datetime.datetime(2026, 10, 12, 9, tzinfo=datetime.UTC)
    township = old.team.village.township
    assert township.parent is not None
    checkin = CheckIn.objects.create(
        cadre=old.cadre,
        team=old.team,
        county=township.parent,
        township=township,
        at=at,
        date=at.date(),
        latitude=33,
        longitude=114,
        accuracy=10,
    )
    assert not CheckIn.objects.for_user(User.objects.get(username="unit")).filter(pk=checkin.pk).exists()
    assert CheckIn.objects.for_user(unit_login(new.dispatching_unit)).filter(pk=checkin.pk).exists()
