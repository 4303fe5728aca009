"""A login holding a one-time password must choose its own before anything else."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts import errors, services
from accounts.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Liloucun#2026"


@pytest.fixture
def flagged(user) -> tuple[Client, str]:  # type: ignore[no-untyped-def]
    """The demo cadre's login after the county reset its password: a client signed in, and the password."""
    issued = services.user_password_reset(actor=user("county"), user=user("cadre"))
    client = Client()
    assert (
        client.post(reverse("login"), {"username": "cadre", "password": issued.password}).status_code == 302
    )
    return client, issued.password


@pytest.mark.parametrize("url", ["/", "/leave/", "/attendance/checkin/", "/notifications/", "/admin/"])
def test_every_page_leads_to_the_change_page(flagged, url: str) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_the_change_page_opens_and_says_why(flagged) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.get(reverse("password_change"))
    assert response.status_code == 200 and errors.MUST_CHANGE_PASSWORD_MSG in response.content.decode()


def test_logout_stays_open(flagged) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_static_files_are_not_redirected(flagged) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.get("/static/css/zhucun.css")
    assert response.get("Location") != reverse("password_change")


def test_the_api_answers_403_json_in_chinese(flagged) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.get("/api/v1/leave-requests/")
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": errors.MUST_CHANGE_PASSWORD_MSG}


def test_an_htmx_request_is_sent_to_the_change_page(flagged) -> None:  # type: ignore[no-untyped-def]
    client, _ = flagged
    response = client.get("/leave/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("password_change")


def test_choosing_a_password_clears_the_obligation(flagged) -> None:  # type: ignore[no-untyped-def]
    client, one_time = flagged
    client.post(
        reverse("password_change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not User.objects.get(username="cadre").must_change_password
    assert client.get("/").status_code == 200


def test_a_refused_password_keeps_the_obligation(flagged) -> None:  # type: ignore[no-untyped-def]
    client, one_time = flagged
    response = client.post(
        reverse("password_change"),
        {"old_password": one_time, "new_password1": "simple12345", "new_password2": "simple12345"},
    )
    assert response.status_code == 200
    assert User.objects.get(username="cadre").must_change_password


def test_a_login_without_the_flag_is_not_redirected(as_user) -> None:  # type: ignore[no-untyped-def]
    assert as_user("cadre").get("/").status_code == 200


def test_a_device_token_of_a_flagged_login_gets_403_json(flagged, user) -> None:  # type: ignore[no-untyped-def]
    from accounts import tokens

    _, key = tokens.api_token_create(user=user("cadre"), device="测试手机")
    response = Client().get("/api/v1/leave-requests/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 403
    assert json.loads(response.content)["detail"] == errors.MUST_CHANGE_PASSWORD_MSG
