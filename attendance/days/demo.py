"""Demo attendance days: a year of attendance (1 January up to yesterday; from the previous 1 January in
January and February) for every serving cadre of every demo county, with realistic gaps and a few
cadres under the minimum; check-ins (one far away, waiting for review); spot checks and absence
explanations in every state; certified months in 五沟营镇, 孔村镇, 碾伯镇 and 陵江镇.

西平县 and 平阴县 first (``build_days_demo``), then 乐都区 and 苍溪县 with a generator of their own
(``build_days_counties``), so the first two counties' days are the same whatever is added after.
Bulk-written (one executemany for the days, then the summaries), so it takes a second or two on SQLite.
Days already written by the leave demo (approved leave) are kept."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from teams import demo_counties
from teams.county_policy import Policies
from teams.models import Membership, Region

from ..models import (
    AttendanceDay,
    AttendanceSource,
    AttendanceStatus,
    CheckIn,
    MonthCertification,
)
from . import services
from .summary import summaries_refresh

SEED = 20261124
_COLUMNS = ("cadre_id", "date", "status", "night_in_village", "team_id", "county_id", "township_id", "source")
GRID = AttendanceSource.GRID.value
# Cadres (by position in the sorted list of each county) who fall short of the minimum on purpose.
SHORT_EVERY = 9


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _months(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    """(year, month) of every month from ``first`` to ``last``; empty when ``last`` is before ``first``."""
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and first <= last:
        months.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return months


def _year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From 1 January up to yesterday; in January and February the previous year too, so a demo built
    early in the year still has finished months to look at."""
    return datetime.date(today.year if today.month > 2 else today.year - 1, 1, 1), today - datetime.timedelta(
        days=1
    )


def _attendance_year(
    today: datetime.date, memberships: QuerySet[Membership], rng: random.Random
) -> list[tuple[int, int]]:
    """A year of attendance days for ``memberships`` (with their summaries); returns the months."""
    first, last = _year(today)
    months = _months(first, last)
    serving = list(
        memberships.filter(start__lte=last)
        .exclude(end__lt=first)
        .select_related("team__village__township")
        .order_by("cadre_id", "start")
    )
    existing = set(AttendanceDay.objects.filter(date__range=(first, last)).values_list("cadre_id", "date"))
    rows: list[tuple[int | str | bool | None, ...]] = []
    cadre_ids: list[int] = []
    adapt = connection.ops.adapt_datefield_value
    for index, m in enumerate(serving):
        township = m.team.village.township
        short = index % SHORT_EVERY == 4  # under the minimum most months
        lo, hi = max(first, m.start), min(last, m.end or last)
        cadre_ids.append(m.cadre_id)
        day = lo
        while day <= hi:
            if (m.cadre_id, day) in existing:
                day += datetime.timedelta(days=1)
                continue
            weekend = day.weekday() >= 5
            roll = rng.random()
            if short:
                # Often away, and many days simply not entered: a realistic shortfall.
                status = None if roll < 0.25 else ("absent" if roll < 0.4 else "in_village")
            elif weekend:
                status = None if roll < 0.55 else "in_village"
            else:
                status = (
                    "business"
                    if roll < 0.04
                    else ("absent" if roll < 0.05 else (None if roll < 0.07 else "in_village"))
                )
            if status is not None:
                night = status == "in_village" and (not weekend or rng.random() < 0.5) and rng.random() < 0.93
                rows.append(
                    (m.cadre_id, adapt(day), status, night, m.team_id, township.parent_pk, township.pk, GRID)
                )
            day += datetime.timedelta(days=1)
    # Plain rows in one executemany: building tens of thousands of model instances for bulk_create was
    # most of the demo's build time (tests/test_demo_any_day.py builds the demo twice).
    assert tuple(f.column for f in AttendanceDay._meta.concrete_fields) == _COLUMNS, (
        "a new column: add it here"
    )
    table, quote = AttendanceDay._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})", rows
        )
    policies = Policies()
    for year, month in months:
        summaries_refresh(cadre_ids=cadre_ids, year=year, month=month, policies=policies)
    return months


