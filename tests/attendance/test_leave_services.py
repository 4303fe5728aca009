"""The leave services: routes on the boundaries of both demo policies, joint approval, rejection,
overlap, cancel, return and overdue (substitutes: test_leave_substitutes.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.leave import errors, selectors, services
from attendance.leave.errors import ServiceError
from attendance.models import EventAction, LeaveEvent, LeaveRequest, LeaveStatus, Notification
from teams.models import PolicyOverride, Region
from tests.builders import make_posting

from .helpers import day, decide, free_cadre, submit, user

pytestmark = pytest.mark.django_db

TOWNSHIP = ["township_committee"]
ORG = ["county_org_dept"]
COUNTY_PAIR = ["county_org_dept", "county_rural_bureau"]
JOINT = ["county_org_dept", "county_rural_bureau", "dispatching_unit"]


def pingyin_submit(start: int, end: int, **kwargs: object) -> LeaveRequest:
    return submit(by="township2", cadre=free_cadre("孔村镇"), start=start, end=end, **kwargs)  # type: ignore[arg-type]


# (start offset, end offset, half_day_start, half_day_end) → days
SPANS = {
    "0.5": (20, 20, True, False),
    "3": (20, 22, False, False),
    "3.5": (20, 23, False, True),
    "4": (20, 23, False, False),
    "7": (20, 26, False, False),
    "7.5": (20, 27, True, False),
    "8": (20, 27, False, False),
}


@pytest.mark.parametrize(
    ("days", "approvers", "filed_with"),
    [
        ("0.5", TOWNSHIP, COUNTY_PAIR),
        ("3", TOWNSHIP, COUNTY_PAIR),
        ("7", TOWNSHIP, COUNTY_PAIR),
        ("7.5", JOINT, []),
        ("8", JOINT, []),
    ],
)
def test_xiping_routes_on_the_zhumadian_boundary(
    days: str, approvers: list[str], filed_with: list[str]
) -> None:
    start, end, hs, he = SPANS[days]
    leave = submit(start=start, end=end, half_day_start=hs, half_day_end=he)
    assert leave.days == Decimal(days)
    assert (leave.approvers, leave.filed_with, leave.route_provision) == (approvers, filed_with, "ZMD-LEAVE")
    assert leave.awaiting == approvers and leave.status == LeaveStatus.PENDING


@pytest.mark.parametrize(
    ("days", "approvers"),
    [("0.5", TOWNSHIP), ("3", TOWNSHIP), ("3.5", ORG), ("4", ORG), ("8", ORG)],
)
def test_pingyin_routes_on_the_jinan_boundary(days: str, approvers: list[str]) -> None:
    start, end, hs, he = SPANS[days]
    leave = pingyin_submit(start, end, half_day_start=hs, half_day_end=he)
    assert leave.days == Decimal(days)
    assert (leave.approvers, leave.filed_with, leave.route_provision) == (approvers, [], "JN-LEAVE")


def test_the_route_is_stored_and_a_later_policy_change_does_not_reroute() -> None:
    leave = submit(start=20, end=25)  # 6 days: township under Zhumadian's 7
    PolicyOverride.objects.create(
        county=Region.objects.get(name="西平县"),
        key="leave_threshold_days",
        provision="ZMD-LEAVE",
        value="5",
        reason="本县请销假制度",
        created_by=user("county"),
    )
    leave.refresh_from_db()
    assert leave.approvers == TOWNSHIP
    later = submit(cadre=make_posting("李楼村").cadre, start=20, end=25)
    assert later.approvers == JOINT and later.route_is_county_value


def test_the_county_may_count_working_days() -> None:
    PolicyOverride.objects.create(
        county=Region.objects.get(name="平阴县"),
        key="leave_count_working_days",
        provision="JN-LEAVE",
        value=True,
        reason="按工作日计算",
        created_by=user("county2"),
    )
    # 2026-11-28/29 is a weekend: a Friday-to-Monday leave is two working days.
    leave = services.leave_request_submit(
        actor=user("township2"),
        cadre=free_cadre("孔村镇"),
        start=datetime.date(2026, 11, 27),
        end=datetime.date(2026, 11, 30),
        kind="personal",
        reason="家事",
        today=datetime.date(2026, 11, 20),
    )
    assert leave.days == Decimal(2) and leave.approvers == TOWNSHIP


def test_joint_approval_needs_every_office() -> None:
    leave = submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=27, half_day_start=True)  # 7.5
    assert leave.awaiting == JOINT
    decide(leave, "county")
    decide(leave, "bureau")
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PENDING and leave.awaiting == ["dispatching_unit"]
    decide(leave, "unit")
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED and leave.awaiting == [] and leave.decided_at is not None
    assert [d.office for d in leave.decisions.all()] == JOINT


def test_a_short_leave_is_filed_with_the_county_offices_on_approval() -> None:
    leave = submit(start=20, end=21)
    decide(leave, "township")
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
    filed = LeaveEvent.objects.filter(request=leave, action=EventAction.FILED)
    assert sorted(filed.values_list("office", flat=True)) == COUNTY_PAIR
    assert Notification.objects.filter(
        request=leave, recipient=user("county"), text__startswith="备案"
    ).exists()
    assert leave in selectors.on_file(user("bureau"))


def test_a_rejection_ends_the_request_and_the_others_are_no_longer_awaited() -> None:
    leave = submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=28)
    decide(leave, "county")
    decide(leave, "unit", "reject", "单位工作繁忙")
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.REJECTED and leave.awaiting == []
    with pytest.raises(ServiceError) as refused:
        decide(leave, "bureau")
    assert refused.value.code == errors.NOT_AWAITED


def test_a_decision_is_final_and_once_per_office() -> None:
    leave = submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=28)
    decide(leave, "county")
    with pytest.raises(ServiceError) as refused:
        decide(leave, "county", "reject", "改变主意")
    assert refused.value.code == errors.NOT_AWAITED
    assert leave.decisions.count() == 1


@pytest.mark.parametrize("username", ["township", "city", "cadre", "county2", "township2"])
def test_offices_not_on_the_route_cannot_decide(username: str) -> None:
    leave = submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=28)
    with pytest.raises(ServiceError) as refused:
        decide(leave, username)
    assert refused.value.code == errors.NOT_AWAITED


def test_a_rejection_needs_a_reason() -> None:
    leave = submit()
    with pytest.raises(ServiceError) as refused:
        decide(leave, "township", "reject", "  ")
    assert refused.value.code == errors.REJECT_NEEDS_COMMENT


def test_overlapping_leaves_are_refused_but_half_days_can_meet() -> None:
    cadre = free_cadre()
    submit(cadre=cadre, start=20, end=22, half_day_end=True)
    with pytest.raises(ServiceError) as refused:
        submit(cadre=cadre, start=22, end=23)
    assert refused.value.code == errors.OVERLAP and "已有请假" in refused.value.message
    afternoon = submit(cadre=cadre, start=22, end=23, half_day_start=True)
    assert afternoon.days == Decimal("1.5")


def test_rejected_and_cancelled_leaves_do_not_block() -> None:
    cadre = free_cadre()
    first = submit(cadre=cadre, start=20, end=22)
    decide(first, "township", "reject", "不同意")
    second = submit(cadre=cadre, start=20, end=22)
    services.leave_request_cancel(actor=user("township"), leave=second)
    assert submit(cadre=cadre, start=20, end=22).status == LeaveStatus.PENDING


def test_the_database_refuses_an_overlap_the_service_did_not_see() -> None:
    leave = submit(start=20, end=22)
    twin = LeaveRequest.objects.get(pk=leave.pk)
    twin.pk = None
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError, match="leave_no_overlap"), transaction.atomic():
        twin.save()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"start": 20, "end": 19}, errors.END_BEFORE_START),
        ({"start": -1, "end": 2}, errors.STARTS_IN_PAST),
        ({"start": 20, "end": 20, "half_day_start": True, "half_day_end": True}, errors.HALF_DAYS_SAME_DAY),
        ({"kind": "holiday"}, errors.BAD_KIND),
        ({"reason": " "}, errors.NO_REASON),
        ({"start": 20, "end": 500}, errors.TOO_LONG),
    ],
)
def test_bad_requests_are_refused_with_a_chinese_message(fields: dict[str, object], code: str) -> None:
    with pytest.raises(ServiceError) as refused:
        submit(**fields)  # type: ignore[arg-type]
    assert refused.value.code == code and refused.value.message


def test_a_cadre_asks_only_for_themselves() -> None:
    leave = submit(by="cadre", start=60, end=61)
    assert leave.cadre == user("cadre").cadre and leave.requested_by == user("cadre")
    with pytest.raises(ServiceError) as refused:
        submit(by="cadre", cadre=free_cadre(), start=60, end=61)
    assert refused.value.code == errors.NOT_ALLOWED


@pytest.mark.parametrize("username", ["county", "bureau", "unit", "city", "county2"])
def test_only_the_cadre_or_the_township_asks(username: str) -> None:
    with pytest.raises(ServiceError) as refused:
        submit(by=username, cadre=free_cadre())
    assert refused.value.code == errors.NOT_ALLOWED


def test_a_township_clerk_cannot_ask_for_a_cadre_elsewhere() -> None:
    with pytest.raises(ServiceError) as refused:
        submit(by="township", cadre=free_cadre("孔村镇"))
    assert refused.value.code == errors.CADRE_UNKNOWN


def test_cancel_before_the_start_only() -> None:
    leave = submit(start=5, end=6)
    decide(leave, "township")
    with pytest.raises(ServiceError) as refused:
        services.leave_request_cancel(actor=user("township"), leave=leave, today=day(5))
    assert refused.value.code == errors.CANNOT_CANCEL
    with pytest.raises(ServiceError) as refused:
        services.leave_request_cancel(actor=user("county"), leave=leave, today=day(1))
    assert refused.value.code == errors.NOT_ALLOWED
    cancelled = services.leave_request_cancel(
        actor=user("township"), leave=leave, comment="行程取消", today=day(4)
    )
    assert cancelled.status == LeaveStatus.CANCELLED
    assert cancelled.events.filter(action=EventAction.CANCELLED, comment="行程取消").exists()


def test_return_closes_the_leave_and_notes_a_late_return() -> None:
    leave = submit(start=1, end=3)
    decide(leave, "township")
    with pytest.raises(ServiceError) as refused:
        services.leave_request_return(actor=user("township"), leave=leave, returned_on=day(7), today=day(6))
    assert refused.value.code == errors.RETURN_IN_FUTURE
    with pytest.raises(ServiceError) as refused:
        services.leave_request_return(actor=user("township"), leave=leave, returned_on=day(0), today=day(6))
    assert refused.value.code == errors.RETURN_BEFORE_START
    closed = services.leave_request_return(
        actor=user("township"), leave=leave, returned_on=day(6), today=day(6)
    )
    assert closed.status == LeaveStatus.CLOSED and closed.returned_on == day(6) and closed.returned_late
    assert "晚2天" in closed.events.get(action=EventAction.RETURNED).comment
    with pytest.raises(ServiceError) as refused:
        services.leave_request_return(actor=user("township"), leave=leave, returned_on=day(6), today=day(6))
    assert refused.value.code == errors.CANNOT_RETURN


def test_a_pending_leave_cannot_be_returned() -> None:
    leave = submit(start=1, end=3)
    with pytest.raises(ServiceError) as refused:
        services.leave_request_return(actor=user("township"), leave=leave, returned_on=day(4), today=day(4))
    assert refused.value.code == errors.CANNOT_RETURN


def test_an_overdue_return_is_flagged_once_to_the_township_and_county() -> None:
    leave = submit(start=1, end=2, half_day_end=True)
    decide(leave, "township")
    assert services.leave_flag_overdue(today=day(2)) == 0  # back on the afternoon of day 2
    assert services.leave_flag_overdue(today=day(3)) >= 1
    leave.refresh_from_db()
    assert leave.overdue_flagged_on == day(3) and leave.is_overdue(day(3))
    for username in ("township", "county", "bureau"):
        assert Notification.objects.filter(
            request=leave, recipient=user(username), text__startswith="逾期"
        ).exists()
    assert not Notification.objects.filter(request=leave, recipient=user("county2")).exists()
    assert services.leave_flag_overdue(today=day(4)) == 0
    assert leave.events.filter(action=EventAction.OVERDUE).count() == 1
    assert leave in selectors.overdue(user("county"), day(4))


def test_the_demo_has_flagged_overdue_leaves_in_every_county() -> None:
    flagged = LeaveRequest.objects.filter(overdue_flagged_on__isnull=False)
    assert {leave.county.name for leave in flagged} == {"西平县", "平阴县", "乐都区", "苍溪县"}


def test_notifications_go_to_the_next_approvers_and_to_the_cadre() -> None:
    leave = submit(by="cadre", start=60, end=68)  # joint
    for username in ("county", "bureau", "unit"):
        assert Notification.objects.filter(
            request=leave, recipient=user(username), text__startswith="待审批"
        ).exists()
    assert not Notification.objects.filter(request=leave, recipient=user("township")).exists()
    decide(leave, "county")
    assert Notification.objects.filter(request=leave, recipient=user("cadre"), text__contains="尚待").exists()


def test_email_where_the_recipient_has_an_address(
    mailoutbox: list[object], django_capture_on_commit_callbacks: Any
) -> None:
    county = user("county")
    county.email = "zzb@example.gov.cn"
    county.save()
    with django_capture_on_commit_callbacks(execute=True):
        leave = submit(by="cadre", start=60, end=68)
    assert Notification.objects.get(request=leave, recipient=county).emailed_at is not None
    assert any("zzb@example.gov.cn" in m.to for m in mailoutbox)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("note.pdf", b"%PDF-1.4 sick note", True),
        ("note.png", b"\x89PNG\r\n\x1a\n....", True),
        ("note.exe", b"MZ....", False),
        ("note.pdf", b"<html>not a pdf", False),
        ("big.pdf", b"%PDF" + b"0" * (services.ATTACHMENT_MAX_MB * 1024 * 1024), False),
    ],
)
def test_attachments_are_checked(
    name: str, content: bytes, ok: bool, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    upload = SimpleUploadedFile(name, content)
    if ok:
        leave = submit(kind="sick", attachment=upload)
        assert leave.attachment.name is not None
        assert leave.attachment.name.startswith("leave/")
    else:
        with pytest.raises(ServiceError) as refused:
            submit(kind="sick", attachment=upload)
        assert refused.value.code == errors.BAD_ATTACHMENT


def test_approved_leave_days_for_attendance() -> None:
    cadre = free_cadre()
    leave = submit(cadre=cadre, start=1, end=3, half_day_start=True)
    assert selectors.leave_on_dates([cadre.pk], day(0), day(10)) == {}
    decide(leave, "township")
    days = selectors.leave_on_dates([cadre.pk], day(0), day(10))[cadre.pk]
    assert days == {day(1): Decimal("0.5"), day(2): Decimal(1), day(3): Decimal(1)}
    services.leave_request_return(actor=user("township"), leave=leave, returned_on=day(3), today=day(3))
    assert selectors.leave_on_dates([cadre.pk], day(0), day(10))[cadre.pk] == {
        day(1): Decimal("0.5"),
        day(2): Decimal(1),
    }


def test_the_overdue_job_is_scheduled_and_runs() -> None:
    from django.conf import settings

    from attendance.leave.tasks import flag_overdue_returns

    entry = settings.CELERY_BEAT_SCHEDULE["attendance-flag-overdue-returns"]
    assert entry["task"] == flag_overdue_returns.name
    leave = submit(start=0, end=0)
    decide(leave, "township")
    LeaveRequest.objects.filter(pk=leave.pk).update(
        start=day(-3), end=day(-3), start_slot=leave.start_slot - 6, end_slot=leave.end_slot - 6
    )
    # apply() runs the task here whatever the broker: the job itself is what is tested.
    assert flag_overdue_returns.apply().get() == 1
