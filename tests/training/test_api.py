"""/api/v1/training-records/ and /api/v1/training-status/: scoped, 200/201, 400 in Chinese, OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest

from tests.training.helpers import YEAR, attend, cadre_of, event
from training import errors
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db
RECORDS = "/api/v1/training-records/"
STATUS = "/api/v1/training-status/"


def _post(client: Any, data: dict[str, Any]) -> Any:
    return client.post(RECORDS, data, content_type="application/json")


def test_create_a_record(as_user: Any) -> None:
    made, cadre = event(days="3"), cadre_of()
    response = _post(as_user("county"), {"event": made.pk, "cadre": cadre.pk, "days": "2.5"})
    assert response.status_code == 201
    body = response.json()
    assert body["cadre"] == cadre.pk and body["days"] == "2.5" and body["level"] == "county"


def test_a_cadre_of_another_county_is_a_chinese_400(as_user: Any) -> None:
    made = event()
    response = _post(as_user("county"), {"event": made.pk, "cadre": cadre_of("乐都区").pk})
    assert response.status_code == 400
    assert response.json()["detail"] == errors.CADRE_NOT_FOUND_MSG
    assert not TrainingRecord.objects.filter(event=made).exists()


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ({"cadre": 1}, "培训班次"),
        ({"event": "x", "cadre": 1}, "培训班次"),
        ({"event": 1, "cadre": 1, "days": "-1"}, "参训天数"),
        ({"event": 1, "cadre": 1, "days": "abc"}, "参训天数"),
    ],
)
def test_bad_input_is_a_chinese_400(as_user: Any, data: dict[str, Any], label: str) -> None:
    response = _post(as_user("county"), data)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(label)


def test_days_beyond_the_event_is_a_400(as_user: Any) -> None:
    response = _post(as_user("county"), {"event": event(days="3").pk, "cadre": cadre_of().pk, "days": "3.5"})
    assert response.status_code == 400
    assert "不超过本次培训3天" in response.json()["detail"]


def test_an_event_of_another_county_is_a_404(as_user: Any) -> None:
    response = _post(as_user("county"), {"event": event("county2").pk, "cadre": cadre_of().pk})
    assert response.status_code == 404


def test_a_city_office_may_not_create(as_user: Any) -> None:
    response = _post(as_user("city"), {"event": event().pk, "cadre": cadre_of().pk})
    assert response.status_code == 403
    assert response.json()["code"] == errors.NOT_ALLOWED


def test_list_is_scoped(as_user: Any) -> None:
    record = attend(event(), cadre_of())
    ids = {r["id"] for r in as_user("county").get(RECORDS, {"year": YEAR}).json()["results"]}
    assert record.pk in ids
    assert record.pk not in {r["id"] for r in as_user("county2").get(RECORDS).json()["results"]}
    assert as_user("county2").get(f"{RECORDS}{record.pk}/").status_code == 404


def test_list_bad_year_is_a_400(as_user: Any) -> None:
    assert as_user("county").get(RECORDS, {"year": "20x6"}).status_code == 400


def test_status_needs_a_year(as_user: Any) -> None:
    response = as_user("county").get(STATUS)
    assert response.status_code == 400
    assert "年度" in response.json()["detail"]


def test_status_of_the_countys_cadres_with_findings(as_user: Any) -> None:
    from tests.builders import make_posting

    short = make_posting("李楼村").cadre
    ok = make_posting("郭庄村").cadre
    attend(event(days="3"), ok)
    attend(event(days="2.5", title="短班"), short)
    rows = {r["cadre"]: r for r in as_user("county").get(STATUS, {"year": YEAR}).json()}
    assert rows[ok.pk]["short"] is False and rows[ok.pk]["findings"] == []
    assert rows[short.pk]["short"] is True
    assert rows[short.pk]["findings"][0]["provision"] == "ZMD-TRAIN"
    assert rows[short.pk]["days"] == "2.5"
    assert short.pk not in {r["cadre"] for r in as_user("county2").get(STATUS, {"year": YEAR}).json()}


def test_endpoints_are_in_the_openapi_schema(as_user: Any) -> None:
    schema = as_user("county").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {RECORDS, f"{RECORDS}{{id}}/", STATUS} <= set(schema["paths"])


HOSTILE = ["²", "١", "NaN", "inf", "9" * 30, "-1", "1e309", "0x1F", " 7"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_are_never_a_500(as_user: Any, value: str) -> None:
    client = as_user("county")
    assert client.get(STATUS, {"year": value}).status_code == 400
    assert client.get(STATUS, {"year": YEAR, "county": value}).status_code == 200
    assert client.get(RECORDS, {"year": value}).status_code == 400
    response = _post(client, {"event": value, "cadre": value, "days": value})
    assert response.status_code == 400 and response.json()["detail"]
