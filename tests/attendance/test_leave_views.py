"""The leave pages: each office does its part in the browser, and every view answers 404 outside.

"Alice owns it, Bob is in the other county": requests of 西平县 against ``county2``, requests of 平阴县
against the 西平县 logins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.models import LeaveRequest, LeaveStatus, Notification

from .helpers import day, free_cadre, submit, user

pytestmark = pytest.mark.django_db


def xiping_joint() -> LeaveRequest:
    """The demo cadre's 7.5-day leave waiting for county, bureau and unit."""
    return LeaveRequest.objects.get(cadre=user("cadre").cadre, days="7.5", status=LeaveStatus.PENDING)


def pingyin_pending() -> LeaveRequest:
    return LeaveRequest.objects.get(county__name="平阴县", days="3.5", status=LeaveStatus.PENDING)


def post(client: Any, name: str, pk: int, data: dict[str, str] | None = None) -> Any:
    return client.post(reverse(f"attendance:{name}", args=[pk]), data or {})


PER_REQUEST = ["leave_detail", "leave_attachment"]
PER_REQUEST_POST = ["leave_decide", "leave_cancel", "leave_return"]


@pytest.mark.parametrize("username", ["county2", "township2"])
@pytest.mark.parametrize("name", PER_REQUEST + PER_REQUEST_POST)
def test_a_xiping_request_is_404_for_pingyin(as_user: Callable[[str], Any], username: str, name: str) -> None:
    leave = xiping_joint()
    client = as_user(username)
    url = reverse(f"attendance:{name}", args=[leave.pk])
    response = client.post(url, {"decision": "approve"}) if name in PER_REQUEST_POST else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["county", "bureau", "township", "unit", "cadre", "city"])
@pytest.mark.parametrize("name", PER_REQUEST + PER_REQUEST_POST)
def test_a_pingyin_request_is_404_for_xiping(as_user: Callable[[str], Any], username: str, name: str) -> None:
    leave = pingyin_pending()
    client = as_user(username)
    url = reverse(f"attendance:{name}", args=[leave.pk])
    response = client.post(url, {"decision": "approve"}) if name in PER_REQUEST_POST else client.get(url)
    assert response.status_code == 404
    assert not leave.decisions.exists()


@pytest.mark.parametrize("username", ["unit", "cadre"])
def test_a_request_of_another_unit_or_cadre_is_404(as_user: Callable[[str], Any], username: str) -> None:
    leave = submit(cadre=free_cadre(unit="西平县人民医院"))
    assert as_user(username).get(leave.get_absolute_url()).status_code == 404
    assert as_user("township").get(leave.get_absolute_url()).status_code == 200


def test_a_notification_of_another_user_is_404(as_user: Callable[[str], Any]) -> None:
    note = Notification.objects.filter(recipient=user("county")).first()
    assert note is not None
    assert as_user("county2").post(reverse("attendance:notification_open", args=[note.pk])).status_code == 404
    assert as_user("bureau").post(reverse("attendance:notification_open", args=[note.pk])).status_code == 404
    assert as_user("county").post(reverse("attendance:notification_open", args=[note.pk])).status_code == 302


def test_opening_a_notification_reads_it_and_leads_to_its_leave(as_user: Callable[[str], Any]) -> None:
    note = (
        Notification.objects.filter(recipient=user("county"), read_at__isnull=True)
        .exclude(request=None)
        .first()
    )
    assert note is not None and note.request is not None
    client = as_user("county")
    url = reverse("attendance:notification_open", args=[note.pk])
    assert client.get(url).status_code == 405  # a GET never writes
    note.refresh_from_db()
    assert note.read_at is None
    list_page = client.get(reverse("attendance:notification_list")).content.decode()
    assert f'action="{url}"' in list_page and 'method="post"' in list_page
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == note.request.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_leave_page_reads_nothing_itself_but_offers_to(as_user: Callable[[str], Any]) -> None:
    leave = xiping_joint()
    unread = Notification.objects.for_user(user("county")).unread().filter(request=leave)
    assert unread.exists()
    client = as_user("county")
    page = client.get(leave.get_absolute_url()).content.decode()
    assert unread.exists()
    assert reverse("attendance:leave_read", args=[leave.pk]) in page and "标为已读" in page
    assert client.get(reverse("attendance:leave_read", args=[leave.pk])).status_code == 405
    response = post(client, "leave_read", leave.pk)
    assert response.status_code == 302 and response["Location"] == leave.get_absolute_url()
    assert not unread.exists()
    assert "标为已读" not in client.get(leave.get_absolute_url()).content.decode()


@pytest.mark.parametrize("username", ["county2", "township2"])
def test_reading_a_leaves_notifications_is_404_for_another_county(
    as_user: Callable[[str], Any], username: str
) -> None:
    leave = xiping_joint()
    assert post(as_user(username), "leave_read", leave.pk).status_code == 404


@pytest.mark.parametrize(
    ("username", "sees", "hidden"),
    [("county", "西平县", "平阴县"), ("county2", "平阴县", "西平县"), ("city", "西平县", "平阴县")],
)
def test_lists_show_only_the_users_county(
    as_user: Callable[[str], Any], username: str, sees: str, hidden: str
) -> None:
    page = as_user(username).get(reverse("attendance:leave_list"), {"view": "all"}).content.decode()
    assert sees in page and hidden not in page


def test_the_inbox_is_per_office(as_user: Callable[[str], Any]) -> None:
    joint = xiping_joint()
    for username in ("county", "bureau", "unit"):
        page = as_user(username).get(reverse("attendance:leave_list")).content.decode()
        assert joint.get_absolute_url() in page, username
    page = as_user("township").get(reverse("attendance:leave_list")).content.decode()
    assert joint.get_absolute_url() not in page


