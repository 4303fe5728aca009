"""A leave request from submission to its end: submit, decide, cancel, return, and the overdue flag.
Keyword-only, one transaction each, a Chinese ServiceError on refusal.

Every step writes a LeaveEvent (the audit trail) and tells the people concerned (Notification, and
e-mail where the recipient has an address). Decisions lock the request row, and the database allows
one decision per office, so two approvers at once or a double click never yield two decisions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Office, User
from attendance.days import services as days_services
from attendance.models import (
    Decision,
    EventAction,
    LeaveEvent,
    LeaveKind,
    LeaveRequest,
    LeaveStatus,
    half_day_slot,
)
from core.params import clean_text
from teams import rules
from teams.county_policy import county_policy
from teams.models import Cadre, Membership

from .. import errors, selectors
from ..errors import ServiceError
from ..notifications import notify
from .attachments import validate_attachment

MAX_SPAN_DAYS = 366  # an input sanity bound, not a policy value


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _fmt(day: datetime.date) -> str:
    return f"{day:%Y-%m-%d}"


def _event(
    leave: LeaveRequest,
    action: str,
    *,
    user: User | None = None,
    office: str = "",
    on_behalf_of: User | None = None,
    comment: str = "",
) -> LeaveEvent:
    return LeaveEvent.objects.create(
        request=leave, action=action, user=user, office=office, on_behalf_of=on_behalf_of, comment=comment
    )


def _notify_offices(
    offices: Iterable[str], leave: LeaveRequest, text: str, today: datetime.date, *, skip: User | None = None
) -> None:
    users = [u for office in offices for u in selectors.office_users(office, leave, today)]
    notify(recipients=users, leave=leave, text=text, skip=skip)


# --- submit ---------------------------------------------------------------------------------


def _resolve_cadre(actor: User, cadre: Cadre | int | None) -> Cadre:
    if actor.office == Office.CADRE:
        cadre_id = cadre.pk if isinstance(cadre, Cadre) else cadre
        if cadre_id is not None and cadre_id != actor.cadre_id:
            raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG, "cadre")
        return actor.cadre  # type: ignore[return-value]
    if actor.office != Office.TOWNSHIP_COMMITTEE:
        raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
    cadre_id = cadre.pk if isinstance(cadre, Cadre) else cadre
    found = Cadre.objects.for_user(actor).filter(pk=cadre_id).first() if cadre_id is not None else None
    if found is None:
        raise ServiceError(errors.CADRE_UNKNOWN, errors.CADRE_UNKNOWN_MSG, "cadre")
    return found


def _serving_membership(actor: User, cadre: Cadre, today: datetime.date, start: datetime.date) -> Membership:
    memberships = Membership.objects.filter(cadre=cadre).select_related(
        "team__village__township__parent", "dispatching_unit"
    )
    found = memberships.active_on(today).first() or memberships.active_on(start).first()
    if found is None:
        raise ServiceError(errors.NO_MEMBERSHIP, errors.NO_MEMBERSHIP_MSG.format(cadre=cadre.name), "cadre")
    if (
        actor.office == Office.TOWNSHIP_COMMITTEE
        and not Membership.objects.for_user(actor).filter(pk=found.pk).exists()
    ):
        # The clerk reaches the cadre only through another (past) team: not theirs to file for.
        raise ServiceError(errors.CADRE_UNKNOWN, errors.CADRE_UNKNOWN_MSG, "cadre")
    return found


def leave_request_submit(
    *,
    actor: User,
    start: datetime.date,
    end: datetime.date,
    kind: str,
    reason: str,
    cadre: Cadre | int | None = None,
    half_day_start: bool = False,
    half_day_end: bool = False,
    attachment: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> LeaveRequest:
    """A cadre asks for leave, or a township clerk asks on a cadre's behalf.

    The route is computed from the county's policy (with its settings) in force today and stored.
    """
    today = _today(today)
    target = _resolve_cadre(actor, cadre)
    if kind not in LeaveKind.values:
        raise ServiceError(errors.BAD_KIND, errors.BAD_KIND_MSG, "kind")
    reason = clean_text(reason, label="请假事由", field="reason")
    if not reason:
        raise ServiceError(errors.NO_REASON, errors.NO_REASON_MSG, "reason")
    if end < start:
        raise ServiceError(errors.END_BEFORE_START, errors.END_BEFORE_START_MSG, "end")
    if start == end and half_day_start and half_day_end:
        raise ServiceError(errors.HALF_DAYS_SAME_DAY, errors.HALF_DAYS_SAME_DAY_MSG, "half_day_end")
    if start < today:
        raise ServiceError(
            errors.STARTS_IN_PAST, errors.STARTS_IN_PAST_MSG.format(today=_fmt(today)), "start"
        )
    if (end - start).days + 1 > MAX_SPAN_DAYS:
        raise ServiceError(errors.TOO_LONG, errors.TOO_LONG_MSG.format(days=MAX_SPAN_DAYS), "end")
    if attachment is not None:
        validate_attachment(attachment)
    membership = _serving_membership(actor, target, today, start)
    township = membership.team.village.township
    county = township.parent
    assert county is not None
    policy = county_policy(county, today)
    days = selectors.count_leave_days(
        start=start,
        end=end,
        half_day_start=half_day_start,
        half_day_end=half_day_end,
        working_days_only=policy.leave_counts_working_days,
        # the county's own work calendar, not only the national one (issue 10, correction 12)
        workdays=days_services.working_days(county, start, end) if policy.leave_counts_working_days else None,
    )
    if days <= 0:
        raise ServiceError(errors.NO_DAYS, errors.NO_DAYS_MSG, "end")
    try:
        route = policy.leave_route(days)
    except LookupError as exc:
        raise ServiceError(
            errors.NO_POLICY, errors.NO_POLICY_MSG.format(county=county, on=_fmt(today))
        ) from exc
    start_slot, end_slot = half_day_slot(start, half_day_start), half_day_slot(end, not half_day_end)
    try:
        with transaction.atomic():
            # One submission per cadre at a time: the overlap check below then sees the other's row.
            Cadre.objects.select_for_update().filter(pk=target.pk).first()
            clash = selectors.holding_clash(target.pk, start_slot, end_slot)
            if clash is not None:
                raise ServiceError(
                    errors.OVERLAP,
                    errors.OVERLAP_MSG.format(
                        cadre=target.name, period=clash.period_label, status=clash.get_status_display()
                    ),
                    "start",
                )
            leave = LeaveRequest(
                cadre=target,
                membership=membership,
                county=county,
                township=township,
                dispatching_unit=membership.dispatching_unit,
                kind=kind,
                reason=reason,
                start=start,
                end=end,
                half_day_start=half_day_start,
                half_day_end=half_day_end,
                days=days,
                start_slot=start_slot,
                end_slot=end_slot,
                requested_on=today,
                policy_code=policy.code,
                route_approvers=LeaveRequest.encode_offices(route.approvers),
                route_filed_with=LeaveRequest.encode_offices(route.filed_with),
                route_provision=route.provision,
                route_threshold=route.threshold_days,
                route_upper=route.upper,
                route_is_county_value=route.is_county_value,
                requested_by=actor,
            )
            if attachment is not None:
                leave.attachment = attachment
            leave.save()
            on_behalf = "" if actor.office == Office.CADRE else f"（{actor.jurisdiction_label}代为申请）"
            _event(
                leave,
                EventAction.SUBMITTED,
                user=actor,
                office=actor.office,
                comment=f"{leave.get_kind_display()}{days}天，{route.description}（{route.provision}）{on_behalf}",
            )
            _notify_offices(
                leave.approvers,
                leave,
                f"待审批：{target.name}请{leave.get_kind_display()}{days}天（{leave.period_label}）",
                today,
            )
    except IntegrityError as exc:
        if "leave_no_overlap" in str(exc):
            raise ServiceError(errors.OVERLAP, errors.OVERLAP_GENERIC_MSG, "start") from exc
        raise
    return leave


# --- decide ---------------------------------------------------------------------------------


def _locked(leave: LeaveRequest | int) -> LeaveRequest:
    pk = leave.pk if isinstance(leave, LeaveRequest) else leave
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("cadre", "township__parent", "dispatching_unit", "requested_by")
        .get(pk=pk)
    )


def leave_request_decide(
    *,
    actor: User,
    leave: LeaveRequest | int,
    decision: str,
    comment: str = "",
    today: datetime.date | None = None,
) -> LeaveRequest:
    """The actor's office approves or rejects. Joint routes need every office; a rejection ends it."""
    today = _today(today)
    if decision not in Decision.values:
        raise ServiceError(errors.BAD_DECISION, errors.BAD_DECISION_MSG, "decision")
    comment = clean_text(comment, label="审批意见", field="comment")
    if decision == Decision.REJECT and not comment:
        raise ServiceError(errors.REJECT_NEEDS_COMMENT, errors.REJECT_NEEDS_COMMENT_MSG, "comment")
    try:
        with transaction.atomic():
            # The row lock makes a second approver (or a second click) wait and then see this decision.
            locked = _locked(leave)
            capacity = selectors.decision_capacity(actor, locked, today)
            if capacity is None:
                raise ServiceError(errors.NOT_AWAITED, errors.NOT_AWAITED_MSG)
            locked.decisions.create(
                office=capacity.office,
                decision=decision,
                comment=comment,
                user=actor,
                on_behalf_of=capacity.on_behalf_of,
            )
            office_name = rules.OFFICE_NAMES[capacity.office]
            _event(
                locked,
                EventAction.APPROVED if decision == Decision.APPROVE else EventAction.REJECTED,
                user=actor,
                office=capacity.office,
                on_behalf_of=capacity.on_behalf_of,
                comment=comment,
            )
            label = f"{locked.cadre.name}{locked.period_label}的请假"
            if decision == Decision.REJECT:
                locked.status = LeaveStatus.REJECTED
                locked.decided_at = timezone.now()
                locked.save(update_fields=["status", "decided_at", "updated_at"])
                notify(
                    recipients=selectors.cadre_users(locked),
                    leave=locked,
                    text=f"{office_name}未批准{label}：{comment}",
                )
                others = [o for o in locked.approvers if o != capacity.office]
                _notify_offices(others, locked, f"{office_name}未批准{label}，申请已结束", today, skip=actor)
            elif not locked.awaiting:
                locked.status = LeaveStatus.APPROVED
                locked.decided_at = timezone.now()
                locked.save(update_fields=["status", "decided_at", "updated_at"])
                days_services.leave_days_sync(leave=locked)  # approved leave → `leave` days
                notify(
                    recipients=selectors.cadre_users(locked),
                    leave=locked,
                    text=f"{label}已批准（{locked.route_description}）",
                )
                for office in locked.filed_with:
                    _event(
                        locked,
                        EventAction.FILED,
                        office=office,
                        comment=f"报{rules.OFFICE_NAMES[office]}备案（{locked.route_provision}）",
                    )
                _notify_offices(locked.filed_with, locked, f"备案：{label}已由{office_name}批准", today)
            else:
                waiting = "、".join(locked.awaiting_names)
                notify(
                    recipients=selectors.cadre_users(locked),
                    leave=locked,
                    text=f"{office_name}已批准{label}，尚待{waiting}审批",
                )
    except IntegrityError as exc:
        # Only reachable if the row lock was bypassed: the unique (request, office) guard held.
        raise ServiceError(errors.NOT_AWAITED, errors.NOT_AWAITED_MSG) from exc
    return locked