@transaction.atomic
def build_days_demo(today: datetime.date) -> dict[str, int]:
    """西平县 and 平阴县; the other counties come after, with their own draws (``build_days_counties``)."""
    months = _attendance_year(
        today,
        Membership.objects.exclude(team__village__township__parent__code__in=demo_counties.COUNTY_CODES),
        random.Random(SEED),
    )

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["township", "township2", "county", "bureau", "unit", "cadre"]
        )
    }
    # Certified months: every finished month in 五沟营镇 and 孔村镇 but the last one.
    finished = [ym for ym in months if ym < (today.year, today.month)]
    for name, login in (("五沟营镇", "township"), ("孔村镇", "township2")):
        user = users.get(login)
        certified = Region.objects.filter(name=name, level="township").first()
        if user is None or certified is None:
            continue
        MonthCertification.objects.bulk_create(
            MonthCertification(township=certified, year=year, month=month, certified_by=user)
            for year, month in finished[:-1]
        )

    # Check-ins of the demo cadre: near the village on the last days, one far away waiting for review.
    cadre_user = users.get("cadre")
    checkins = 0
    if cadre_user is not None and cadre_user.cadre_id:
        post = (
            Membership.objects.filter(cadre_id=cadre_user.cadre_id)
            .active_on(today)
            .select_related("team__village")
            .first()
        )
        lat, lon = (post.team.village.latitude, post.team.village.longitude) if post else (None, None)
        if lat is not None and lon is not None:
            for back, (dlat, hour) in enumerate(
                [(Decimal("0.0012"), 8), (Decimal("0.0008"), 20), (Decimal("0.31"), 9)], 1
            ):
                services.checkin_record(
                    actor=cadre_user,
                    latitude=lat + dlat,
                    longitude=lon,
                    accuracy=25 if dlat < 1 else 40,
                    at=_at(today - datetime.timedelta(days=back), hour),
                )
                checkins += 1

    # Spot checks in 西平县 (Zhumadian) with explanations in every state, and one in 平阴县.
    in_xiping = Membership.objects.active_on(today).filter(team__village__township__name="五沟营镇")
    if cadre_user is not None and cadre_user.cadre_id is not None:
        in_xiping = in_xiping.exclude(cadre_id=cadre_user.cadre_id)
    xiping = list(in_xiping.order_by("cadre_id"))
    township_user, bureau = users.get("township"), users.get("bureau")
    unit_user = users.get("unit")
    if township_user is not None and len(xiping) >= 5:
        services.spot_check_record(
            actor=township_user,
            cadre=xiping[0].cadre,
            at=_at(today - datetime.timedelta(days=12), 10),
            method="phone",
            result="present",
            note="固定电话接听，在村委会办公",
        )
        states = []
        for offset, m in zip((40, 20, 9, 3), xiping[1:5], strict=False):
            check = services.spot_check_record(
                actor=township_user,
                cadre=m.cadre,
                at=_at(today - datetime.timedelta(days=offset), 15),
                method="on_site",
                result="unexcused",
                note="实地查岗不在村，未请假",
            )
            states.append(check.explanation)
        cadre_users = {u.cadre_id: u for u in User.objects.filter(cadre_id__in=[e.cadre_id for e in states])}
        for step, expl in enumerate(states):
            if step >= 3:
                break  # the last stays pending
            writer = cadre_users.get(expl.cadre_id)
            if writer is None:
                writer = User.objects.create(
                    username=f"cadre_{expl.cadre_id}", office="cadre", cadre_id=expl.cadre_id
                )
                writer.set_unusable_password()
                writer.save()
            services.explanation_write(
                actor=writer,
                explanation=expl,
                text="当日到县医院陪护住院的父亲，未及时请假，今后严格执行请销假制度。",
            )
            if step <= 1:
                signer = (
                    unit_user
                    if unit_user and unit_user.dispatching_unit_id == expl.dispatching_unit_id
                    else None
                )
                if signer is None:
                    signer = User.objects.filter(
                        office="dispatching_unit", dispatching_unit_id=expl.dispatching_unit_id
                    ).first()
                if signer is None:
                    signer = User.objects.create(
                        username=f"unit_{expl.dispatching_unit_id}",
                        office="dispatching_unit",
                        dispatching_unit_id=expl.dispatching_unit_id,
                    )
                services.explanation_sign(actor=signer, explanation=expl, signer_name="单位主要负责人")
                if step == 0 and bureau is not None:
                    services.explanation_send(actor=bureau, explanation=expl)
    township2 = users.get("township2")
    pingyin = (
        Membership.objects.active_on(today)
        .filter(team__village__township__name="孔村镇")
        .order_by("cadre_id")
        .first()
    )
    if township2 is not None and pingyin is not None:
        services.spot_check_record(
            actor=township2,
            cadre=pingyin.cadre,
            at=_at(today - datetime.timedelta(days=6), 11),
            method="phone",
            result="excused",
            note="经核实已请假",
        )
    return {"attendance_days": AttendanceDay.objects.count(), "checkins": checkins}


