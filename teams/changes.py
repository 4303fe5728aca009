"""Member-change filing (队员调整备案, ZMD-CHANGE) and the ledger (台账) of current members and changes.

Every writer of memberships — the forms (``teams.services``), the roster import (``teams.roster.commit``)
and a recall (``assessment.services``) — files each change here in its own transaction. The record is
kept in every county; lateness is judged only where the county's policy has ZMD-CHANGE in force.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User

from . import errors, rules
from .county_policy import county_policy
from .models import Membership, MembershipChange, Region, Team

Kind = MembershipChange.Kind
Source = MembershipChange.Source
CHANGE_PROVISION = "ZMD-CHANGE"
# A successor who starts the day the predecessor's posting ended, or the day after, replaces them (swap).
_SWAP_GAP = datetime.timedelta(days=1)


def _county_of(team: Team) -> Region:
    township = team.village.township
    county = township.county
    if county is None:  # a village always lies in a township of a county
        raise ValueError(f"team {team.pk} lies in no county")
    return county


def _policy_for(team: Team, today: datetime.date) -> rules.Policy:
    return county_policy(_county_of(team), today)


def requires_reason(team: Team, today: datetime.date) -> bool:
    """Whether a member leaving or being swapped needs a reason on record (ZMD-CHANGE in force)."""
    return _policy_for(team, today).in_force(CHANGE_PROVISION) is not None


def _filed_with(policy: rules.Policy) -> list[str]:
    provision = policy.in_force(CHANGE_PROVISION)
    return sorted(provision.values["filed_with"]) if provision is not None else []


def _refuse_before_term(team: Team, changed_on: datetime.date) -> None:
    if changed_on < team.term_start:
        raise errors.ServiceError(
            errors.CHANGE_BEFORE_TERM,
            errors.CHANGE_BEFORE_TERM_MSG.format(
                day=changed_on.isoformat(), start=team.term_start.isoformat()
            ),
            "changed_on",
        )


def membership_change_record(
    *,
    actor: User | None,
    membership: Membership,
    kind: str,
    changed_on: datetime.date,
    reason: str = "",
    source: str = Source.FORM,
    today: datetime.date,
    successor: Membership | None = None,
    policy: rules.Policy | None = None,
) -> MembershipChange:
    """File one change, entered (and so filed) ``today``. Runs in the caller's transaction. A change
    dated before the team's term is refused; in Zhumadian a leave or swap needs a reason."""
    team = membership.team
    _refuse_before_term(team, changed_on)
    reason = (reason or "").strip()
    policy = policy or _policy_for(team, today)
    if kind in (Kind.LEAVE, Kind.SWAP) and not reason and policy.in_force(CHANGE_PROVISION) is not None:
        raise errors.ServiceError(errors.CHANGE_REASON_REQUIRED, errors.CHANGE_REASON_REQUIRED_MSG, "reason")
    if kind == Kind.JOIN:
        merged = _merge_swap(membership, today)
        if merged is not None:
            return merged
    return MembershipChange.objects.create(
        team=team,
        membership=membership,
        successor=successor,
        kind=kind,
        changed_on=changed_on,
        reason=reason[:200],
        filed_on=today,
        filed_with=_filed_with(policy),
        source=source,
        created_by=actor,
    )


def _merge_swap(joined: Membership, today: datetime.date) -> MembershipChange | None:
    """A join that replaces a member who left the same team (same role) the day before or that day
    turns the leave into one swap, filed when the successor is entered."""
    leave = (
        MembershipChange.objects.select_for_update()
        .filter(
            team_id=joined.team_id,
            kind=Kind.LEAVE,
            successor__isnull=True,
            membership__role=joined.role,
            membership__end__gte=joined.start - _SWAP_GAP,
            membership__end__lte=joined.start,
        )
        .exclude(membership_id=joined.pk)
        .order_by("-changed_on", "-pk")
        .first()
    )
    if leave is None:
        return None
    leave.kind, leave.successor, leave.changed_on, leave.filed_on = Kind.SWAP, joined, joined.start, today
    leave.save(update_fields=["kind", "successor", "changed_on", "filed_on"])
    return leave


