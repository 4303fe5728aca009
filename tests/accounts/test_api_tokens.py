"""API tokens: one per device, shown once and stored hashed, expiring, revoked by the device's logout, by a
password change and by the owner on /accounts/tokens/; the token endpoint is locked like the login page."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts import tokens
from accounts.login import LOCKED_OUT, USERNAME_TOO_LONG_MSG
from accounts.models import ApiToken, User
from accounts.token_api import INVALID_CREDENTIALS, NOT_A_TOKEN
from teams.demo import DEMO_PASSWORD
from tests.clock import NOW

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/token/"
REVOKE_URL = "/api/v1/token/revoke/"
LEAVE = "/api/v1/leave-requests/"


def _obtain(username: str = "cadre", password: str = DEMO_PASSWORD, **fields: str) -> dict[str, str]:
    response = APIClient().post(
        TOKEN_URL, {"username": username, "password": password, **fields}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _cadre() -> User:
    return User.objects.get(username="cadre")


def test_the_key_is_shown_once_and_only_its_hash_is_stored() -> None:
    issued = _obtain(device="王建国的手机")
    token = ApiToken.objects.get(user=_cadre(), revoked_at__isnull=True)
    assert token.key_hash == hashlib.sha256(issued["token"].encode()).hexdigest()
    assert issued["token"] not in {token.key_hash, token.device} and token.device == "王建国的手机"


def test_a_token_authenticates_the_api() -> None:
    assert _with(_obtain()["token"]).get(LEAVE).status_code == 200


def test_a_token_expires_after_the_configured_days() -> None:
    with time_machine.travel(NOW, tick=False):
        issued = _obtain()
    token = ApiToken.objects.get(user=_cadre(), revoked_at__isnull=True)
    assert token.expires_at - token.created_at == timedelta(days=settings.API_TOKEN_DAYS)
    with time_machine.travel(token.expires_at + timedelta(seconds=1)):
        refused = _with(issued["token"]).get(LEAVE)
    assert refused.status_code == 403 and refused.json()["detail"] == tokens.TOKEN_EXPIRED_MSG


@override_settings(API_TOKEN_DAYS=2)
def test_the_expiry_is_a_setting() -> None:
    with time_machine.travel(NOW, tick=False):
        _obtain()
    token = ApiToken.objects.get(user=_cadre(), revoked_at__isnull=True)
    assert token.expires_at - token.created_at == timedelta(days=2)


def test_a_password_change_revokes_every_token_of_the_user() -> None:
    phone, tablet = _obtain(device="手机")["token"], _obtain(device="平板")["token"]
    user = _cadre()
    user.set_password("Neues-Passwort-2026")
    user.save()
    for key in (phone, tablet):
        refused = _with(key).get(LEAVE)
        assert refused.status_code == 403 and refused.json()["detail"] == tokens.TOKEN_REVOKED_MSG
    assert set(ApiToken.objects.filter(user=user).values_list("revoked_reason", flat=True)) == {
        tokens.REVOKED_PASSWORD_CHANGE
    }


def test_a_password_change_leaves_other_users_tokens_alone() -> None:
    other = _obtain(username="township")["token"]
    user = _cadre()
    user.set_password("Neues-Passwort-2026")
    user.save()
    assert _with(other).get(LEAVE).status_code == 200


def test_logout_of_a_device_revokes_its_token_only() -> None:
    phone, tablet = _obtain(device="手机")["token"], _obtain(device="平板")["token"]
    assert _with(phone).post(REVOKE_URL).status_code == 204
    assert _with(phone).get(LEAVE).json()["detail"] == tokens.TOKEN_REVOKED_MSG
    assert _with(tablet).get(LEAVE).status_code == 200


def test_logout_by_session_is_refused_with_json() -> None:
    client = APIClient()
    client.force_login(_cadre())
    response = client.post(REVOKE_URL)
    assert response.status_code == 400 and response.json()["code"] == NOT_A_TOKEN


def test_a_web_logout_ends_the_session_but_not_the_phones_token() -> None:
    phone = _obtain(device="手机")["token"]
    web = Client()
    web.force_login(_cadre())
    web.post("/accounts/logout/")
    assert _with(phone).get(LEAVE).status_code == 200


def test_a_new_login_of_the_same_device_replaces_its_token() -> None:
    first, second = _obtain(device="手机")["token"], _obtain(device="手机")["token"]
    assert _with(first).get(LEAVE).json()["detail"] == tokens.TOKEN_REVOKED_MSG
    assert _with(second).get(LEAVE).status_code == 200
    assert ApiToken.objects.filter(user=_cadre(), device="手机", revoked_at__isnull=True).count() == 1


def test_a_deactivated_users_token_is_refused() -> None:
    key = _obtain()["token"]
    User.objects.filter(username="cadre").update(is_active=False)
    assert _with(key).get(LEAVE).json()["detail"] == tokens.TOKEN_INVALID_MSG


def test_last_use_is_written_at_most_every_few_minutes() -> None:
    key = _obtain()["token"]
    start = NOW
    with time_machine.travel(start, tick=False):
        _with(key).get(LEAVE)
    with time_machine.travel(start + tokens.LAST_USED_RESOLUTION / 2, tick=False):
        _with(key).get(LEAVE)
    token = ApiToken.objects.get(user=_cadre(), revoked_at__isnull=True)
    assert token.last_used_at == start
    later = start + tokens.LAST_USED_RESOLUTION + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        _with(key).get(LEAVE)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_wrong_credentials_answer_json() -> None:
    response = APIClient().post(TOKEN_URL, {"username": "cadre", "password": "wrong"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == INVALID_CREDENTIALS


@pytest.mark.parametrize("username", ["x" * 256, "x" * 5000])
def test_an_overlong_username_is_a_400_json(username: str) -> None:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": "x"}, format="json")
    assert response.status_code == 400 and USERNAME_TOO_LONG_MSG in response.json()["detail"]


@pytest.mark.parametrize("payload", [[1, 2], "text", {"username": "cadre\x00", "password": "x"}, {}])
def test_malformed_token_requests_are_a_400_json(payload: object) -> None:
    response = APIClient().post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400 and response.json()["detail"]


def test_the_token_endpoint_is_locked_after_repeated_failures_from_that_address() -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post(
            TOKEN_URL, {"username": "cadre", "password": "wrong"}, format="json", REMOTE_ADDR="203.0.113.7"
        )
    locked = APIClient().post(
        TOKEN_URL, {"username": "cadre", "password": DEMO_PASSWORD}, format="json", REMOTE_ADDR="203.0.113.7"
    )
    assert locked.status_code == 429 and locked.json()["code"] == LOCKED_OUT
    elsewhere = APIClient().post(
        TOKEN_URL, {"username": "cadre", "password": DEMO_PASSWORD}, format="json", REMOTE_ADDR="198.51.100.9"
    )
    assert elsewhere.status_code == 200


def test_the_tokens_page_lists_the_users_devices_only() -> None:
    _obtain(device="王建国的手机")
    _obtain(username="township", device="乡镇的电脑")
    web = Client()
    web.force_login(_cadre())
    body = web.get("/accounts/tokens/").content.decode()
    assert "王建国的手机" in body and "有效" in body and "乡镇的电脑" not in body


def test_the_owner_revokes_a_token_on_the_page() -> None:
    key = _obtain(device="旧手机")["token"]
    token = ApiToken.objects.get(user=_cadre(), revoked_at__isnull=True)
    web = Client()
    web.force_login(_cadre())
    response = web.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "已撤销“旧手机”的令牌" in response.content.decode()
    assert _with(key).get(LEAVE).json()["detail"] == tokens.TOKEN_REVOKED_MSG


def test_nobody_revokes_another_users_token() -> None:
    key = _obtain(username="township")["token"]
    token = ApiToken.objects.get(user__username="township", revoked_at__isnull=True)
    web = Client()
    web.force_login(_cadre())
    assert web.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert _with(key).get(LEAVE).status_code == 200


def test_a_form_encoded_request_gets_a_token_as_before() -> None:
    response = APIClient().post(TOKEN_URL, {"username": "cadre", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and response.json()["device"] == tokens.DEVICE_DEFAULT
