"""Every act of the county's account pages leaves an audit entry naming who did it (django-auditlog on
``accounts.User``, registered by the audit app), and the trail never holds a password hash."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Office, User
from audit.models import AuditEntry
from teams.models import Region

pytestmark = pytest.mark.django_db


def _entries(target: User) -> Any:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(target.pk)
    ).order_by("pk")


def _township() -> Region:
    found = Region.objects.filter(parent__code="411721", level="township").order_by("path").first()
    assert found is not None
    return found


def test_creating_a_login_is_recorded_with_its_actor(as_user, user) -> None:  # type: ignore[no-untyped-def]
    as_user("county").post(
        reverse("accounts:user_create"),
        {"office": Office.TOWNSHIP_COMMITTEE, "username": "audited", "region": _township().pk},
    )
    created = _entries(User.objects.get(username="audited")).first()
    assert (
        created is not None and created.action == AuditEntry.Action.CREATE and created.actor == user("county")
    )


def test_deactivating_is_recorded_as_a_change_of_is_active(as_user, user) -> None:  # type: ignore[no-untyped-def]
    target = user("township")
    as_user("county").post(reverse("accounts:user_deactivate", args=[target.pk]))
    last = _entries(target).last()
    assert last is not None and last.actor == user("county") and "is_active" in last.changes_dict


def test_a_reset_is_recorded_without_the_password_hash(as_user, user) -> None:  # type: ignore[no-untyped-def]
    target = user("township")
    as_user("county").post(reverse("accounts:user_password_reset", args=[target.pk]))
    last = _entries(target).last()
    target.refresh_from_db()
    assert last is not None and last.actor == user("county") and "must_change_password" in last.changes_dict
    assert target.password not in str(last.changes)


def test_bulk_creation_records_each_login(as_user, user) -> None:  # type: ignore[no-untyped-def]
    rows = as_user("county").post(reverse("accounts:cadre_logins_bulk")).context["rows"]
    logins = User.objects.filter(username__in=[row[0] for row in rows])
    recorded = {e.object_pk for e in AuditEntry.objects.filter(object_pk__in=[str(u.pk) for u in logins])}
    assert recorded == {str(u.pk) for u in logins}
