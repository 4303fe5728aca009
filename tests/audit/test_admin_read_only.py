"""Not even a superuser edits or deletes the audit trail, the policy history or a leave's events in the
admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User
from attendance.admin import EventInline
from attendance.models import LeaveEvent, LeaveRequest
from audit.models import AuditEntry
from teams.models import PolicyOverride, Region

pytestmark = pytest.mark.django_db


def _superuser_request() -> Any:
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="admin")
    assert request.user.is_superuser
    return request


def _entry() -> AuditEntry:
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Region), object_pk="1", object_repr="西平县", action=1
    )


def _override() -> PolicyOverride:
    return PolicyOverride.objects.create(
        county=Region.objects.get(code="411721"),
        key="leave_threshold_days",
        provision="ZMD-LEAVE",
        value=5,
        reason="县委常委会决定",
        created_by=User.objects.get(username="county"),
    )


@pytest.mark.parametrize("model, make", [(AuditEntry, _entry), (PolicyOverride, _override)])
def test_a_superuser_can_neither_change_nor_delete(model: Any, make: Any) -> None:
    obj, model_admin, request = make(), admin.site._registry[model], _superuser_request()
    assert model_admin.has_view_permission(request, obj)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert not model_admin.has_add_permission(request)


def test_the_change_page_of_an_audit_entry_offers_no_save_or_delete(as_user: Any) -> None:
    entry = _entry()
    body = as_user("admin").get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    assert "西平县" in body and 'name="_save"' not in body and "deletelink" not in body
    response = as_user("admin").post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_policy_change_cannot_be_deleted_through_the_admin(as_user: Any) -> None:
    row = _override()
    response = as_user("admin").post(f"/admin/teams/policyoverride/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and PolicyOverride.objects.filter(pk=row.pk).exists()


def test_a_leave_request_and_its_events_cannot_be_changed_or_deleted_through_the_admin(as_user: Any) -> None:
    leave = LeaveRequest.objects.filter(events__isnull=False).first()
    assert leave is not None
    events = LeaveEvent.objects.filter(request=leave).count()
    request = _superuser_request()
    leave_admin = admin.site._registry[LeaveRequest]
    assert not leave_admin.has_change_permission(request, leave)
    assert not leave_admin.has_delete_permission(request, leave)
    inline = EventInline(LeaveRequest, admin.site)
    assert not inline.has_change_permission(request, leave) and not inline.has_delete_permission(
        request, leave
    )
    assert not inline.has_add_permission(request, leave)
    response = as_user("admin").post(f"/admin/attendance/leaverequest/{leave.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and LeaveEvent.objects.filter(request=leave).count() == events
