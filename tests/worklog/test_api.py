"""/api/v1/log-entries/: list and create, scoped; 400 in Chinese; a phone posts with its token."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import api_token_create
from tests.clock import TODAY
from worklog.models import Household, LogEntry

from .helpers import cadre_team, household, other_village

pytestmark = pytest.mark.django_db
URL = "/api/v1/log-entries/"


def test_the_cadre_creates_an_entry(as_user) -> None:  # type: ignore[no-untyped-def]
    mine = household(cadre_team().village)
    response = as_user("cadre").post(
        URL,
        {"kind": "visit", "date": TODAY.isoformat(), "summary": "入户走访", "households": [mine.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "visit" and [h["id"] for h in body["households"]] == [mine.pk]


def test_a_future_date_is_a_chinese_400(as_user) -> None:  # type: ignore[no-untyped-def]
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = as_user("cadre").post(
        URL, {"kind": "visit", "date": tomorrow, "summary": "走访"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "日期不能晚于今天" in response.json()["detail"]
    assert not LogEntry.objects.exists()


def test_a_missing_summary_is_a_chinese_400(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("cadre").post(
        URL, {"kind": "visit", "date": TODAY.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("工作内容：")


def test_a_household_of_another_village_is_a_400(as_user) -> None:  # type: ignore[no-untyped-def]
    stranger = household(other_village(cadre_team()))
    response = as_user("cadre").post(
        URL,
        {"kind": "visit", "date": TODAY.isoformat(), "summary": "走访", "households": [stranger.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "只能登记派驻村的农户" in response.json()["detail"]
    assert not LogEntry.objects.exists()


def test_the_county_office_gets_403_on_create(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").post(
        URL,
        {"kind": "other", "date": TODAY.isoformat(), "summary": "x", "team": cadre_team().pk},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_phone_posts_with_its_token() -> None:
    client = APIClient()
    raw = api_token_create(user=User.objects.get(username="cadre"), device="驻村干部的手机")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.post(
        URL,
        {
            "kind": "visit",
            "date": TODAY.isoformat(),
            "summary": "手机登记走访",
            "new_households": [{"head_name": "赵桂兰"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Household.objects.filter(village=cadre_team().village, head_name="赵桂兰").exists()
    assert LogEntry.objects.get().created_by.username == "cadre"


def test_the_list_is_scoped(as_user) -> None:  # type: ignore[no-untyped-def]
    as_user("cadre").post(
        URL, {"kind": "other", "date": TODAY.isoformat(), "summary": "本队"}, content_type="application/json"
    )
    assert as_user("cadre").get(URL).json()["count"] == 1
    assert as_user("county").get(URL).json()["count"] == 1
    assert as_user("county2").get(URL).json()["count"] == 0
