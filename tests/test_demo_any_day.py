"""``make demo`` works on any day: built for awkward dates, the demo world still has a serving demo cadre,
leave waiting to be decided, a year of attendance up to yesterday and certified months.

These are the tests of the clock itself: each builds the demo for its own ``today`` (the rest of the
suite lives on ``tests.clock.TODAY``)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import User
from attendance.leave.demo import build_leave_demo
from attendance.models import AttendanceDay, LeaveRequest, LeaveStatus, MonthCertification
from teams.demo import build_demo, demo_term
from teams.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

DAYS = [
    datetime.date(2027, 1, 1),  # new year's day: last year's months are the ones to look at
    datetime.date(2028, 2, 29),
]


def build_on(today: datetime.date) -> None:
    call_command("flush", interactive=False, verbosity=0)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(10, 0)), tick=False):
        build_demo(today)
        build_leave_demo(today)


def problems(today: datetime.date) -> list[str]:
    """What a new user would find missing in the demo built on ``today`` (a build costs ~15 s, so one
    build is checked for everything)."""
    found: list[str] = []
    term = demo_term(today)
    if not (term.start <= today - datetime.timedelta(days=365) and today < term.end):
        found.append(f"term {term} does not hold today with a year behind it")
    cadre = User.objects.get(username="cadre").cadre
    if not Membership.objects.filter(cadre=cadre).active_on(today).exists():
        found.append("the demo cadre does not serve today")
    waiting = LeaveRequest.objects.filter(status=LeaveStatus.PENDING, start__gt=today)
    for county in ("西平县", "平阴县", "乐都区", "苍溪县"):
        if not waiting.filter(cadre__county__name=county).exists():
            found.append(f"no leave waits to be decided in {county}")
    yesterday = today - datetime.timedelta(days=1)
    if not AttendanceDay.objects.filter(date=yesterday).exists():
        found.append("no attendance yesterday")
    if AttendanceDay.objects.filter(date__gte=today, source="grid").exists():
        found.append("attendance entered for today or later")
    last_finished = today.replace(day=1) - datetime.timedelta(days=1)
    before_it = last_finished.replace(day=1) - datetime.timedelta(days=1)
    certified = set(MonthCertification.objects.values_list("year", "month"))
    if (before_it.year, before_it.month) not in certified:
        found.append(f"{before_it:%Y-%m} is not certified")
    if (last_finished.year, last_finished.month) in certified:
        found.append(f"{last_finished:%Y-%m}, the last finished month, is already certified")
    return found


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_built_on_an_awkward_day_has_everything_to_try(today: datetime.date) -> None:
    build_on(today)

    assert problems(today) == []
