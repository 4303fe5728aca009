"""Exports: the roster and every list page to xlsx, neutralised against formula injection."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from teams.models import Cadre, Membership
from teams.roster import xlsx

pytestmark = pytest.mark.django_db


def sheet_of(content: bytes):  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return sheet


@pytest.mark.parametrize("value", ["=1+1", "+86138", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_could_run_as_formulas_are_neutralised(value: str) -> None:
    sheet = sheet_of(xlsx.write(["a"], [[value], [-2], ["安全"]]))
    assert sheet["A2"].value == "'" + value
    assert sheet["A2"].data_type == "s"
    assert (sheet["A3"].value, sheet["A4"].value) == (-2, "安全")  # numbers and plain text stay as they are


def test_the_cadre_list_export_neutralises_a_hostile_name(as_user) -> None:  # type: ignore[no-untyped-def]
    cadre = Cadre.objects.filter(county__code="411721").first()
    assert cadre is not None
    Cadre.objects.filter(pk=cadre.pk).update(name='=HYPERLINK("http://x","点我")')
    sheet = sheet_of(as_user("county").get(f"/cadres/?q={cadre.id_number}&format=xlsx").content)
    assert sheet["A2"].value == '\'=HYPERLINK("http://x","点我")'
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    ("url", "first_header"),
    [
        ("/villages/", "乡镇（街道）"),
        ("/teams/", "乡镇（街道）"),
        ("/cadres/", "姓名"),
        ("/units/", "单位名称"),
    ],
)
def test_every_list_page_exports_its_filtered_rows(as_user, url: str, first_header: str) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county")
    page = client.get(url)
    assert "format=xlsx" in page.content.decode()
    response = client.get(url + "?format=xlsx")
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    sheet = sheet_of(response.content)
    assert sheet["A1"].value == first_header
    assert sheet.max_row - 1 == page.context["page"].paginator.count


def test_a_filter_narrows_the_export(as_user) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_of(as_user("county").get("/villages/?q=张庄&format=xlsx").content)
    assert [c.value for c in sheet["B"]][1:] == ["张庄村"]


def test_the_roster_export_stays_in_the_jurisdiction_and_masks_ids_for_readers(as_user) -> None:  # type: ignore[no-untyped-def]
    full = sheet_of(as_user("county").get("/roster/export.xlsx").content)
    assert {c.value for c in full["I"]} - {"县区"} == {"西平县"}
    assert full["B2"].number_format == "@" and len(full["B2"].value) == 18
    masked = sheet_of(as_user("township").get("/roster/export.xlsx").content)
    assert "********" in masked["B2"].value
    assert {c.value for c in masked["J"]} - {"乡镇"} == {"五沟营镇"}


def test_the_cadre_export_of_a_reader_masks_ids(as_user) -> None:  # type: ignore[no-untyped-def]
    sheet = sheet_of(as_user("bureau").get("/cadres/?format=xlsx").content)
    assert all("********" in (c.value or "") for c in sheet["B"][1:])
    assert Membership.objects.exists()


def test_the_import_template_is_dated_the_day_it_is_made() -> None:
    # The date was fixed when the module was imported: a server up since last week dated it last week.
    import datetime

    notes = load_workbook(io.BytesIO(xlsx.template(today=datetime.date(2027, 3, 1))))["填写说明"]
    assert [c.value for c in notes["A"]][-1] == "模板生成日期：2027-03-01"
