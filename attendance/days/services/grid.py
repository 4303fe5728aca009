"""Writes of the township's month grid and its certification: a block of cells in one transaction,
fill-down, the grid form's cells decoded, and the month certified (locked). Every write refreshes the
cadre × month summary in the same transaction; a certified month is changed only by the county office,
with a reason, each changed cell audited (AttendanceChange).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from audit.recording import record_attendance_cells
from core.params import clean_text
from teams.errors import ServiceError
from teams.models import Cadre, Region, Team

from ...models import AttendanceChange, AttendanceDay, AttendanceSource, AttendanceStatus, MonthCertification
from ..errors import (
    ALREADY_CERTIFIED,
    ALREADY_CERTIFIED_MSG,
    BAD_STATUS,
    BAD_STATUS_MSG,
    FILL_REVERSED,
    FILL_REVERSED_MSG,
    FUTURE_DAY,
    FUTURE_DAY_MSG,
    LOCKED,
    LOCKED_MSG,
    MONTH_NOT_OVER,
    MONTH_NOT_OVER_MSG,
    NEED_REASON,
    NEED_REASON_MSG,
    NOT_ALLOWED,
    NOT_ALLOWED_MSG,
    NOT_SERVING,
    NOT_SERVING_MSG,
)
from ..months import Post, month_bounds, post_on, posts_for
from ..selectors import certified_months, grid_cadres
from ..summary import summaries_refresh_days

# A cell: (status, night) or None to clear the day.
Cell = tuple[str, bool] | None

# Grid cell codes: a letter (or the Chinese character) per status; Z/在 also records the night.
CODES: dict[str, tuple[str, bool]] = {
    "Z": (AttendanceStatus.IN_VILLAGE, True),
    "在": (AttendanceStatus.IN_VILLAGE, True),
    "B": (AttendanceStatus.IN_VILLAGE, False),
    "白": (AttendanceStatus.IN_VILLAGE, False),
    "J": (AttendanceStatus.LEAVE, False),
    "假": (AttendanceStatus.LEAVE, False),
    "G": (AttendanceStatus.BUSINESS, False),
    "公": (AttendanceStatus.BUSINESS, False),
    "Q": (AttendanceStatus.ABSENT, False),
    "缺": (AttendanceStatus.ABSENT, False),
}


def code_of(status: str, night: bool) -> str:
    """The grid's code of a day (the inverse of ``CODES``); "" for a day not entered."""
    if status == AttendanceStatus.IN_VILLAGE:
        return "Z" if night else "B"
    return {"leave": "J", "business": "G", "absent": "Q"}.get(status, "")


@dataclass(frozen=True)
class GridResult:
    created: int
    updated: int
    deleted: int
    unchanged: int
    audited: int


