"""/api/v1/expenditures/: scoped list, create, 400 with Chinese messages, 404 for another county's fund."""

from __future__ import annotations

from typing import Any

import pytest

from funding.models import Expenditure

from .helpers import YEAR, funded, spend

pytestmark = pytest.mark.django_db
URL = "/api/v1/expenditures/"


def _body(fund_pk: int, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "fund": fund_pk,
        "spent_on": f"{YEAR}-04-01",
        "amount": "88.80",
        "category": "transport",
        "payee": "县客运公司",
        "description": "下乡车费",
    }
    body.update(overrides)
    return body


def test_the_township_creates_an_expenditure(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    response = as_user("township").post(URL, _body(fund.pk), content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["amount"] == "88.80" and data["status"] == "pending" and data["year"] == YEAR
    assert Expenditure.objects.filter(pk=data["id"], fund=fund).exists()


def test_the_list_is_scoped(as_user) -> None:  # type: ignore[no-untyped-def]
    mine = spend(funded(amount=1000), "10")
    theirs = spend(funded("county_sc", 1000, township="township_sc"), "10", by="township_sc")
    ids = _ids(as_user("county").get(URL).json())
    assert mine.pk in ids and theirs.pk not in ids
    assert _ids(as_user("county_sc").get(URL).json()) >= {theirs.pk} and mine.pk not in _ids(
        as_user("county_sc").get(URL).json()
    )


def _ids(payload: Any) -> set[int]:
    rows = payload["results"] if isinstance(payload, dict) else payload
    return {row["id"] for row in rows}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"amount": "-5"}, "金额必须大于0元"),
        ({"amount": "NaN"}, "金额无效"),
        ({"amount": "1e309"}, "金额不能超过"),
        ({"amount": "5000"}, "超过该工作经费可用余额"),
        ({"spent_on": f"{YEAR - 1}-12-31"}, f"不在{YEAR}年度内"),
        ({"spent_on": "2026-13-01"}, "支出日期："),
        ({"category": "party"}, "支出类别："),
        ({"payee": ""}, "收款方："),
    ],
)
def test_bad_input_is_a_400_in_chinese(as_user, overrides: dict[str, object], expected: str) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    response = as_user("township").post(URL, _body(fund.pk, **overrides), content_type="application/json")
    assert response.status_code == 400, response.json()
    assert expected in response.json()["detail"]
    assert not fund.expenditures.exists()


def test_another_countys_fund_is_a_404(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    response = as_user("county_qh").post(URL, _body(fund.pk), content_type="application/json")
    assert response.status_code == 404
    assert not fund.expenditures.exists()


def test_a_unit_may_read_but_not_enter(as_user) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import User
    from funding.models import WorkFund
    from teams.models import Membership

    unit = User.objects.get(username="unit")
    membership = Membership.objects.filter(dispatching_unit=unit.dispatching_unit).first()
    assert membership is not None
    fund = WorkFund.objects.create(team=membership.team, year=YEAR)
    response = as_user("unit").post(URL, _body(fund.pk), content_type="application/json")
    assert response.status_code == 403 and "乡镇党委" in response.json()["detail"]


def test_the_schema_describes_the_endpoint(as_user) -> None:  # type: ignore[no-untyped-def]
    schema = as_user("county").get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/expenditures/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/expenditures/"]
