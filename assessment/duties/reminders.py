"""Reminders (beat, daily): a notice to whom a duty concerns when it comes due and when it turns overdue."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet

from teams.models import Team
from teams.rules import duties as rule_duties

from .calendar import DutyRow, open_duties

SOON_TEXT = "{team}：{duty}（{period}）应于{due}前完成（{provision}）"
OVERDUE_TEXT = "{team}：{duty}（{period}）已逾期，应于{due}前完成（{provision}）"


def _recipients(rows: Sequence[DutyRow], today: datetime.date) -> dict[str, dict[int, list[int]]]:
    """User ids per concerned party: "team" (leader / first secretary), "unit" (the team's dispatching
    units), "county" (county org dept), "township" (township committee), each keyed by team id."""
    from accounts.models import Office, User
    from teams.models import Membership

    team_ids = {r.team.pk for r in rows}
    leaders: dict[int, set[int]] = defaultdict(set)
    units: dict[int, set[int]] = defaultdict(set)
    for team_id, cadre_id, unit_id, is_leader, role in (
        Membership.objects.active_on(today)
        .filter(team_id__in=team_ids)
        .values_list("team_id", "cadre_id", "dispatching_unit_id", "is_leader", "role")
    ):
        units[team_id].add(unit_id)
        if is_leader or role == "first_secretary":
            leaders[team_id].add(cadre_id)
    users = User.objects.filter(is_active=True).filter(
        Q(cadre_id__in={c for s in leaders.values() for c in s})
        | Q(office=Office.DISPATCHING_UNIT, dispatching_unit_id__in={u for s in units.values() for u in s})
        | Q(office=Office.COUNTY_ORG_DEPT, region_id__in={r.team.county_id for r in rows})
        | Q(office=Office.TOWNSHIP_COMMITTEE, region_id__in={r.team.township_id for r in rows})
    )
    by_cadre: dict[int, list[int]] = defaultdict(list)
    by_unit: dict[int, list[int]] = defaultdict(list)
    by_region: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pk, office, cadre_id, unit_id, region_id in users.values_list(
        "pk", "office", "cadre_id", "dispatching_unit_id", "region_id"
    ):
        if office == Office.CADRE and cadre_id is not None:
            by_cadre[cadre_id].append(pk)
        elif office == Office.DISPATCHING_UNIT and unit_id is not None:
            by_unit[unit_id].append(pk)
        elif region_id is not None:
            by_region[(office, region_id)].append(pk)
    out: dict[str, dict[int, list[int]]] = {"team": {}, "unit": {}, "county": {}, "township": {}}
    for row in rows:
        t = row.team
        out["team"][t.pk] = [u for c in leaders[t.pk] for u in by_cadre[c]]
        out["unit"][t.pk] = [u for unit in units[t.pk] for u in by_unit[unit]]
        out["county"][t.pk] = by_region[(Office.COUNTY_ORG_DEPT, t.county_id)]
        out["township"][t.pk] = by_region[(Office.TOWNSHIP_COMMITTEE, t.township_id)]
    return out


# Whom each duty concerns.
CONCERNS = {
    rule_duties.COMMITMENT: "team",
    rule_duties.QUARTERLY_REPORT: "team",
    rule_duties.HALF_YEAR_REPORT: "team",
    rule_duties.HOUSEHOLDS: "team",
    rule_duties.TARGET: "county",
    rule_duties.COUNTY_MEETING: "county",
    rule_duties.LINK_VISIT: "county",
    rule_duties.TOWNSHIP_MEETING: "township",
    rule_duties.UNIT_HEARING: "unit",
    rule_duties.UNIT_VISITS: "unit",
}


def duties_remind(*, today: datetime.date, team_ids: QuerySet[Team] | Iterable[int] | None = None) -> int:
    """Notify whom each duty concerns once when it comes within the reminder lead time of its due date
    and once when it turns overdue (a dedupe key per recipient, duty, period and notice: never twice).
    Returns how many notifications were written."""
    from django.urls import reverse

    from attendance.models import Notification

    rows: list[DutyRow] = []
    for year in {today.year, (today - datetime.timedelta(days=rule_duties.DUTY_REMINDER_LEAD_DAYS)).year}:
        rows += open_duties(team_ids, year, today)
    if not rows:
        return 0
    recipients = _recipients(rows, today)
    notes: list[Notification] = []
    seen: set[tuple[int, str]] = set()
    for row in rows:
        d = row.duty
        notice = "overdue" if row.state == rule_duties.OVERDUE else "soon"
        text = (OVERDUE_TEXT if notice == "overdue" else SOON_TEXT).format(
            team=f"{row.team.village}驻村工作队",
            duty=d.name,
            period=d.period_label,
            due=d.due.isoformat(),
            provision=d.provision,
        )
        url = reverse("assessment:team_duties", args=[row.team.pk]) + f"?year={d.year}"
        # County- and township-wide duties (meetings) are one notice per office, not one per team.
        party = CONCERNS[d.kind]
        scope = row.team.pk
        if d.kind in (rule_duties.COUNTY_MEETING,):
            scope = row.team.county_id
            url = reverse("assessment:duty_overdue_list") + f"?year={d.year}"
        elif d.kind == rule_duties.TOWNSHIP_MEETING:
            scope = row.team.township_id
            url = reverse("assessment:duty_overdue_list") + f"?year={d.year}"
        if scope != row.team.pk:
            key = f"duty:{d.kind}:{scope}:{d.year}:{d.period or 0}:{notice}"
            text = text.split("：", 1)[1]
        else:
            key = f"{row.key}:{notice}"
        for user_id in recipients[party].get(row.team.pk, []):
            if (user_id, key) in seen:
                continue
            seen.add((user_id, key))
            notes.append(
                Notification(
                    recipient_id=user_id,
                    text=text[:300],
                    target_url=url[:200],
                    target_label=d.name[:100],
                    dedupe_key=key[:120],
                )
            )
    existing = set(
        Notification.objects.filter(dedupe_key__in={n.dedupe_key for n in notes}).values_list(
            "recipient_id", "dedupe_key"
        )
    )
    fresh = [n for n in notes if (n.recipient_id, n.dedupe_key) not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    return len(fresh)
