"""Issue 16 item 6: one masking rule for resident ID numbers (teams.masking), by office, on every page,
export and API that shows one; and no search that gives ID digits back."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Office, User
from attendance.models import AbsenceExplanation
from teams import idcard, masking
from teams.models import Cadre, Region

pytestmark = pytest.mark.django_db

MASKED = re.compile(r"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$")
# Demo logins of 西平县 (and the city above it) by whether they read full numbers.
FULL_READERS = ["county", "admin"]
MASKED_READERS = ["bureau", "township", "unit", "city"]


def _id_column(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    column = list(rows[0]).index("身份证号")
    values = [str(row[column]) for row in rows[1:]]
    assert values, "the export has rows to judge"
    return values


def _all_full(values: list[str]) -> bool:
    return all(idcard.parse(v).number == v for v in values)


def _all_masked(values: list[str]) -> bool:
    return all(MASKED.match(v) for v in values)


def _visible_cadre(username: str) -> Cadre:
    """A cadre ``username`` can reach, so that finding nobody is the search's doing, not the scope's."""
    cadre = Cadre.objects.for_user(User.objects.get(username=username)).order_by("pk").first()
    assert cadre is not None
    return cadre


def _xiping_cadre() -> Cadre:
    cadre = Cadre.objects.filter(county__code="411721", memberships__team__village__name="李楼村").first()
    assert cadre is not None
    return cadre


class TestTheRule:
    def test_the_mask_keeps_the_region_and_the_last_four(self) -> None:
        assert masking.mask("41172119800101123X") == "411721********123X"

    @pytest.mark.parametrize("office", [o for o in Office.values if o not in masking.FULL_ID_OFFICES])
    def test_every_other_office_reads_masked_numbers(self, office: str) -> None:
        number = _xiping_cadre().id_number
        assert masking.id_number_for(User(office=office), number) == masking.mask(number)

    def test_the_county_office_reads_full_numbers(self) -> None:
        number = _xiping_cadre().id_number
        assert masking.id_number_for(User(office=Office.COUNTY_ORG_DEPT), number) == number

    def test_a_cadre_reads_their_own_number_in_full_and_no_one_elses(self, user) -> None:  # type: ignore[no-untyped-def]
        cadre_user = user("cadre")
        other = Cadre.objects.exclude(pk=cadre_user.cadre_id).first()
        assert other is not None
        assert masking.id_number_for(cadre_user, cadre_user.cadre) == cadre_user.cadre.id_number
        assert masking.id_number_for(cadre_user, other.id_number) == masking.mask(other.id_number)


class TestTheCadrePage:
    @pytest.mark.parametrize("username", MASKED_READERS)
    def test_a_reader_sees_the_masked_number(self, as_user, username: str) -> None:  # type: ignore[no-untyped-def]
        cadre = Cadre.objects.filter(
            memberships__dispatching_unit__name="西平县教育局", memberships__team__village__name="李楼村"
        ).first()
        assert cadre is not None
        body = as_user(username).get(cadre.get_absolute_url()).content.decode()
        assert masking.mask(cadre.id_number) in body and cadre.id_number not in body

    def test_the_county_office_sees_the_full_number(self, as_user) -> None:  # type: ignore[no-untyped-def]
        cadre = _xiping_cadre()
        assert cadre.id_number in as_user("county").get(cadre.get_absolute_url()).content.decode()

    def test_a_cadre_sees_their_own_full_number(self, as_user, user) -> None:  # type: ignore[no-untyped-def]
        own = user("cadre").cadre
        assert own.id_number in as_user("cadre").get(own.get_absolute_url()).content.decode()


# Every xlsx export with an ID column, as 西平县 (and its city) read it.
XIPING_EXPORTS = {
    "roster": "/roster/export.xlsx",
    "cadre list": "/cadres/?format=xlsx",
    "compliance (month)": "/attendance/compliance/?month=2026-10&format=xlsx",
    "compliance (year)": "/attendance/compliance/?period=year&year=2026&format=xlsx",
    "explanations": "/attendance/explanations/?format=xlsx",
}


@pytest.fixture
def an_explanation_of_the_units_cadre() -> None:
    """The explanations export has a row for every reader, the unit's included."""
    if not AbsenceExplanation.objects.filter(dispatching_unit__name="西平县教育局").exists():
        AbsenceExplanation.objects.filter(county__code="411721").update(
            dispatching_unit=User.objects.get(username="unit").dispatching_unit
        )