def attendance_grid_save(
    *,
    actor: User,
    entries: Mapping[tuple[int, datetime.date], Cell],
    reason: str = "",
    today: datetime.date | None = None,
) -> GridResult:
    """Write a block of cells (a team's or a township's month) in one transaction. Idempotent: the same
    cells again change nothing. The township office enters open months; a certified month takes the
    county office with a reason, and each changed cell is written to AttendanceChange."""
    today = today or timezone.localdate()
    county_actor = actor.office == Office.COUNTY_ORG_DEPT
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or county_actor or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if not entries:
        return GridResult(0, 0, 0, 0, 0)
    for cell in entries.values():
        if cell is not None and cell[0] not in AttendanceStatus.values:
            raise ServiceError(BAD_STATUS, BAD_STATUS_MSG.format(value=cell[0]))
    days = [d for _, d in entries]
    if max(days) > today:
        raise ServiceError(FUTURE_DAY, FUTURE_DAY_MSG.format(today=today.isoformat()))
    cadre_ids = {c for c, _ in entries}
    lo, hi = min(days), max(days)
    posts = posts_for(cadre_ids, lo, hi)
    in_scope_teams = set(
        Team.objects.for_user(actor).filter(memberships__cadre_id__in=cadre_ids).values_list("pk", flat=True)
    )
    names = dict(Cadre.objects.filter(pk__in=cadre_ids).values_list("pk", "name"))
    where: dict[tuple[int, datetime.date], Post] = {}
    for key in entries:
        post = post_on(posts.get(key[0], []), key[1])
        if post is None or (not actor.is_superuser and post.team_id not in in_scope_teams):
            raise ServiceError(
                NOT_SERVING, NOT_SERVING_MSG.format(cadre=names.get(key[0], key[0]), day=key[1])
            )
        where[key] = post
    months = {(d.year, d.month) for d in days}
    locked = certified_months({p.township_id for p in where.values()}, months)
    reason = clean_text(reason, label="修改理由", field="reason")
    with transaction.atomic():
        current = {
            (row.cadre_id, row.date): row
            for row in AttendanceDay.objects.select_for_update().filter(
                cadre_id__in=cadre_ids, date__range=(lo, hi)
            )
        }
        create, update, delete, changes = [], [], [], []
        touched: list[tuple[int, datetime.date]] = []
        audited: list[tuple[tuple[int, datetime.date], Cell, Cell, int]] = []  # bulk writes: no signals
        unchanged = 0
        for key, cell in entries.items():
            post = where[key]
            row = current.get(key)
            old = None if row is None else (row.status, row.night_in_village)
            if old == cell:
                unchanged += 1
                continue
            touched.append(key)
            audited.append((key, old, cell, post.county_id))
            if (post.township_id, key[1].year, key[1].month) in locked:
                if not (county_actor or actor.is_superuser):
                    township = Region.objects.get(pk=post.township_id)
                    raise ServiceError(
                        LOCKED, LOCKED_MSG.format(township=township, year=key[1].year, month=key[1].month)
                    )
                if not reason:
                    raise ServiceError(NEED_REASON, NEED_REASON_MSG, "reason")
                changes.append(
                    AttendanceChange(
                        cadre_id=key[0],
                        date=key[1],
                        township_id=post.township_id,
                        old_status=old[0] if old else "",
                        new_status=cell[0] if cell else "",
                        old_night=old[1] if old else None,
                        new_night=cell[1] if cell else None,
                        reason=reason,
                        changed_by=actor,
                    )
                )
            if cell is None:
                delete.append(key)
            elif row is None:
                create.append(
                    AttendanceDay(
                        cadre_id=key[0],
                        date=key[1],
                        status=cell[0],
                        night_in_village=cell[1],
                        team_id=post.team_id,
                        county_id=post.county_id,
                        township_id=post.township_id,
                        source=AttendanceSource.GRID,
                    )
                )
            else:
                row.status, row.night_in_village, row.source = cell[0], cell[1], AttendanceSource.GRID
                update.append(row)
        AttendanceDay.objects.bulk_create(create)
        if update:
            AttendanceDay.objects.bulk_update(update, ["status", "night_in_village", "source"])
        if delete:
            q = Q(pk__in=[])
            for cadre_id, day in delete:
                q |= Q(cadre_id=cadre_id, date=day)
            AttendanceDay.objects.filter(q).delete()
        AttendanceChange.objects.bulk_create(changes)
        summaries_refresh_days(touched=touched)
        record_attendance_cells(actor=actor, model=AttendanceDay, cells=audited, names=names)
    return GridResult(len(create), len(update), len(delete), unchanged, len(changes))


def attendance_fill(
    *,
    actor: User,
    cadres: Iterable[int],
    first: datetime.date,
    last: datetime.date,
    status: str,
    night: bool,
    only_empty: bool = True,
    today: datetime.date | None = None,
) -> GridResult:
    """Fill-down: one status for the given cadres on every assigned day of [first, last] up to today
    (by default only the days not entered yet).

    A reversed range is refused rather than read as [last, first]: the clerk typed two days and one of
    them is wrong, and which one cannot be known; swapped, a fill with "overwrite" would replace days
    nobody meant to touch. A range wholly after today is refused too, instead of filling nothing."""
    today = today or timezone.localdate()
    if first > last:
        raise ServiceError(
            FILL_REVERSED,
            FILL_REVERSED_MSG.format(
                first=f"{first.month}月{first.day}日", last=f"{last.month}月{last.day}日"
            ),
        )
    if first > today:
        raise ServiceError(FUTURE_DAY, FUTURE_DAY_MSG.format(today=today.isoformat()))
    ids = list(cadres)
    last = min(last, today)
    posts = posts_for(ids, first, last)
    existing = set(
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last)).values_list(
            "cadre_id", "date"
        )
    )
    entries: dict[tuple[int, datetime.date], Cell] = {}
    day = first
    while day <= last:
        for cadre_id in ids:
            if post_on(posts.get(cadre_id, []), day) is None:
                continue
            if only_empty and (cadre_id, day) in existing:
                continue
            entries[(cadre_id, day)] = (status, night)
        day += datetime.timedelta(days=1)
    return attendance_grid_save(actor=actor, entries=entries, today=today)


