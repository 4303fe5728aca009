"""The JSON API: same scoping as the pages (404 outside), Chinese JSON errors, 400 never 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import hash_key
from attendance.leave import errors
from attendance.models import LeaveRequest, LeaveStatus

from .helpers import day, free_cadre, submit, user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/leave-requests/"


@pytest.fixture
def api() -> Callable[[str], APIClient]:
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user(username))
        return client

    return make


def body(**fields: Any) -> dict[str, Any]:
    return {
        "start": day(60).isoformat(),
        "end": day(61).isoformat(),
        "kind": "personal",
        "reason": "家中有事",
        **fields,
    }


def test_a_cadre_asks_for_themselves_and_sees_the_route(api: Callable[[str], APIClient]) -> None:
    response = api("cadre").post(BASE, body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["cadre"] == user("cadre").cadre_id and data["status"] == "pending" and data["days"] == "2.0"
    assert data["route"]["approvers"] == ["township_committee"] and data["route"]["provision"] == "ZMD-LEAVE"
    assert data["route"]["filed_with"] == ["county_org_dept", "county_rural_bureau"]
    assert data["awaiting"] == ["township_committee"] and data["decisions"] == []


def test_75_days_in_xiping_needs_county_bureau_and_unit(api: Callable[[str], APIClient]) -> None:
    response = api("cadre").post(
        BASE, body(start=day(60).isoformat(), end=day(67).isoformat(), half_day_start=True), format="json"
    )
    data = response.json()
    assert data["days"] == "7.5"
    assert data["route"]["approvers"] == ["county_org_dept", "county_rural_bureau", "dispatching_unit"]
    pk = data["id"]
    for username in ("county", "bureau", "unit"):
        decided = api(username).post(
            f"{BASE}{pk}/decide/", {"decision": "approve", "comment": "同意"}, format="json"
        )
        assert decided.status_code == 200
    final = decided.json()
    assert final["status"] == "approved" and final["awaiting"] == []
    assert [d["office"] for d in final["decisions"]] == [
        "county_org_dept",
        "county_rural_bureau",
        "dispatching_unit",
    ]
    assert {"office", "user", "decision", "comment", "time"} <= set(final["decisions"][0])


def test_35_days_in_pingyin_goes_to_the_county_alone(api: Callable[[str], APIClient]) -> None:
    cadre = free_cadre("孔村镇")
    response = api("township2").post(
        BASE, body(cadre=cadre.pk, end=day(63).isoformat(), half_day_end=True), format="json"
    )
    data = response.json()
    assert data["days"] == "3.5" and data["route"]["approvers"] == ["county_org_dept"]
    assert data["route"]["provision"] == "JN-LEAVE"
    refused = api("township2").post(f"{BASE}{data['id']}/decide/", {"decision": "approve"}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"] == errors.NOT_AWAITED_MSG
    assert (
        api("county2")
        .post(f"{BASE}{data['id']}/decide/", {"decision": "approve"}, format="json")
        .json()["status"]
        == "approved"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"start": "2026-13-01"},
        {"end": "明天"},
        {"start": day(61).isoformat(), "end": day(60).isoformat()},
        {"start": day(-5).isoformat()},
        {"kind": "holiday"},
        {"reason": ""},
        {"half_day_start": True, "half_day_end": True, "end": day(60).isoformat()},
        {"cadre": 999999},
        {"cadre": "abc"},
        {"start": None},
    ],
)
def test_bad_input_is_400_with_a_chinese_message(
    api: Callable[[str], APIClient], fields: dict[str, Any]
) -> None:
    response = api("township").post(BASE, body(**{"cadre": free_cadre().pk, **fields}), format="json")
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail


def test_malformed_json_is_400(api: Callable[[str], APIClient]) -> None:
    response = api("cadre").post(BASE, "{not json", content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_an_overlap_is_400(api: Callable[[str], APIClient]) -> None:
    client = api("cadre")
    assert client.post(BASE, body(), format="json").status_code == 201
    response = client.post(BASE, body(start=day(61).isoformat(), end=day(62).isoformat()), format="json")
    assert response.status_code == 400 and response.json()["code"] == errors.OVERLAP
    assert "不能重叠" in response.json()["detail"]


@pytest.mark.parametrize("username", ["county", "bureau", "unit", "city", "county2"])
def test_only_the_cadre_or_the_township_may_ask(api: Callable[[str], APIClient], username: str) -> None:
    response = api(username).post(BASE, body(cadre=free_cadre().pk), format="json")
    assert response.status_code == 403 and response.json()["detail"] == errors.NOT_ALLOWED_MSG


@pytest.mark.parametrize("username", ["township", "city", "cadre"])
def test_decide_is_403_when_the_office_is_not_awaited(api: Callable[[str], APIClient], username: str) -> None:
    joint = LeaveRequest.objects.get(cadre=user("cadre").cadre, days="7.5", status=LeaveStatus.PENDING)
    response = api(username).post(f"{BASE}{joint.pk}/decide/", {"decision": "approve"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == errors.NOT_AWAITED_MSG


def test_decide_twice_is_403_the_second_time(api: Callable[[str], APIClient]) -> None:
    joint = LeaveRequest.objects.get(cadre=user("cadre").cadre, days="7.5", status=LeaveStatus.PENDING)
    client = api("county")
    assert client.post(f"{BASE}{joint.pk}/decide/", {"decision": "approve"}, format="json").status_code == 200
    again = client.post(f"{BASE}{joint.pk}/decide/", {"decision": "reject", "comment": "x"}, format="json")
    assert again.status_code == 403 and joint.decisions.count() == 1


def test_decide_with_an_unknown_decision_is_400(api: Callable[[str], APIClient]) -> None:
    joint = LeaveRequest.objects.get(cadre=user("cadre").cadre, days="7.5", status=LeaveStatus.PENDING)
    response = api("county").post(f"{BASE}{joint.pk}/decide/", {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and "审批意见" in response.json()["detail"]


XIPING_USERS = ["county", "bureau", "township", "unit", "cadre", "city"]


def _endpoints(pk: int) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", f"{BASE}{pk}/", {}),
        ("post", f"{BASE}{pk}/decide/", {"decision": "approve"}),
        ("post", f"{BASE}{pk}/cancel/", {}),
        ("post", f"{BASE}{pk}/return/", {"returned_on": day(0).isoformat()}),
    ]


@pytest.mark.parametrize("username", XIPING_USERS)
def test_every_endpoint_is_404_for_a_pingyin_request(api: Callable[[str], APIClient], username: str) -> None:
    leave = LeaveRequest.objects.get(county__name="平阴县", days="3.5", status=LeaveStatus.PENDING)
    for method, url, data in _endpoints(leave.pk):
        response = getattr(api(username), method)(url, data, format="json")
        assert response.status_code == 404, (method, url)
        assert response.json()["detail"]
    assert leave.pk not in [
        row["id"] for row in api(username).get(BASE, {"page_size": 500}).json()["results"]
    ]


@pytest.mark.parametrize("username", ["county2", "township2"])
def test_every_endpoint_is_404_for_a_xiping_request(api: Callable[[str], APIClient], username: str) -> None:
    leave = LeaveRequest.objects.get(cadre=user("cadre").cadre, days="7.5", status=LeaveStatus.PENDING)
    for method, url, data in _endpoints(leave.pk):
        assert getattr(api(username), method)(url, data, format="json").status_code == 404, (method, url)
    assert not leave.decisions.exists()


def test_a_non_numeric_id_is_404(api: Callable[[str], APIClient]) -> None:
    assert api("county").get(f"{BASE}abc/").status_code == 404


def test_lists_are_scoped_and_filterable(api: Callable[[str], APIClient]) -> None:
    rows = api("county").get(BASE).json()["results"]
    assert rows and {r["county"] for r in rows} == {"西平县"}
    rows = api("county2").get(BASE).json()["results"]
    assert rows and {r["county"] for r in rows} == {"平阴县"}
    mine = api("cadre").get(BASE).json()["results"]
    assert {r["cadre"] for r in mine} == {user("cadre").cadre_id}
    waiting = api("unit").get(BASE, {"awaiting": "me"}).json()["results"]
    assert waiting and all("dispatching_unit" in r["awaiting"] for r in waiting)
    closed = api("county").get(BASE, {"status": "closed"}).json()["results"]
    assert closed and all(r["status"] == "closed" for r in closed)


def test_cancel_and_return(api: Callable[[str], APIClient]) -> None:
    pending = submit(by="cadre", start=60, end=61)
    response = api("cadre").post(f"{BASE}{pending.pk}/cancel/", {"comment": "不去了"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert api("cadre").post(f"{BASE}{pending.pk}/cancel/", {}, format="json").status_code == 400
    started = submit(start=0, end=0)
    api("township").post(f"{BASE}{started.pk}/decide/", {"decision": "approve"}, format="json")
    bad = api("township").post(f"{BASE}{started.pk}/return/", {"returned_on": "昨天"}, format="json")
    assert bad.status_code == 400
    future = api("township").post(
        f"{BASE}{started.pk}/return/", {"returned_on": day(5).isoformat()}, format="json"
    )
    assert future.status_code == 400 and future.json()["code"] == errors.RETURN_IN_FUTURE
    done = api("township").post(
        f"{BASE}{started.pk}/return/", {"returned_on": day(0).isoformat()}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "closed" and done.json()["returned_on"]


def test_token_auth_and_anonymous() -> None:
    # SessionAuthentication comes first and sends no WWW-Authenticate challenge, so DRF answers 403
    # (not 401), with the Chinese message and the error code.
    anonymous = APIClient().get(BASE)
    assert anonymous.status_code == 403
    assert anonymous.json() == {"detail": "身份认证信息未提供。", "code": "not_authenticated"}
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    refused = forged.get(BASE)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "认证令牌无效。", "code": "authentication_failed"}
    token = APIClient().post(
        "/api/v1/token/", {"username": "cadre", "password": "zhucun-demo"}, format="json"
    )
    assert token.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert client.get(BASE).status_code == 200
    assert ApiToken.objects.filter(user=user("cadre"), key_hash=hash_key(token.json()["token"])).exists()


def test_the_openapi_schema(api: Callable[[str], APIClient]) -> None:
    response = api("county").get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/leave-requests/",
        "/api/v1/leave-requests/{id}/",
        "/api/v1/leave-requests/{id}/decide/",
        "/api/v1/leave-requests/{id}/cancel/",
        "/api/v1/leave-requests/{id}/return/",
    ):
        assert path in paths