# --- cancel and return ----------------------------------------------------------------------


def leave_request_cancel(
    *, actor: User, leave: LeaveRequest | int, comment: str = "", today: datetime.date | None = None
) -> LeaveRequest:
    """The cadre (or the township clerk) withdraws a pending or approved leave before it starts."""
    today = _today(today)
    comment = clean_text(comment, label="说明", field="comment")
    with transaction.atomic():
        locked = _locked(leave)
        if not selectors.may_act_for_cadre(actor, locked):
            raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
        if locked.status not in (LeaveStatus.PENDING, LeaveStatus.APPROVED) or today >= locked.start:
            raise ServiceError(errors.CANNOT_CANCEL, errors.CANNOT_CANCEL_MSG)
        was = locked.status
        awaiting = locked.awaiting
        locked.status = LeaveStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        days_services.leave_days_sync(leave=locked)
        _event(locked, EventAction.CANCELLED, user=actor, office=actor.office, comment=comment)
        text = f"{locked.cadre.name}已撤销{locked.period_label}的请假"
        offices = awaiting if was == LeaveStatus.PENDING else [*locked.approvers, *locked.filed_with]
        _notify_offices(offices, locked, text, today, skip=actor)
        notify(recipients=selectors.cadre_users(locked), leave=locked, text=text, skip=actor)
    return locked