class TestExports:
    @pytest.mark.parametrize("username", MASKED_READERS)
    @pytest.mark.parametrize("export", sorted(XIPING_EXPORTS))
    def test_a_reader_gets_masked_numbers(
        self, as_user, an_explanation_of_the_units_cadre, username: str, export: str
    ) -> None:  # type: ignore[no-untyped-def]
        response = as_user(username).get(XIPING_EXPORTS[export])
        assert response.status_code == 200
        assert _all_masked(_id_column(response.content))

    @pytest.mark.parametrize("username", FULL_READERS)
    @pytest.mark.parametrize("export", sorted(XIPING_EXPORTS))
    def test_the_county_office_gets_full_numbers(self, as_user, username: str, export: str) -> None:  # type: ignore[no-untyped-def]
        response = as_user(username).get(XIPING_EXPORTS[export])
        assert response.status_code == 200
        assert _all_full(_id_column(response.content))

    def test_a_cadres_roster_export_gives_their_own_number_in_full(self, as_user, user) -> None:  # type: ignore[no-untyped-def]
        values = _id_column(as_user("cadre").get("/roster/export.xlsx").content)
        assert set(values) == {user("cadre").cadre.id_number}

    def test_the_allowance_export_masks_for_the_township(self, as_user) -> None:  # type: ignore[no-untyped-def]
        url = "/funding/allowance/?month=2026-10&format=xlsx"  # 乐都区: Qinghai pays an allowance
        assert _all_masked(_id_column(as_user("township_qh").get(url).content))
        assert _all_full(_id_column(as_user("county_qh").get(url).content))


def test_no_api_serialises_an_id_number(as_user) -> None:  # type: ignore[no-untyped-def]
    """An API field with an ID number must go through teams.masking; today none has one."""
    response = as_user("county").get("/api/schema/")
    assert response.status_code == 200
    assert b"id_number" not in response.content and "身份证".encode() not in response.content


class TestSearch:
    @pytest.mark.parametrize("username", [*FULL_READERS, *MASKED_READERS])
    @pytest.mark.parametrize("length", [1, 6, 10, 14, 17])
    def test_an_id_prefix_finds_nobody(self, as_user, username: str, length: int) -> None:  # type: ignore[no-untyped-def]
        cadre = _visible_cadre(username)
        page = as_user(username).get(reverse("teams:cadre_list"), {"q": cadre.id_number[:length]})
        assert page.status_code == 200
        assert list(page.context["page"]) == []

    def test_the_county_office_finds_a_cadre_by_the_whole_number(self, as_user) -> None:  # type: ignore[no-untyped-def]
        cadre = _xiping_cadre()
        page = as_user("county").get(reverse("teams:cadre_list"), {"q": cadre.id_number.lower()})
        assert list(page.context["page"]) == [cadre]

    @pytest.mark.parametrize("username", MASKED_READERS)
    def test_a_reader_does_not_find_a_cadre_by_the_whole_number(self, as_user, username: str) -> None:  # type: ignore[no-untyped-def]
        cadre = _visible_cadre(username)
        page = as_user(username).get(reverse("teams:cadre_list"), {"q": cadre.id_number})
        assert list(page.context["page"]) == []

    def test_a_whole_number_of_another_county_finds_nobody(self, as_user) -> None:  # type: ignore[no-untyped-def]
        other = Cadre.objects.filter(county=Region.objects.get(code="411721")).first()
        assert other is not None
        page = as_user("county2").get(reverse("teams:cadre_list"), {"q": other.id_number})
        assert list(page.context["page"]) == []
