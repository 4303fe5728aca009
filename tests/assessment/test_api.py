"""/api/v1/assessment-*: the issue's shapes, the leave API's scoping and error rules."""

from __future__ import annotations

from typing import Any

import pytest

from assessment import errors
from assessment.models import AssessmentRound, Grade
from tests.clock import TODAY

from .helpers import YEAR, entry_in_township, keep_members, open_round

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def test_the_county_opens_a_round(as_user: Any) -> None:
    response = _post(as_user("county_sc"), "/api/v1/assessment-rounds/", {"year": YEAR})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["year"], body["county"], body["status"], body["excellent_used"]) == (
        YEAR,
        "苍溪县",
        "open",
        0,
    )
    assert isinstance(body["excellent_cap"], int)


def test_no_cap_where_the_policy_has_none(as_user: Any) -> None:
    response = _post(as_user("county_qh"), "/api/v1/assessment-rounds/", {"year": YEAR})
    assert response.status_code == 201 and response.json()["excellent_cap"] is None


def test_a_second_round_is_a_400(as_user: Any) -> None:
    client = as_user("county")
    assert _post(client, "/api/v1/assessment-rounds/", {"year": YEAR}).status_code == 201
    response = _post(client, "/api/v1/assessment-rounds/", {"year": YEAR})
    assert response.status_code == 400 and response.json()["code"] == errors.DUPLICATE
    assert "年度考核已发起" in response.json()["detail"]


def test_a_township_may_not_open_a_round(as_user: Any) -> None:
    response = _post(as_user("township"), "/api/v1/assessment-rounds/", {"year": YEAR})
    assert response.status_code == 403
    assert not AssessmentRound.objects.exists()


def test_a_year_that_is_no_number_is_a_chinese_400(as_user: Any) -> None:
    response = _post(as_user("county"), "/api/v1/assessment-rounds/", {"year": "明年"})
    assert response.status_code == 400 and response.json()["detail"].startswith("考核年度")


def test_the_entries_say_who_may_not_be_excellent_and_why(as_user: Any) -> None:
    round_ = open_round("county_qh")
    response = as_user("county_qh").get(f"/api/v1/assessment-rounds/{round_.pk}/entries/")
    assert response.status_code == 200
    rows = response.json()
    assert {"id", "cadre", "name", "role", "proposed_grade", "grade", "may_be_excellent", "reasons"} <= set(
        rows[0]
    )
    barred = [r for r in rows if not r["may_be_excellent"]]
    assert barred and barred[0]["reasons"][0]["provision"] == "QH10-ABSENT"


def test_the_township_sees_its_own_cadres_only(as_user: Any) -> None:
    round_ = open_round("county_qh")
    rows = as_user("township_qh").get(f"/api/v1/assessment-rounds/{round_.pk}/entries/").json()
    mine = round_.entries.filter(township__name="碾伯镇").count()
    assert len(rows) == mine < round_.entries.count()


def test_the_round_reads_back(as_user: Any) -> None:
    round_ = open_round("county2")
    body = as_user("county2").get(f"/api/v1/assessment-rounds/{round_.pk}/").json()
    assert (body["id"], body["status"], body["excellent_cap"]) == (round_.pk, "open", None)


def test_propose_and_decide_in_qinghai(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    proposed = _post(
        as_user("township_qh"), f"/api/v1/assessment-entries/{entry.pk}/propose/", {"grade": "competent"}
    )
    assert proposed.status_code == 200 and proposed.json()["proposed_grade"] == "competent"
    decided = _post(
        as_user("county_qh"),
        f"/api/v1/assessment-entries/{entry.pk}/decide/",
        {"grade": "competent", "comment": "同意"},
    )
    assert decided.status_code == 200 and decided.json()["grade"] == "competent"


def test_the_wrong_office_is_a_403(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    response = _post(
        as_user("township_qh"), f"/api/v1/assessment-entries/{entry.pk}/decide/", {"grade": "competent"}
    )
    assert response.status_code == 403 and response.json()["provision"] == "QH-ANNUAL"


def test_an_unknown_grade_is_a_400(as_user: Any) -> None:
    entry = keep_members(open_round("county_sc"), 5)[0]
    response = _post(as_user("county_sc"), f"/api/v1/assessment-entries/{entry.pk}/decide/", {"grade": "A+"})
    assert response.status_code == 400 and response.json()["code"] == errors.BAD_GRADE
    entry.refresh_from_db()
    assert entry.grade == ""


def test_a_grade_outside_the_policy_is_a_400_with_its_provision(as_user: Any) -> None:
    entry = keep_members(open_round("county_sc"), 5)[0]
    response = _post(
        as_user("county_sc"),
        f"/api/v1/assessment-entries/{entry.pk}/decide/",
        {"grade": "basically_competent"},
    )
    assert response.status_code == 400 and response.json()["provision"] == "SC-GRADES"


def test_the_one_excellent_too_many_is_a_400(as_user: Any) -> None:
    first, second = keep_members(open_round("county_sc"), 5)[:2]
    client = as_user("county_sc")
    assert (
        _post(client, f"/api/v1/assessment-entries/{first.pk}/decide/", {"grade": "excellent"}).status_code
        == 200
    )
    response = _post(client, f"/api/v1/assessment-entries/{second.pk}/decide/", {"grade": "excellent"})
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["provision"]) == (errors.CAP_REACHED, "SC-QUOTA-EXC")


def test_closing_needs_every_grade_then_freezes(as_user: Any) -> None:
    round_ = open_round("county2")
    client = as_user("county2")
    response = _post(client, f"/api/v1/assessment-rounds/{round_.pk}/close/")
    assert response.status_code == 400 and response.json()["code"] == errors.UNGRADED
    round_.entries.update(grade=Grade.COMPETENT, decided_at=TODAY.isoformat() + "T10:00:00+08:00")
    response = _post(client, f"/api/v1/assessment-rounds/{round_.pk}/close/")
    assert response.status_code == 200 and response.json()["status"] == "closed"


@pytest.mark.parametrize("other", ["county", "county2", "county_sc"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/assessment-rounds/{round}/"),
        ("get", "/api/v1/assessment-rounds/{round}/entries/"),
        ("post", "/api/v1/assessment-rounds/{round}/close/"),
        ("post", "/api/v1/assessment-entries/{entry}/propose/"),
        ("post", "/api/v1/assessment-entries/{entry}/decide/"),
    ],
)
def test_another_countys_round_and_entry_are_404(as_user: Any, other: str, method: str, url: str) -> None:
    round_ = open_round("county_qh")
    entry = round_.entries.first()
    assert entry is not None
    target = url.format(round=round_.pk, entry=entry.pk)
    response = getattr(as_user(other), method)(
        target, {"grade": "competent"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(as_user: Any) -> None:
    schema = as_user("county").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/assessment-rounds/",
        "/api/v1/assessment-rounds/{id}/",
        "/api/v1/assessment-rounds/{id}/entries/",
        "/api/v1/assessment-rounds/{id}/close/",
        "/api/v1/assessment-entries/{id}/propose/",
        "/api/v1/assessment-entries/{id}/decide/",
    } <= paths
