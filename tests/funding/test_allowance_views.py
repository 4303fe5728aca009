"""The allowance page (/funding/allowance/), its xlsx for the units' finance offices, payment entry, the old
address's permanent redirect, and the API /api/v1/allowances/."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import params
from funding import allowance_errors as errors
from funding import allowance_selectors as selectors
from funding.models import AllowancePayment
from teams.models import DispatchingUnit, Membership
from tests.clock import TODAY
from tests.funding.allowance_builders import (
    MONTH,
    YEAR,
    certified,
    certify,
    county_rate,
    fill,
    posting_of,
    unit_login,
    user,
)

pytestmark = pytest.mark.django_db
PAGE = reverse("funding:allowance")
MONTH_VALUE = f"{YEAR}-{MONTH:02d}"


def sheet(content: bytes) -> list[tuple[Any, ...]]:
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    return list(ws.iter_rows(values_only=True))


def test_the_old_address_redirects_permanently_with_its_query(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county_qh").get("/attendance/allowance/", {"month": MONTH_VALUE})
    assert response.status_code == 301
    assert response["Location"] == f"{PAGE}?month={MONTH_VALUE}"


def test_an_uncertified_month_reads_pending_never_a_number(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    response = as_user("county_qh").get(PAGE, {"month": MONTH_VALUE})
    [row] = [r for r in response.context["rows"] if r.cadre_id == m.cadre_id]
    assert row.amount is None
    assert selectors.PENDING in response.content.decode()
    rows = sheet(as_user("county_qh").get(PAGE, {"month": MONTH_VALUE, "format": "xlsx"}).content)
    header = rows[0]
    [line] = [r for r in rows[1:] if r[header.index("姓名")] == m.cadre.name]
    assert line[header.index("在村天数")] == selectors.PENDING
    assert line[header.index("应发（元）")] == selectors.PENDING


def test_the_export_has_due_paid_difference_and_the_finding(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    response = as_user("county_qh").post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "1000"},
    )
    assert response.status_code == 302
    rows = sheet(as_user("county_qh").get(PAGE, {"month": MONTH_VALUE, "format": "xlsx"}).content)
    header = rows[0]
    assert header[:4] == ("派出单位", "乡镇", "身份证号", "姓名")
    [line] = [r for r in rows[1:] if r[header.index("姓名")] == m.cadre.name]
    got = {
        k: line[header.index(k)]
        for k in ("在村天数", "标准（元/天）", "应发（元）", "已发（元）", "差额（元）", "依据")
    }
    assert got == {
        "在村天数": 22,
        "标准（元/天）": 60,
        "应发（元）": 1320,
        "已发（元）": 1000,
        "差额（元）": 320,
        "依据": "QH10-ALLOWANCE",
    }
    assert "QH10-ALLOWANCE" in line[header.index("问题")]
    assert line[header.index("身份证号")] == m.cadre.id_number


def test_a_duplicate_payment_is_said_in_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    m = certified(posting_of("乐都区"))
    url = reverse("funding:allowance_pay", args=[m.cadre_id])
    data = {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "600"}
    client = as_user("county_qh")
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert (
        errors.DUPLICATE_PAYMENT_MSG.format(name=m.cadre.name, year=YEAR, month=MONTH)
        in response.content.decode()
    )
    assert AllowancePayment.objects.filter(cadre=m.cadre, year=YEAR, month=MONTH).count() == 1


def test_a_bad_amount_writes_nothing_and_says_why(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    response = as_user("county_qh").post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "-1"},
        follow=True,
    )
    assert errors.AMOUNT_NOT_POSITIVE_MSG in response.content.decode()
    assert not AllowancePayment.objects.filter(cadre=m.cadre).exists()


@pytest.fixture
def xiping_rate() -> None:
    county_rate("county", "50")


@pytest.mark.usefixtures("xiping_rate")
def test_the_unit_sees_only_its_own_cadres(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = user("unit").dispatching_unit
    assert unit is not None
    rows = as_user("unit").get(PAGE, {"month": MONTH_VALUE}).context["rows"]
    assert rows and {r.unit_id for r in rows} == {unit.pk}
    county_rows = as_user("county").get(PAGE, {"month": MONTH_VALUE}).context["rows"]
    assert len({r.unit_id for r in county_rows}) > 1


@pytest.mark.usefixtures("xiping_rate")
def test_the_unit_export_holds_only_its_own_cadres(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = user("unit").dispatching_unit
    assert unit is not None
    rows = sheet(as_user("unit").get(PAGE, {"month": MONTH_VALUE, "format": "xlsx"}).content)
    assert len(rows) > 1 and {r[0] for r in rows[1:]} == {unit.name}


@pytest.mark.usefixtures("xiping_rate")
def test_the_county_picks_a_unit(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = user("unit").dispatching_unit
    assert unit is not None
    response = as_user("county").get(PAGE, {"month": MONTH_VALUE, "unit": unit.pk, "format": "xlsx"})
    rows = sheet(response.content)
    assert len(rows) > 1 and {r[0] for r in rows[1:]} == {unit.name}


def test_another_countys_unit_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = DispatchingUnit.objects.get(name="乐都区教育局")
    assert as_user("county").get(PAGE, {"unit": unit.pk}).status_code == 404


@pytest.mark.usefixtures("xiping_rate")
def test_a_unit_cannot_pay_another_units_cadre(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = user("unit").dispatching_unit
    other = (
        Membership.objects.filter(team__village__township__parent__name="西平县")
        .exclude(cadre__memberships__dispatching_unit=unit)
        .select_related("cadre")
        .first()
    )
    assert other is not None
    response = as_user("unit").post(
        reverse("funding:allowance_pay", args=[other.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "100"},
    )
    assert response.status_code == 404
    assert not AllowancePayment.objects.filter(cadre=other.cadre).exists()


def test_the_unit_pays_its_own_cadre(as_user, xiping_rate) -> None:  # type: ignore[no-untyped-def]
    unit = user("unit").dispatching_unit
    m = certified(posting_of("西平县", unit=unit))
    response = as_user("unit").post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "100"},
    )
    assert response.status_code == 302
    assert AllowancePayment.objects.get(cadre=m.cadre, year=YEAR, month=MONTH).entered_by == user("unit")


@pytest.mark.parametrize("other", ["county2", "county_qh", "county_sc", "township_qh"])
def test_another_county_cannot_pay_a_xiping_cadre(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("西平县")
    response = as_user(other).post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "100"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["2026-13", "abc", "0-01"])
def test_a_bad_month_is_said_and_downloads_nothing(as_user, value: str) -> None:  # type: ignore[no-untyped-def]
    # Moved from the attendance-day hostile-parameter tests.
    response = as_user("county").get(PAGE, {"month": value, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert params.BAD_MONTH_MSG.format(value=value) in response.content.decode()


@pytest.mark.parametrize("login", ["county", "township", "unit", "city", "county_qh", "cadre"])
def test_the_page_renders(as_user, login: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(login).get(PAGE).status_code == 200


# --- API ---------------------------------------------------------------------------------------------

API = "/api/v1/allowances/"


def test_the_api_gives_a_months_allowance(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    response = as_user("county_qh").get(API, {"year": YEAR, "month": MONTH})
    assert response.status_code == 200
    [row] = [r for r in response.json() if r["cadre"] == m.cadre_id]
    assert (row["days"], row["per_day"], row["due"], row["paid"], row["provision"]) == (
        22,
        "60.00",
        "1320.00",
        None,
        "QH10-ALLOWANCE",
    )
    assert row["findings"][0]["provision"] == "QH10-ALLOWANCE"


def test_the_api_of_an_uncertified_month_has_no_amount(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    [row] = [
        r
        for r in as_user("county_qh").get(API, {"year": YEAR, "month": MONTH}).json()
        if r["cadre"] == m.cadre_id
    ]
    assert (row["certified"], row["days"], row["due"], row["difference"]) == (False, None, None, None)


def test_the_api_is_scoped(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    assert all(
        r["cadre"] != m.cadre_id for r in as_user("county").get(API, {"year": YEAR, "month": MONTH}).json()
    )
    unit = unit_login(m.dispatching_unit, "ledu_unit")
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(unit)
    rows = client.get(API, {"year": YEAR, "month": MONTH}).json()
    assert m.cadre_id in {r["cadre"] for r in rows}
    assert {r["dispatching_unit"] for r in rows} == {m.dispatching_unit.name}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "2026"}, errors.YEAR_MONTH_MISSING_MSG),
        ({}, errors.YEAR_MONTH_MISSING_MSG),
        ({"year": "2026", "month": "13"}, "月份"),
        ({"year": "abc", "month": "1"}, "abc"),
    ],
)
def test_the_api_says_what_is_wrong_in_chinese(as_user, query: dict[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county_qh").get(API, query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_the_amounts_are_decimals() -> None:
    assert selectors.AllowanceRow(
        1, "", "", "", 1, "", 1, 1, True, 1, Decimal(60), Decimal(60), "X"
    ).difference == Decimal(60)


@pytest.mark.parametrize("value", ["²", "١", "NaN", "9" * 30, "-1", "1e309", " 7"])
@pytest.mark.parametrize("param", ["year", "month"])
def test_a_hostile_api_parameter_is_a_json_400(as_user, param: str, value: str) -> None:  # type: ignore[no-untyped-def]
    query = {"year": str(YEAR), "month": str(MONTH), param: value}
    response = as_user("county_qh").get(API, query)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_api_is_described_in_the_schema(as_user) -> None:  # type: ignore[no-untyped-def]
    paths = as_user("county").get("/api/schema/", {"format": "json"}).json()["paths"]
    get = paths[API]["get"]
    assert {p["name"] for p in get["parameters"]} >= {"year", "month"}
    assert {"200", "400"} <= set(get["responses"])


def test_a_payment_entered_on_the_page_is_on_the_audit_trail(as_user) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditEntry

    m = certified(posting_of("乐都区"))
    as_user("county_qh").post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {"month": MONTH_VALUE, "paid_on": TODAY.isoformat(), "amount": "600"},
    )
    payment = AllowancePayment.objects.get(cadre=m.cadre, year=YEAR, month=MONTH)
    [entry] = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AllowancePayment), object_pk=str(payment.pk)
    )
    assert entry.action == AuditEntry.Action.CREATE and entry.actor.username == "county_qh"
    assert entry.county_id == payment.county_id


def test_a_payment_entered_under_a_units_filter_returns_to_that_unit(as_user) -> None:  # type: ignore[no-untyped-def]
    m = posting_of("乐都区")
    fill(m, 22)
    certify(m)
    response = as_user("county_qh").post(
        reverse("funding:allowance_pay", args=[m.cadre_id]),
        {
            "month": MONTH_VALUE,
            "unit": str(m.dispatching_unit_id),
            "paid_on": TODAY.isoformat(),
            "amount": "1320",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?month={MONTH_VALUE}&unit={m.dispatching_unit_id}"


def test_the_page_names_the_qinghai_rate_it_follows(as_user) -> None:  # type: ignore[no-untyped-def]
    certified(posting_of("乐都区"))
    text = as_user("county_qh").get(PAGE, {"month": MONTH_VALUE}).content.decode()
    assert "实际考勤天数发放（QH10-ALLOWANCE）" in text


def test_a_county_without_its_own_rate_is_shown_where_to_set_it(as_user) -> None:  # type: ignore[no-untyped-def]
    county = user("county2").region
    assert county is not None
    page = as_user("county2").get(PAGE, {"month": MONTH_VALUE})
    assert page.context["set_rate_url"] == reverse(
        "teams:policy_override", args=[county.pk, "living_allowance_per_day"]
    )


@pytest.mark.parametrize("login", ["county_qh", "county_sc", "township"])
def test_no_rate_link_where_the_document_sets_it_or_the_office_cannot(as_user, login: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(login).get(PAGE, {"month": MONTH_VALUE}).context["set_rate_url"] is None


def test_no_rate_link_once_the_county_set_its_rate(as_user) -> None:  # type: ignore[no-untyped-def]
    county_rate("county2", "40")
    assert as_user("county2").get(PAGE, {"month": MONTH_VALUE}).context["set_rate_url"] is None
