"""The cadre × month summary (CadreMonthSummary): every write to AttendanceDay refreshes it in the same
transaction, so province-wide figures read one small table. Whether a month is compliant is decided by
``compliance.month_verdict``, the same function the pages judge with.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from teams.county_policy import Policies
from teams.models import Region, Team

from ..caches import figures_written
from ..models import AttendanceDay, CadreMonthSummary
from .compliance.judge import month_verdict
from .months import (
    Post,
    WorkdayFigures,
    assigned_days,
    month_bounds,
    month_days_by_cadre,
    post_on,
    posts_for,
    workday_figures,
    working_days,
)

# County settings a month summary's ``required`` / ``compliant`` depend on (convention 3).
SUMMARY_SETTINGS = frozenset({"month_count_working_days"})


def summaries_refresh(
    *, cadre_ids: Iterable[int], year: int, month: int, policies: Policies | None = None
) -> int:
    """Recompute the cadres' CadreMonthSummary rows for the month from their attendance days."""
    ids = sorted(set(cadre_ids))
    if not ids:
        return 0
    # Their days were written (in bulk, without signals) or their postings or policy changed: the figures
    # kept across requests are recomputed (issue 15), even where the month's counts stay the same (the
    # ZMD week check reads the days themselves).
    figures_written()
    policies = policies or Policies()
    first, last = month_bounds(year, month)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last))
        .values_list("cadre_id", "status")
        .annotate(n=Count("date"), nights=Count("date", filter=Q(night_in_village=True)))
        .order_by()
    )
    for cadre_id, status, n, nights in rows:
        counts[cadre_id][status] += n
        counts[cadre_id]["nights"] += nights
    posts = posts_for(ids, first, last)
    days_team = dict(
        AttendanceDay.objects.filter(cadre_id__in=ids, date__range=(first, last))
        .order_by("cadre_id", "date")
        .values_list("cadre_id", "team_id")
    )
    existing = {
        s.cadre_id: s for s in CadreMonthSummary.objects.filter(cadre_id__in=ids, year=year, month=month)
    }
    to_create, to_update, to_delete = [], [], []
    # Read once, for a county that counts working days only (convention 3).
    workdays: dict[int, set[datetime.date]] = {}
    month_days: dict[int, list[tuple[datetime.date, str]]] | None = None
    for cadre_id in ids:
        mine = posts.get(cadre_id, [])
        c = counts.get(cadre_id)
        if not mine and not c:
            if cadre_id in existing:
                to_delete.append(existing[cadre_id].pk)
            continue
        post = post_on(mine, last) or (Post(*mine[-1][2:]) if mine else None)
        if post is None:
            team_id = days_team[cadre_id]
            team = Team.objects.select_related("village__township").get(pk=team_id)
            post = Post(team_id, team.village.township_id, team.village.township.parent_pk)
        assigned = assigned_days(mine, first, last)
        policy = policies.get(policies.county(post.county_id), last)
        in_village = (c or {}).get("in_village", 0)
        required: int | None = None
        compliant: bool | None = None
        if policy is not None:
            figures: WorkdayFigures | None = None
            if policy.month_counts_working_days:
                # Convention 3, the county counts official working days only: `compliant` and `required`
                # follow that reading (the summary keeps every day in the village in `in_village`).
                if post.county_id not in workdays:
                    workdays[post.county_id] = working_days(policies.county(post.county_id), first, last)
                if month_days is None:
                    month_days = month_days_by_cadre(ids, first, last)
                figures = workday_figures(workdays[post.county_id], mine, month_days.get(cadre_id, []))
            verdict = month_verdict(
                policy,
                year=year,
                month=month,
                in_village=in_village,
                assigned_days=assigned,
                workdays=figures,
            )
            required, compliant = verdict.required, verdict.compliant
        values = {
            "county_id": post.county_id,
            "township_id": post.township_id,
            "team_id": post.team_id,
            "in_village": in_village,
            "leave": (c or {}).get("leave", 0),
            "business": (c or {}).get("business", 0),
            "absent": (c or {}).get("absent", 0),
            "nights": (c or {}).get("nights", 0),
            "assigned_days": assigned,
            "required": required,
            "compliant": compliant,
        }
        row = existing.get(cadre_id)
        if row is None:
            to_create.append(CadreMonthSummary(cadre_id=cadre_id, year=year, month=month, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            to_update.append(row)
    CadreMonthSummary.objects.bulk_create(to_create)
    if to_update:
        CadreMonthSummary.objects.bulk_update(to_update, list(values))
    CadreMonthSummary.objects.filter(pk__in=to_delete).delete()
    return len(to_create) + len(to_update)


def summaries_refresh_days(*, touched: Iterable[tuple[int, datetime.date]]) -> None:
    """Refresh the summaries of every (cadre, day) written, month by month, the policies read once."""
    by_month: dict[tuple[int, int], set[int]] = defaultdict(set)
    for cadre_id, day in touched:
        by_month[(day.year, day.month)].add(cadre_id)
    policies = Policies()
    for (year, month), ids in sorted(by_month.items()):
        summaries_refresh(cadre_ids=ids, year=year, month=month, policies=policies)


def summaries_follow_memberships(spans: Iterable[tuple[int, datetime.date, datetime.date | None]]) -> None:
    """A membership changed (edited, shortened, imported): its cadre's summarised months in the span
    are recomputed, so assigned days, the pro-rated minimum and the team stay true. Connected (attendance.apps) to
    ``teams.signals.membership_changed``; runs in the writer's transaction."""
    wanted: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for cadre_id, start, end in spans:
        wanted[cadre_id].append((start.replace(day=1), end or datetime.date.max))
    touched: list[tuple[int, datetime.date]] = []
    ids = sorted(wanted)
    for i in range(0, len(ids), 5000):
        existing = CadreMonthSummary.objects.filter(cadre_id__in=ids[i : i + 5000]).values_list(
            "cadre_id", "year", "month"
        )
        for cadre_id, year, month in existing:
            first = datetime.date(year, month, 1)
            if any(lo <= first <= hi for lo, hi in wanted[cadre_id]):
                touched.append((cadre_id, first))
    summaries_refresh_days(touched=touched)


def summaries_follow_policy(county: Region, key: str) -> None:
    """The county changed how JN-MONTH / ZMD-MONTH count (``month_count_working_days``): its summarised
    months are recomputed with the new reading, in the writer's transaction (as the live pages, which
    read the county's current settings, already judge). Registered with
    ``teams.overrides.on_policy_override``."""
    if key not in SUMMARY_SETTINGS:
        return
    touched = CadreMonthSummary.objects.filter(county=county).values_list("cadre_id", "year", "month")
    summaries_refresh_days(
        touched=[(cadre_id, datetime.date(year, month, 1)) for cadre_id, year, month in touched]
    )
