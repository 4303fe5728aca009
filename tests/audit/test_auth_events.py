"""Logins, failed logins and logouts are in the trail: the username typed, the address, the time."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry, AuthEvent
from teams.demo import DEMO_PASSWORD
from teams.models import Region

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> None:
    client.post(reverse("login"), {"username": username, "password": password})


def test_a_login_is_recorded_with_the_user_and_address(client: Client) -> None:
    _login(client, "county", DEMO_PASSWORD)
    entry = AuditEntry.objects.get(auth_event=AuthEvent.LOGIN)
    county = User.objects.get(username="county")
    assert (entry.actor_id, entry.username, entry.remote_addr) == (county.pk, "county", "127.0.0.1")
    assert (
        entry.action == AuditEntry.Action.ACCESS and entry.county_id == Region.objects.get(code="411721").pk
    )
    assert entry.timestamp is not None


def test_a_failed_login_records_the_name_typed_and_belongs_to_that_users_county(client: Client) -> None:
    _login(client, "county", "wrong-password")
    entry = AuditEntry.objects.get(auth_event=AuthEvent.LOGIN_FAILED)
    assert entry.actor_id is None and entry.username == "county" and entry.remote_addr == "127.0.0.1"
    assert entry.county_id == Region.objects.get(code="411721").pk


def test_a_failed_login_with_an_unknown_name_belongs_to_no_county(client: Client) -> None:
    _login(client, "无此人", "wrong-password")
    entry = AuditEntry.objects.get(auth_event=AuthEvent.LOGIN_FAILED)
    assert entry.username == "无此人" and entry.county_id is None and entry.object_pk == ""


def test_a_logout_is_recorded(client: Client) -> None:
    _login(client, "county", DEMO_PASSWORD)
    client.post(reverse("logout"))
    entry = AuditEntry.objects.get(auth_event=AuthEvent.LOGOUT)
    assert entry.actor.username == "county" and entry.remote_addr == "127.0.0.1"