COUNTIES_SEED = demo_counties.SEED  # the Qinghai and Sichuan counties draw from a generator of their own
# (county office, township login, its township, another township of the county) per demo county.
COUNTY_CHECKS = [
    ("county_qh", "township_qh", "碾伯镇", "雨润镇"),
    ("county_sc", "township_sc", "陵江镇", "元坝镇"),
]


@transaction.atomic
def build_days_counties(today: datetime.date) -> dict[str, int]:
    """乐都区 (Qinghai) and 苍溪县 (Sichuan): a year of attendance, certified months of the township
    login's township, and spot checks by the township and the county office. Runs after their leave
    demo, so approved leave days are kept; 西平县 and 平阴县 are untouched."""
    months = _attendance_year(
        today,
        Membership.objects.filter(team__village__township__parent__code__in=demo_counties.COUNTY_CODES),
        random.Random(COUNTIES_SEED),
    )
    finished = [ym for ym in months if ym < (today.year, today.month)]
    users = {
        u.username: u for u in User.objects.filter(username__in=[n for c in COUNTY_CHECKS for n in c[:2]])
    }
    checks = 0
    for county_login, township_login, own, other in COUNTY_CHECKS:
        township_user, county_user = users.get(township_login), users.get(county_login)
        if township_user is None or county_user is None:
            continue
        MonthCertification.objects.bulk_create(
            MonthCertification(
                township=township_user.region, year=year, month=month, certified_by=township_user
            )
            for year, month in finished[:-1]
        )
        on_duty = Membership.objects.active_on(today).order_by("cadre_id").select_related("cadre")
        own_cadres = [m.cadre for m in on_duty.filter(team__village__township__name=own)]
        other_cadres = [m.cadre for m in on_duty.filter(team__village__township__name=other)]
        if len(own_cadres) < 2 or not other_cadres:
            continue
        # The last of the township's cadres (the leave demo asks leave for the first ones).
        services.spot_check_record(
            actor=township_user,
            cadre=own_cadres[-1],
            at=_at(today - datetime.timedelta(days=5), 10),
            method="phone",
            result="present",
            note="固定电话接听，在村委会办公",
        )
        services.spot_check_record(
            actor=county_user,
            cadre=other_cadres[-1],
            at=_at(today - datetime.timedelta(days=16), 15),
            method="on_site",
            result="unexcused",
            note="县委组织部实地查岗不在村，未请假",
        )
        checks += 2
    return {"attendance_days": AttendanceDay.objects.count(), "spot_checks_counties": checks}


__all__ = ["build_days_demo", "build_days_counties", "AttendanceStatus", "CheckIn"]
