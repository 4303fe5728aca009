"""No threshold outside teams.rules (issue 10, correction 12): a guard, like a lint.

The numbers found in the code once — the check-in radius, the hour a night starts, the ZMD-ABSENT
reminder days, the Liangshan prefecture code, another policy's leave threshold on the policy page — now
live in ``teams/rules`` (provisions, or ``defaults`` for the product's own values). This greps the rest of
the code so they do not come back; the leave day count reads the county's own work calendar.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from teams import rules

ROOT = Path(rules.__file__).parents[2]
SCANNED = (
    "accounts",
    "assessment",
    "attendance",
    "config",
    "funding",
    "teams",
    "training",
    "templates",
    "static",
)
SUFFIXES = {".py", ".html", ".js"}

# (what, pattern) — each once a literal in the code.
LITERALS = [
    ("check-in radius (3000 m)", re.compile(r"(?<![\d.])3000(?![\d.])")),
    ("the hour a night starts", re.compile(r"\bhour\s*>=\s*\d|NIGHT_FROM_HOUR\s*=\s*\d")),
    ("ZMD-ABSENT reminder days", re.compile(r"day_of_month\s*=\s*\"\d|\b20\s*-\s*25\b|\b20日至25日")),
    ("ZMD-ABSENT reminder lead", re.compile(r"due__lte=today \+ datetime\.timedelta\(days=\d")),
    ("Liangshan prefecture code", re.compile(r"5134\d\d")),
    ("another policy's leave threshold", re.compile(r"[济南驻马店]{2,3}N\s*=\s*\d")),
    ("the collection day on a page", re.compile(r"每月\s*25\s*日")),
]


def _files() -> list[Path]:
    found = []
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            parts = path.relative_to(ROOT).parts
            if path.suffix not in SUFFIXES or "migrations" in parts or parts[:2] == ("teams", "rules"):
                continue
            if "vendor" in parts or path.name.endswith(".min.js"):
                continue
            found.append(path)
    return found


@pytest.mark.parametrize(("what", "pattern"), LITERALS, ids=[w for w, _ in LITERALS])
def test_no_threshold_literal_outside_the_rules(what: str, pattern: re.Pattern[str]) -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _files()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == [], f"{what} belongs in teams/rules: {hits}"


def test_the_product_defaults_live_in_the_rules() -> None:
    assert rules.defaults.CHECKIN_RADIUS_M == 3000
    assert rules.defaults.NIGHT_FROM_HOUR == 19
    assert rules.defaults.LIANGSHAN_PREFECTURE_CODE == "513400"
    summary_day = rules.BY_ID["ZMD-ABSENT"].values["summary_day"]
    assert summary_day - rules.defaults.EXPLANATION_REMINDER_LEAD_DAYS == 20


@pytest.mark.django_db
def test_a_leave_in_working_days_skips_the_countys_own_holiday() -> None:
    """Convention 2 with working days: a weekday the county declared a holiday is not counted."""
    from attendance.leave import services
    from attendance.models import WorkCalendarDay
    from teams.models import PolicyOverride, Region
    from tests.attendance.helpers import free_cadre, user

    pingyin = Region.objects.get(name="平阴县")
    PolicyOverride.objects.create(
        county=pingyin,
        key="leave_count_working_days",
        provision="JN-LEAVE",
        value=True,
        reason="按工作日计算",
        created_by=user("county2"),
    )
    WorkCalendarDay.objects.create(
        county=pingyin,
        date=datetime.date(2026, 11, 30),  # a Monday
        kind=WorkCalendarDay.Kind.HOLIDAY,
        name="本县放假",
        created_by=user("county2"),
    )
    # Friday 27th to Tuesday 1st: Friday and Tuesday are working days; the weekend and the county's
    # own holiday on Monday are not.
    leave = services.leave_request_submit(
        actor=user("township2"),
        cadre=free_cadre("孔村镇"),
        start=datetime.date(2026, 11, 27),
        end=datetime.date(2026, 12, 1),
        kind="personal",
        reason="家事",
        today=datetime.date(2026, 11, 20),
    )
    assert leave.days == Decimal(2)