# --- the hooks of the writers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Before:
    """A posting as it stood before a form changed it."""

    role: str
    is_leader: bool
    end: datetime.date | None


def before_of(membership: Membership) -> Before | None:
    if membership.pk is None:
        return None
    row = Membership.objects.filter(pk=membership.pk).values("role", "is_leader", "end").first()
    return Before(row["role"], row["is_leader"], row["end"]) if row else None


def _ends_earlier(before: Before, end: datetime.date | None) -> bool:
    return end is not None and (before.end is None or end < before.end)


def check_membership_form(*, membership: Membership, before: Before | None, today: datetime.date) -> None:
    """Refuse, before anything is written, a form that ends a posting without a reason in Zhumadian."""
    if before is None or not _ends_earlier(before, membership.end):
        return
    if not membership.end_reason.strip() and requires_reason(membership.team, today):
        raise errors.ServiceError(
            errors.CHANGE_REASON_REQUIRED, errors.CHANGE_REASON_REQUIRED_MSG, "end_reason"
        )


def membership_saved(
    *, actor: User, membership: Membership, before: Before | None, today: datetime.date
) -> list[MembershipChange]:
    """File what a form's save changed: a join, a leave (or the swap it completes), a role change."""
    filed: list[MembershipChange] = []
    common: dict[str, Any] = {"actor": actor, "membership": membership, "source": Source.FORM, "today": today}
    if before is None:
        filed.append(membership_change_record(kind=Kind.JOIN, changed_on=membership.start, **common))
        return filed
    if before.role != membership.role or before.is_leader != membership.is_leader:
        day = max(today, membership.start)
        filed.append(membership_change_record(kind=Kind.ROLE, changed_on=day, reason="", **common))
    recalled = MembershipChange.objects.filter(membership=membership, source=Source.RECALL).exists()
    if _ends_earlier(before, membership.end) and not recalled:  # a recall has filed the leave already
        assert membership.end is not None
        filed.append(
            membership_change_record(
                kind=Kind.LEAVE, changed_on=membership.end, reason=membership.end_reason, **common
            )
        )
    return filed


@dataclass(frozen=True)
class Joined:
    """A posting an import created, as the import wrote it (no need to read it back)."""

    pk: int
    team_id: int
    role: str
    start: datetime.date


def import_saved(
    *,
    actor: User | None,
    county: Region,
    joined: Sequence[Joined],
    updated: Sequence[tuple[int, dict[str, Any]]],
    batch_label: str,
    today: datetime.date,
) -> int:
    """File the changes a roster import into ``county`` made: its new postings (joins, or swaps they
    complete), postings it ended before the team's term and changed roles. The import has checked every
    posting lies in its team's term. Returns how many records were filed."""
    reason = f"花名册导入：{batch_label}"[:200]
    policy = county_policy(county, today)
    common: dict[str, Any] = {"actor": actor, "source": Source.IMPORT, "today": today, "policy": policy}
    count = 0
    if updated:
        postings = Membership.objects.filter(pk__in=[pk for pk, _ in updated]).select_related("team")
        by_pk = {m.pk: m for m in postings}
        # Leaves first, so a join in the same file completes the swap.
        for pk, values in updated:
            m = by_pk[pk]
            term_end = m.team.term_end
            if "end" in values and m.end is not None and (term_end is None or m.end < term_end):
                reason_for = m.end_reason or reason
                membership_change_record(
                    membership=m, kind=Kind.LEAVE, changed_on=m.end, reason=reason_for, **common
                )
                count += 1
            if "role" in values or "is_leader" in values:
                day = max(today, m.start)
                membership_change_record(
                    membership=m, kind=Kind.ROLE, changed_on=day, reason=reason, **common
                )
                count += 1
    # Joins: one query for the teams with a leave a join might complete, then one insert for the rest.
    open_leaves = set(
        MembershipChange.objects.filter(
            team__village__township__parent=county, kind=Kind.LEAVE, successor__isnull=True
        ).values_list("team_id", flat=True)
    )
    filed_with = json.dumps(_filed_with(policy))  # as COPY takes JSON: text
    actor_id = actor.pk if actor is not None else None
    plain: list[dict[str, Any]] = []
    for join in joined:
        if join.team_id in open_leaves:
            posting = Membership.objects.select_related("team").get(pk=join.pk)
            if _merge_swap(posting, today) is not None:
                count += 1
                continue
        plain.append(
            {
                "team_id": join.team_id,
                "membership_id": join.pk,
                "successor_id": None,
                "kind": Kind.JOIN.value,
                "changed_on": join.start,
                "reason": reason,
                "filed_on": today,
                "filed_with": filed_with,
                "source": Source.IMPORT.value,
                "created_by_id": actor_id,
            }
        )
    _insert(plain)
    return count + len(plain)


