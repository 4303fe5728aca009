"""Accident insurance and health checks per cadre and year: recorded by the unit or the county, one per
year, and the list of the county's current cadres who lack either (page and xlsx), citing the documents."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding import allowance_errors as errors
from funding import allowance_services as services
from funding import insurance_selectors
from funding.allowance_errors import AllowanceError
from funding.models import CadreInsurance, HealthCheck
from teams.models import Cadre, Membership
from tests.clock import TODAY
from tests.funding.allowance_builders import county_of, user

pytestmark = pytest.mark.django_db
YEAR = TODAY.year
PAGE = reverse("funding:insurance")


def current(county: str) -> list[Cadre]:
    ms = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__parent__name=county)
        .select_related("cadre")
        .order_by("cadre_id")
    )
    return list({m.cadre_id: m.cadre for m in ms}.values())


def insure(cadre: Cadre, *, by: str = "county_qh", year: int = YEAR) -> CadreInsurance:
    return services.insurance_record(
        actor=user(by),
        cadre=cadre,
        year=year,
        insurer="中国人寿乐都支公司",
        amount="500000",
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
    )


def check(cadre: Cadre, *, by: str = "county_qh", year: int = YEAR) -> HealthCheck:
    return services.health_check_record(
        actor=user(by),
        cadre=cadre,
        year=year,
        date=datetime.date(year, 3, 1),
        institution="乐都区人民医院",
        today=TODAY,
    )


@pytest.fixture
def ledu() -> tuple[Cadre, Cadre, list[Cadre]]:
    """Every current 乐都区 cadre insured and checked but two: one lacks insurance, one the check."""
    cadres = current("乐都区")
    no_insurance, no_check = cadres[0], cadres[1]
    for c in cadres:
        if c != no_insurance:
            insure(c)
        if c != no_check:
            check(c)
    return no_insurance, no_check, cadres


def test_the_list_holds_exactly_the_cadres_lacking_either(ledu: tuple[Cadre, Cadre, list[Cadre]]) -> None:
    no_insurance, no_check, _ = ledu
    rows = insurance_selectors.lacking(Membership.objects.all(), county_of("county_qh"), YEAR, TODAY)
    assert {(r.cadre_id, r.insured, r.checked) for r in rows} == {
        (no_insurance.pk, False, True),
        (no_check.pk, True, False),
    }


def test_a_year_without_records_lists_every_current_cadre() -> None:
    rows = insurance_selectors.lacking(Membership.objects.all(), county_of("county_qh"), YEAR, TODAY)
    assert {r.cadre_id for r in rows} == {c.pk for c in current("乐都区")}


def test_the_export_lists_them(as_user, ledu: tuple[Cadre, Cadre, list[Cadre]]) -> None:  # type: ignore[no-untyped-def]
    no_insurance, no_check, _ = ledu
    response = as_user("county_qh").get(PAGE, {"year": YEAR, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("派出单位", "乡镇", "身份证号", "姓名", "人身意外伤害保险", "年度体检")
    assert sorted((r[3], r[4], r[5]) for r in rows[1:]) == sorted(
        [(no_insurance.name, "未办理", "已体检"), (no_check.name, "已办理", "未体检")]
    )


def test_the_page_cites_the_documents(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("county_qh").get(PAGE).content.decode()
    assert "青办字〔2018〕23号" in page and "提高人身意外伤害保险额度" in page
    zmd = as_user("county").get(PAGE).content.decode()
    assert "驻巩固衔接办〔2022〕16号" in zmd and "每年安排定期体检" in zmd


def test_a_second_insurance_for_the_year_is_refused() -> None:
    cadre = current("乐都区")[0]
    insure(cadre)
    with pytest.raises(AllowanceError) as refused:
        insure(cadre)
    assert refused.value.message == errors.DUPLICATE_INSURANCE_MSG.format(name=cadre.name, year=YEAR)
    assert CadreInsurance.objects.filter(cadre=cadre).count() == 1


def test_a_second_health_check_for_the_year_is_refused() -> None:
    cadre = current("乐都区")[0]
    check(cadre)
    with pytest.raises(AllowanceError) as refused:
        check(cadre)
    assert refused.value.message == errors.DUPLICATE_HEALTH_MSG.format(name=cadre.name, year=YEAR)


def test_an_insurance_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(AllowanceError) as refused:
        services.insurance_record(
            actor=user("county_qh"),
            cadre=current("乐都区")[0],
            year=YEAR,
            insurer="人保",
            amount="100000",
            start=datetime.date(YEAR, 6, 1),
            end=datetime.date(YEAR, 5, 31),
        )
    assert refused.value.code == errors.BAD_DATE


def test_another_county_cannot_record_for_a_ledu_cadre() -> None:
    with pytest.raises(AllowanceError) as refused:
        insure(current("乐都区")[0], by="county")
    assert refused.value.code == errors.NOT_ALLOWED


@pytest.mark.parametrize("name", ["funding:insurance_enter", "funding:health_check_enter"])
@pytest.mark.parametrize("other", ["county", "county2", "county_sc", "unit"])
def test_another_countys_cadre_is_404(as_user, name: str, other: str) -> None:  # type: ignore[no-untyped-def]
    cadre = current("乐都区")[0]
    assert as_user(other).post(reverse(name, args=[cadre.pk]), {"year": YEAR}).status_code == 404


def test_the_county_records_through_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    cadre = current("乐都区")[0]
    county = county_of("county_qh")
    response = as_user("county_qh").post(
        reverse("funding:health_check_enter", args=[cadre.pk]),
        {"county": county.pk, "year": YEAR, "date": f"{YEAR}-04-01", "institution": "乐都区人民医院"},
    )
    assert response.status_code == 302
    assert HealthCheck.objects.get(cadre=cadre, year=YEAR).institution == "乐都区人民医院"


def test_another_county_in_the_query_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get(PAGE, {"county": county_of("county_qh").pk}).status_code == 404


@pytest.mark.parametrize("login", ["county", "county_qh", "township", "unit", "city", "cadre"])
def test_the_page_renders(as_user, login: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(login).get(PAGE).status_code == 200


def test_sichuan_lists_only_the_uninsured_as_its_documents_ask_no_check() -> None:
    cadres = current("苍溪县")
    insured, uninsured = cadres[0], cadres[1]
    insure(insured, by="county_sc")
    rows = insurance_selectors.lacking(Membership.objects.all(), county_of("county_sc"), YEAR, TODAY)
    names = {r.cadre_id for r in rows}
    assert uninsured.pk in names and insured.pk not in names


def test_jinan_lists_only_the_unchecked_as_its_documents_ask_no_insurance() -> None:
    cadres = current("平阴县")
    checked, unchecked = cadres[0], cadres[1]
    check(checked, by="county2")
    rows = insurance_selectors.lacking(Membership.objects.all(), county_of("county2"), YEAR, TODAY)
    names = {r.cadre_id for r in rows}
    assert unchecked.pk in names and checked.pk not in names


def test_the_page_says_which_record_the_documents_do_not_ask(as_user) -> None:  # type: ignore[no-untyped-def]
    text = as_user("county_sc").get(PAGE).content.decode()
    assert "未体检（文件未要求）" in text and "未办理（文件未要求）" not in text
