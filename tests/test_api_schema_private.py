"""The OpenAPI schema maps every endpoint: anonymous callers are refused, logged-in users read it."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from teams.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
SCHEMA = "/api/schema/"


def test_anonymous_callers_get_no_schema() -> None:
    response = Client().get(SCHEMA, {"format": "json"})
    assert response.status_code in {401, 403} and "paths" not in response.content.decode()


def test_a_logged_in_user_reads_the_schema() -> None:
    client = Client()
    client.force_login(User.objects.get(username="county"))
    response = client.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200 and "/api/v1/token/" in response.json()["paths"]


def test_a_phone_with_a_token_reads_the_schema() -> None:
    key = (
        APIClient()
        .post("/api/v1/token/", {"username": "cadre", "password": DEMO_PASSWORD}, format="json")
        .json()["token"]
    )
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert phone.get(SCHEMA, {"format": "json"}).status_code == 200
