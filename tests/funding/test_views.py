"""The work-funds pages: list (filters, xlsx), detail, allocation and expenditure forms, approval."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import Expenditure, ExpenditureStatus, WorkFund
from tests.clock import TODAY

from .helpers import PDF, YEAR, funded, spend, team_of, user

pytestmark = pytest.mark.django_db


def test_the_list_shows_teams_under_the_floor_with_the_provision(as_user) -> None:  # type: ignore[no-untyped-def]
    funded("county_sc", 19999)
    page = as_user("county_sc").get(reverse("funding:fund_list"), {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert "SC-FUNDS" in text and "低于每队每年20000元" in text


def test_the_list_filters_under_the_floor(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded("county_sc", 20000)
    page = as_user("county_sc").get(reverse("funding:fund_list"), {"year": YEAR, "under": "1"})
    rows = page.context["rows"]
    assert rows and fund.team_id not in {r.team.pk for r in rows}


def test_a_bad_year_is_a_message_not_a_500(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("county").get(reverse("funding:fund_list"), {"year": "２０２６x"})
    assert page.status_code == 200
    assert page.context["year"] == TODAY.year


def test_the_list_exports_xlsx(as_user) -> None:  # type: ignore[no-untyped-def]
    funded("county_sc", 19999)
    response = as_user("county_sc").get(reverse("funding:fund_list"), {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "乡镇（街道）"
    assert any(row[3] == "SC-FUNDS" and "低于" in (row[8] or "") for row in rows[1:])


def test_the_other_countys_teams_are_not_listed(as_user) -> None:  # type: ignore[no-untyped-def]
    funded("county_sc", 19999)
    rows = as_user("county").get(reverse("funding:fund_list"), {"year": YEAR}).context["rows"]
    assert all(r.team.village.township.parent.name == "西平县" for r in rows)


def test_the_county_allocates_through_the_form(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of("county")
    response = as_user("county").post(
        reverse("funding:allocation_create"),
        {
            "team": team.pk,
            "year": YEAR,
            "amount": "12000.00",
            "source": "county_budget",
            "allocated_on": f"{YEAR}-02-01",
            "document_number": "西组〔2026〕3号",
        },
    )
    fund = WorkFund.objects.get(team=team, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse(
        "funding:fund_detail", args=[fund.pk]
    )
    assert fund.allocations.get().document_number == "西组〔2026〕3号"


def test_a_bad_allocation_shows_the_message(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of("county")
    page = as_user("county").post(
        reverse("funding:allocation_create"),
        {
            "team": team.pk,
            "year": YEAR,
            "amount": "-1",
            "source": "county_budget",
            "allocated_on": f"{YEAR}-02-01",
        },
        follow=True,
    )
    assert page.status_code == 200
    assert "金额必须大于0元" in page.content.decode()
    assert not WorkFund.objects.filter(team=team).exists()


def test_the_township_enters_an_expenditure_with_a_receipt(as_user, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    fund = funded(amount=1000)
    response = as_user("township").post(
        reverse("funding:expenditure_create", args=[fund.pk]),
        {
            "spent_on": f"{YEAR}-03-02",
            "amount": "300",
            "category": "office",
            "payee": "文具店",
            "receipt": SimpleUploadedFile("receipt.pdf", PDF),
        },
    )
    assert response.status_code == 302
    expenditure = fund.expenditures.get()
    download = as_user("county").get(reverse("funding:expenditure_receipt", args=[expenditure.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_an_expenditure_beyond_the_balance_shows_the_message(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    page = as_user("township").post(
        reverse("funding:expenditure_create", args=[fund.pk]),
        {"spent_on": f"{YEAR}-03-02", "amount": "1000.01", "category": "office", "payee": "文具店"},
    )
    assert page.status_code == 200
    assert "超过该工作经费可用余额1000.00元" in page.content.decode()
    assert not fund.expenditures.exists()


def test_a_receipt_that_is_not_a_pdf_shows_the_message(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    page = as_user("township").post(
        reverse("funding:expenditure_create", args=[fund.pk]),
        {
            "spent_on": f"{YEAR}-03-02",
            "amount": "10",
            "category": "office",
            "payee": "文具店",
            "receipt": SimpleUploadedFile("receipt.pdf", b"<html>"),
        },
    )
    assert page.status_code == 200 and "票据只能是PDF、JPG或PNG文件" in page.content.decode()
    assert not fund.expenditures.exists()


def test_a_double_submitted_approval_is_decided_once(as_user) -> None:  # type: ignore[no-untyped-def]
    expenditure = spend(funded(amount=1000), "10")
    client = as_user("county")
    url = reverse("funding:expenditure_decide", args=[expenditure.pk])
    client.post(url, {"decision": "approve", "comment": "同意"})
    second = client.post(url, {"decision": "return", "comment": "重复"}, follow=True)
    assert "该笔支出已批准，不能重复审批" in second.content.decode()
    expenditure.refresh_from_db()
    assert expenditure.status == ExpenditureStatus.APPROVED and expenditure.comment == "同意"


def test_the_detail_shows_balance_and_pending(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    spend(fund, "250")
    page = as_user("county").get(reverse("funding:fund_detail", args=[fund.pk]))
    assert page.status_code == 200
    assert page.context["row"].totals.balance == 750
    assert "待审批" in page.content.decode()


def test_the_unit_reads_the_funds_of_its_teams(as_user) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import User
    from teams.models import Membership

    unit = User.objects.get(username="unit")
    membership = Membership.objects.filter(dispatching_unit=unit.dispatching_unit).first()
    assert membership is not None
    fund = WorkFund.objects.create(team=membership.team, year=YEAR)
    assert as_user("unit").get(reverse("funding:fund_detail", args=[fund.pk])).status_code == 200
    assert (
        as_user("unit")
        .post(
            reverse("funding:expenditure_create", args=[fund.pk]),
            {"spent_on": f"{YEAR}-03-02", "amount": "1", "category": "office", "payee": "x"},
        )
        .status_code
        == 200
    )
    assert not Expenditure.objects.filter(fund=fund).exists()


@pytest.mark.parametrize("other", ["county2", "county_qh", "county_sc", "township_qh"])
def test_another_countys_fund_and_expenditure_are_404(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    expenditure = spend(fund, "10")
    client = as_user(other)
    assert client.get(reverse("funding:fund_detail", args=[fund.pk])).status_code == 404
    assert client.get(reverse("funding:expenditure_create", args=[fund.pk])).status_code == 404
    assert (
        client.post(
            reverse("funding:expenditure_decide", args=[expenditure.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert client.get(reverse("funding:expenditure_receipt", args=[expenditure.pk])).status_code == 404
    expenditure.refresh_from_db()
    assert expenditure.is_pending


@pytest.mark.parametrize("who", ["township", "unit", "city", "cadre"])
def test_only_the_county_office_opens_the_allocation_form(as_user, who: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(who).get(reverse("funding:allocation_create")).status_code == 403


def test_an_allocation_for_another_countys_team_is_a_404(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of("county")
    response = as_user("county_qh").post(
        reverse("funding:allocation_create"),
        {
            "team": team.pk,
            "year": YEAR,
            "amount": "100",
            "source": "county_budget",
            "allocated_on": f"{YEAR}-02-01",
        },
    )
    assert response.status_code == 404
    assert not WorkFund.objects.filter(team=team).exists()


def test_a_bad_allocation_keeps_the_date_entered(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of("county")
    page = as_user("county").post(
        reverse("funding:allocation_create"),
        {
            "team": team.pk,
            "year": YEAR,
            "amount": "-1",
            "source": "county_budget",
            "allocated_on": f"{YEAR}-02-01",
        },
    )
    assert page.status_code == 200
    assert f'name="allocated_on" type="date" value="{YEAR}-02-01"' in page.content.decode()


@pytest.mark.parametrize(
    ("login", "offered", "not_offered"),
    [
        ("county", set(), {"province_deep_poverty", "province_ethnic_hardship"}),
        ("county_qh", {"province_deep_poverty"}, {"province_ethnic_hardship"}),
        ("county_sc", {"province_ethnic_hardship"}, {"province_deep_poverty"}),
    ],
)
def test_the_allocation_form_offers_only_the_countys_province_money(
    as_user, login, offered, not_offered
) -> None:  # type: ignore[no-untyped-def]
    sources = {
        value for value, _ in as_user(login).get(reverse("funding:allocation_create")).context["sources"]
    }
    assert "county_budget" in sources and offered <= sources and not (not_offered & sources)


@pytest.mark.parametrize(
    ("county", "login", "shown"), [("county", "township", False), ("county_qh", "township_qh", True)]
)
def test_the_qinghai_transport_rule_is_said_only_in_qinghai(
    as_user, county: str, login: str, shown: bool
) -> None:  # type: ignore[no-untyped-def]
    fund = funded(county, 1000, township=login)
    text = as_user(login).get(reverse("funding:expenditure_create", args=[fund.pk])).content.decode()
    assert ("QH-FUNDS" in text) is shown


def test_the_totals_read_in_yuan_and_fen_like_the_rows(as_user) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    spend(fund, "250.5")
    detail = as_user("county").get(reverse("funding:fund_detail", args=[fund.pk])).content.decode()
    assert 'id="allocated">1000.00元' in detail and 'id="balance">749.50元' in detail
    listing = as_user("county").get(reverse("funding:fund_list"), {"year": YEAR}).content.decode()
    assert "749.50" in listing


def test_an_unfunded_team_links_the_county_to_its_allocation(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of("county")
    link = f"{reverse('funding:allocation_create')}?team={team.pk}&amp;year={YEAR}"
    assert link in as_user("county").get(reverse("funding:fund_list"), {"year": YEAR}).content.decode()
    assert link not in as_user("township").get(reverse("funding:fund_list"), {"year": YEAR}).content.decode()
    form = as_user("county").get(reverse("funding:allocation_create"), {"team": team.pk, "year": YEAR})
    assert form.context["team"] == team


@pytest.mark.parametrize(("login", "form_shown"), [("township", True), ("county", False), ("city", False)])
def test_the_expenditure_form_is_offered_only_to_who_may_enter(as_user, login: str, form_shown: bool) -> None:  # type: ignore[no-untyped-def]
    fund = funded(amount=1000)
    page = as_user(login).get(reverse("funding:expenditure_create", args=[fund.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert ('name="payee"' in text) is form_shown
    assert ("只有工作队所在乡镇党委或本队驻村干部可以登记经费支出" in text) is not form_shown


def test_a_jinan_county_without_its_floor_is_shown_where_to_set_it(as_user) -> None:  # type: ignore[no-untyped-def]
    county = user("county2").region
    assert county is not None
    page = as_user("county2").get(reverse("funding:fund_list"), {"year": YEAR})
    assert page.context["set_floor_url"] == reverse(
        "teams:policy_override", args=[county.pk, "work_funds_min"]
    )


@pytest.mark.parametrize("login", ["county_qh", "county", "township2"])
def test_no_floor_link_where_the_document_sets_it_or_the_office_cannot(as_user, login: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(login).get(reverse("funding:fund_list"), {"year": YEAR}).context["set_floor_url"] is None