def _insert(rows: list[dict[str, Any]]) -> None:
    """The import's plain joins ({attname: value}, the filing offices as JSON text): on PostgreSQL one
    COPY, as the import writes its postings (a first import is tens of thousands of joins)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        records = [MembershipChange(**(row | {"filed_with": json.loads(row["filed_with"])})) for row in rows]
        MembershipChange.objects.bulk_create(records, batch_size=2000)
        return
    from .roster.commit import insert

    insert(MembershipChange, rows, timezone.now(), returning=False)


def recall_filed(
    *, actor: User, membership: Membership, recalled_on: datetime.date, reasons: str, today: datetime.date
) -> MembershipChange:
    """A recall (召回) takes the cadre out of the team: filed as a leave with the recall's reasons."""
    return membership_change_record(
        actor=actor,
        membership=membership,
        kind=Kind.LEAVE,
        changed_on=recalled_on,
        reason=reasons,
        source=Source.RECALL,
        today=today,
    )


# --- the ledger (selectors) ---------------------------------------------------------------------------


@dataclass
class ChangeRow:
    change: MembershipChange
    findings: list[rules.Finding] = field(default_factory=list)

    @property
    def state(self) -> str:
        return "逾期备案" if self.findings else "按时备案"


@dataclass
class Ledger:
    county: Region
    start: datetime.date
    end: datetime.date
    judged: bool  # ZMD-CHANGE in force: lateness is judged
    members: list[Membership]
    rows: list[ChangeRow]

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.findings)


def judge(change: MembershipChange, policy: rules.Policy, today: datetime.date) -> list[rules.Finding]:
    return policy.check_membership_change(
        change.changed_on, change.filed_on, today, filed_with=change.filed_with
    )


def ledger(
    user: Any, county: Region, *, start: datetime.date, end: datetime.date, today: datetime.date
) -> Ledger:
    """The county's current members per team (as the user may see them) and the changes dated in
    [start, end] with their filing state."""
    policy = county_policy(county, today)
    members = list(
        Membership.objects.for_user(user)
        .filter(team__village__township__parent=county)
        .active_on(today)
        .select_related("team__village__township", "cadre", "dispatching_unit")
        .order_by("team__village__township__path", "team__village__name", "-is_leader", "role", "cadre__name")
    )
    rows = change_rows(user, county, start=start, end=end, today=today, policy=policy)
    judged = policy.in_force(CHANGE_PROVISION) is not None
    return Ledger(county, start, end, judged, members, rows)


def change_rows(
    user: Any,
    county: Region,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    policy: rules.Policy | None = None,
) -> list[ChangeRow]:
    """The county's changes dated in [start, end] (as the user may see them), each judged (ZMD-CHANGE)."""
    policy = policy or county_policy(county, today)
    changes: QuerySet[MembershipChange] = (
        MembershipChange.objects.for_user(user)
        .filter(team__village__township__parent=county, changed_on__gte=start, changed_on__lte=end)
        .select_related(
            "team__village__township",
            "membership__cadre",
            "membership__dispatching_unit",
            "successor__cadre",
            "created_by",
        )
    )
    return [ChangeRow(c, judge(c, policy, today)) for c in changes]
