"""Login at /accounts/login/: Django's LoginView fields, throttled failures, idle expiry, logout."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from teams.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _post_login(client: Client, password: str, username: str = "county"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_is_chinese(client: Client) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert "登录驻村通" in body and 'name="username"' in body and 'name="password"' in body


def test_a_demo_user_logs_in_and_lands_on_home(client: Client) -> None:
    response = _post_login(client, DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_is_explained_in_chinese(client: Client) -> None:
    response = _post_login(client, "wrong-password")
    assert "用户名或密码错误" in response.content.decode()


def test_repeated_failures_lock_the_login(client: Client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "wrong-password")
    response = _post_login(client, DEMO_PASSWORD)
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()


def test_a_lockout_of_one_user_leaves_others_alone(client: Client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "wrong-password")
    assert _post_login(client, DEMO_PASSWORD, username="bureau").status_code == 302


def test_sessions_expire_after_30_idle_minutes(client: Client) -> None:
    _post_login(client, DEMO_PASSWORD)
    client.get(reverse("home"))
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert client.session.get_expiry_age() == 30 * 60


def test_logout_ends_the_session(client: Client) -> None:
    _post_login(client, DEMO_PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password123"])
def test_weak_passwords_are_refused(client: Client, password: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)
