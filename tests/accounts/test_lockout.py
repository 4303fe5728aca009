"""Five bad passwords lock a username from that client address only; the address comes from
TRUSTED_PROXY_COUNT reverse proxies (X-Forwarded-For), or is the socket's peer when there are none."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from accounts.login import USERNAME_TOO_LONG_MSG
from teams.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
A, B = "203.0.113.7", "198.51.100.9"
NGINX = "127.0.0.1"


def _login(password: str, *, username: str = "city", **meta: Any) -> HttpResponse:
    return Client().post(reverse("login"), {"username": username, "password": password}, **meta)  # type: ignore[return-value]


def _fail_from(**meta: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("wrong-password", **meta)


def test_five_bad_passwords_lock_the_user_from_that_address() -> None:
    _fail_from(REMOTE_ADDR=A)
    response = _login(DEMO_PASSWORD, REMOTE_ADDR=A)
    assert response.status_code == 429 and "登录已暂时锁定" in response.content.decode()


def test_the_same_user_still_logs_in_from_another_address() -> None:
    _fail_from(REMOTE_ADDR=A)
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=B).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_forwarded_address_decides() -> None:
    _fail_from(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=A)
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=A).status_code == 429
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=B).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_addresses_the_client_wrote_are_not_believed() -> None:
    # nginx appends the peer it saw; whatever the client put before it is the client's own claim.
    _fail_from(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{B}, {A}")
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{B}, {A}").status_code == 429
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=B).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_is_ignored() -> None:
    assert settings.TRUSTED_PROXY_COUNT == 0
    _fail_from(REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR=B)
    # A new forged header does not escape the lock on the real peer address.
    assert _login(DEMO_PASSWORD, REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


def test_a_username_longer_than_any_account_is_a_form_error() -> None:
    response = _login("wrong-password", username="x" * 300, REMOTE_ADDR=A)
    assert response.status_code == 200 and USERNAME_TOO_LONG_MSG in response.content.decode()