def leave_request_return(
    *,
    actor: User,
    leave: LeaveRequest | int,
    returned_on: datetime.date,
    comment: str = "",
    today: datetime.date | None = None,
) -> LeaveRequest:
    """销假 (ALL-RETURN; in Sichuan the county's own rule, SC-LEAVE): the cadre (or the township clerk)
    reports the day they were back."""
    today = _today(today)
    text_comment = clean_text(comment, label="说明", field="comment")
    with transaction.atomic():
        locked = _locked(leave)
        if not selectors.may_act_for_cadre(actor, locked):
            raise ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)
        if locked.status != LeaveStatus.APPROVED:
            raise ServiceError(errors.CANNOT_RETURN, errors.CANNOT_RETURN_MSG)
        if returned_on < locked.start:
            raise ServiceError(errors.RETURN_BEFORE_START, errors.RETURN_BEFORE_START_MSG, "returned_on")
        if returned_on > today:
            raise ServiceError(
                errors.RETURN_IN_FUTURE, errors.RETURN_IN_FUTURE_MSG.format(today=_fmt(today)), "returned_on"
            )
        locked.status = LeaveStatus.CLOSED
        locked.returned_on = returned_on
        locked.save(update_fields=["status", "returned_on", "updated_at"])
        days_services.leave_days_sync(leave=locked)
        note = f"{_fmt(returned_on)}返岗"
        late = (returned_on - locked.expected_return).days
        if late > 0:
            note += f"，比应返岗日期（{_fmt(locked.expected_return)}）晚{late}天"
        _event(
            locked,
            EventAction.RETURNED,
            user=actor,
            office=actor.office,
            comment=f"{note}{'；' + text_comment if text_comment else ''}",
        )
        offices = {Office.TOWNSHIP_COMMITTEE.value, *locked.approvers, *locked.filed_with}
        _notify_offices(sorted(offices), locked, f"{locked.cadre.name}已销假：{note}", today, skip=actor)
    return locked


def leave_flag_overdue(*, today: datetime.date | None = None) -> int:
    """Flag approved leaves whose cadre is due back and has not reported, once each, to the township
    and the county offices (and remind the cadre). Returns how many were flagged."""
    today = _today(today)
    flagged = 0
    candidates = LeaveRequest.objects.overdue_on(today).filter(overdue_flagged_on__isnull=True)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            leave = _locked(pk)
            if not leave.is_overdue(today) or leave.overdue_flagged_on is not None:
                continue
            leave.overdue_flagged_on = today
            leave.save(update_fields=["overdue_flagged_on", "updated_at"])
            text = (
                f"逾期未销假：{leave.cadre.name}应于{_fmt(leave.expected_return)}返岗，"
                f"尚未销假（{leave.return_citation}）"
            )
            _event(leave, EventAction.OVERDUE, comment=text)
            offices = (Office.TOWNSHIP_COMMITTEE, Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU)
            _notify_offices(offices, leave, text, today)
            notify(
                recipients=selectors.cadre_users(leave),
                leave=leave,
                text=f"请及时销假：您应于{_fmt(leave.expected_return)}返岗",
            )
            flagged += 1
    return flagged