def grid_cells_save(
    *,
    actor: User,
    year: int,
    month: int,
    township: Region | None,
    team: Team | None,
    cells: Mapping[str, Any],
    reason: str = "",
    today: datetime.date | None = None,
) -> GridResult:
    """The grid form of a township's (or team's) month: ``cells`` maps ``c_<cadre>_<day>`` to a code of
    ``CODES`` ("" clears the day). Cells of a cadre not in the grid, of a day the cadre held no post or
    after today are not the clerk's to write and are left out; an unknown code refuses the whole form."""
    today = today or timezone.localdate()
    first, _ = month_bounds(year, month)
    allowed = {
        c.pk: posts
        for c, posts in grid_cadres(actor=actor, year=year, month=month, township=township, team=team)
    }
    entries: dict[tuple[int, datetime.date], Cell] = {}
    for key, raw in cells.items():
        if not key.startswith("c_") or not isinstance(raw, str):
            continue
        try:
            _, cadre_s, day_s = key.split("_")
            cadre_id, day = int(cadre_s), first.replace(day=int(day_s))
        except ValueError:
            continue
        if cadre_id not in allowed or day > today or post_on(allowed[cadre_id], day) is None:
            continue
        code = raw.strip().upper()
        if code and code not in CODES:
            raise ServiceError(BAD_STATUS, BAD_STATUS_MSG.format(value=raw))
        entries[(cadre_id, day)] = CODES[code] if code else None
    return attendance_grid_save(actor=actor, entries=entries, reason=reason, today=today)


def grid_fill(
    *,
    actor: User,
    year: int,
    month: int,
    township: Region | None,
    team: Team | None,
    code: str,
    first_day: int | None,
    last_day: int | None,
    cadre_ids: Iterable[int],
    overwrite: bool,
    today: datetime.date | None = None,
) -> GridResult:
    """The grid's fill-down: ``code`` for the chosen cadres of the grid (all of them when none is) from
    ``first_day`` (default the 1st) to ``last_day`` (default the month's last day); see ``attendance_fill``."""
    code = code.strip().upper()
    if code not in CODES:
        raise ServiceError(BAD_STATUS, BAD_STATUS_MSG.format(value=code or "空"))
    first, last = month_bounds(year, month)
    allowed = [
        c.pk for c, _ in grid_cadres(actor=actor, year=year, month=month, township=township, team=team)
    ]
    picked = [i for i in cadre_ids if i in allowed]
    status, night = CODES[code]
    return attendance_fill(
        actor=actor,
        cadres=picked or allowed,
        first=first.replace(day=first_day or 1),
        last=first.replace(day=last_day or last.day),
        status=status,
        night=night,
        only_empty=not overwrite,
        today=today,
    )


def month_certify(
    *, actor: User, township: Region, year: int, month: int, today: datetime.date | None = None
) -> MonthCertification:
    """SC-ATT: the township certifies (and so locks) a finished month."""
    today = today or timezone.localdate()
    if not (actor.office == Office.TOWNSHIP_COMMITTEE or actor.is_superuser):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if not Region.objects.for_user(actor).filter(pk=township.pk, level="township").exists():
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if month_bounds(year, month)[1] >= today:
        raise ServiceError(MONTH_NOT_OVER, MONTH_NOT_OVER_MSG.format(year=year, month=month))
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=township.pk).first()
        done = MonthCertification.objects.filter(township=township, year=year, month=month).first()
        if done is not None:
            raise ServiceError(
                ALREADY_CERTIFIED,
                ALREADY_CERTIFIED_MSG.format(
                    township=township,
                    year=year,
                    month=month,
                    at=f"{timezone.localtime(done.at):%Y-%m-%d %H:%M}",
                ),
            )
        return MonthCertification.objects.create(
            township=township, year=year, month=month, certified_by=actor
        )