def test_the_75_day_leave_needs_county_bureau_and_unit_in_the_browser(as_user: Callable[[str], Any]) -> None:
    joint = xiping_joint()
    page = as_user("county").get(joint.get_absolute_url()).content.decode()
    assert "ZMD-LEAVE" in page and "共同批准" in page and "提交审批意见" in page
    assert "提交审批意见" not in as_user("township").get(joint.get_absolute_url()).content.decode()
    assert "提交审批意见" not in as_user("city").get(joint.get_absolute_url()).content.decode()
    for username in ("county", "bureau"):
        assert (
            post(
                as_user(username), "leave_decide", joint.pk, {"decision": "approve", "comment": "同意"}
            ).status_code
            == 302
        )
        joint.refresh_from_db()
        assert joint.status == LeaveStatus.PENDING
    post(as_user("unit"), "leave_decide", joint.pk, {"decision": "approve", "comment": "同意"})
    joint.refresh_from_db()
    assert joint.status == LeaveStatus.APPROVED
    page = as_user("cadre").get(joint.get_absolute_url()).content.decode()
    assert "办理记录" in page and page.count("批准") >= 3 and "撤销请假" in page


def test_a_double_click_records_one_decision(as_user: Callable[[str], Any]) -> None:
    joint = xiping_joint()
    client = as_user("county")
    post(client, "leave_decide", joint.pk, {"decision": "approve"})
    response = client.post(
        reverse("attendance:leave_decide", args=[joint.pk]), {"decision": "approve"}, follow=True
    )
    assert "不在（或已不在）等待您所在单位审批" in response.content.decode()
    assert joint.decisions.count() == 1


def test_the_cadre_asks_for_leave_with_a_sick_note(
    as_user: Callable[[str], Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = as_user("cadre")
    form = client.get(reverse("attendance:leave_form")).content.decode()
    assert 'name="cadre"' not in form
    response = client.post(
        reverse("attendance:leave_form"),
        {
            "kind": "sick",
            "start": day(60).isoformat(),
            "end": day(61).isoformat(),
            "half_day_end": "on",
            "reason": "发烧就医",
            "attachment": SimpleUploadedFile("note.pdf", b"%PDF-1.4 note"),
        },
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(cadre=user("cadre").cadre, start=day(60))
    assert str(leave.days) == "1.5" and leave.approvers == ["township_committee"]
    assert as_user("township").get(reverse("attendance:leave_attachment", args=[leave.pk])).status_code == 200


def test_a_bad_form_shows_the_chinese_message(as_user: Callable[[str], Any]) -> None:
    response = as_user("cadre").post(
        reverse("attendance:leave_form"),
        {
            "kind": "personal",
            "start": day(60).isoformat(),
            "end": day(59).isoformat(),
            "reason": "x",
        },
    )
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()


def test_the_township_asks_on_behalf_decides_and_reports_the_return(as_user: Callable[[str], Any]) -> None:
    cadre = free_cadre()
    client = as_user("township")
    assert str(cadre.pk) in client.get(reverse("attendance:leave_form")).content.decode()
    client.post(
        reverse("attendance:leave_form"),
        {
            "cadre": cadre.pk,
            "kind": "personal",
            "start": day(0).isoformat(),
            "end": day(0).isoformat(),
            "reason": "办事",
        },
    )
    leave = LeaveRequest.objects.get(cadre=cadre)
    post(client, "leave_decide", leave.pk, {"decision": "approve"})
    post(client, "leave_return", leave.pk, {"returned_on": day(0).isoformat()})
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.CLOSED and leave.returned_on == day(0)


def test_the_county_cannot_ask_for_leave(as_user: Callable[[str], Any]) -> None:
    assert as_user("county").get(reverse("attendance:leave_form")).status_code == 302


def test_cancel_in_the_browser(as_user: Callable[[str], Any]) -> None:
    leave = submit(by="cadre", start=60, end=61)
    post(as_user("cadre"), "leave_cancel", leave.pk, {"comment": "不去了"})
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.CANCELLED


def test_overdue_leaves_are_listed_for_the_township_and_county(as_user: Callable[[str], Any]) -> None:
    for username in ("township", "county"):
        page = as_user(username).get(reverse("attendance:leave_list"), {"view": "overdue"}).content.decode()
        assert "逾期未销假" in page and "没有符合条件的请假" not in page


def test_navigation_counts_and_notifications(as_user: Callable[[str], Any]) -> None:
    client = as_user("county")
    home = client.get("/").content.decode()
    assert "请销假" in home and "待本单位审批" in home and "未读消息" in home
    page = client.get(reverse("attendance:notification_list")).content.decode()
    assert "待审批" in page
    client.post(reverse("attendance:notification_read_all"))
    assert not Notification.objects.for_user(user("county")).unread().exists()


@pytest.mark.parametrize(
    "username", ["county", "bureau", "township", "unit", "cadre", "city", "county2", "township2"]
)
def test_every_page_renders_for_every_demo_user(as_user: Callable[[str], Any], username: str) -> None:
    client = as_user(username)
    for view in ("inbox", "filed", "overdue", "all"):
        assert client.get(reverse("attendance:leave_list"), {"view": view}).status_code == 200
    assert client.get(reverse("attendance:leave_list"), HTTP_HX_REQUEST="true").status_code == 200
    assert client.get(reverse("attendance:notification_list")).status_code == 200
    assert client.get(reverse("attendance:substitute_list")).status_code == 200
    for leave in LeaveRequest.objects.for_user(user(username))[:30]:
        assert client.get(leave.get_absolute_url()).status_code == 200
