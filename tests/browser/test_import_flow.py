"""Issue 4 in the browser: the county office downloads the template, fills it, sees a bad row explained,
fixes the file and commits; the cadres then appear in the cadre list."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.teams.roster_files import new_id, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Data rows start under the template's title row and header row.
FIRST_ROW = 3


def _fill(template: Path, rows: list[list[object]], out: Path) -> Path:
    workbook = load_workbook(template)
    sheet = workbook["花名册"]
    for r, values in enumerate(rows, start=FIRST_ROW):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    workbook.save(out)
    return out


def _bad_check_digit(number: str) -> str:
    return number[:17] + next(c for c in "0123456789X" if c != number[17])


def test_the_county_imports_the_template_fixes_a_bad_row_and_commits(login, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = login("county")
    page.click("nav.nav >> text=导入花名册")
    with page.expect_download() as download:
        page.click("#download-template")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert download.value.suggested_filename.endswith(".xlsx")

    good = new_id(2)
    rows = [
        row(1, 姓名="浏览器甲"),
        row(2, 姓名="浏览器乙", 身份证号=_bad_check_digit(good)),
        row(3, 姓名="浏览器丙"),
    ]
    page.set_input_files(
        "#import-upload input[type=file]", str(_fill(template, rows, tmp_path / "花名册.xlsx"))
    )
    page.click("#import-upload button[type=submit]")

    page.wait_for_selector("#invalid-rows")
    bad = page.locator("#invalid-rows tbody tr").filter(has_text="校验位错误")
    assert bad.count() == 1
    cells = bad.first.locator("td").all_inner_texts()
    assert cells[0] == f"第{FIRST_ROW + 1}行"  # the second data row
    assert cells[1] == "身份证号"
    assert "身份证号校验位错误" in cells[2]
    assert page.locator("#import-commit").is_visible()  # with the skip checkbox; but first, fix the file

    rows[1] = row(2, 姓名="浏览器乙", 身份证号=good)
    page.click("text=重新上传")
    page.set_input_files(
        "#import-upload input[type=file]", str(_fill(template, rows, tmp_path / "花名册.xlsx"))
    )
    page.click("#import-upload button[type=submit]")
    page.wait_for_selector("#import-counts")
    assert page.locator("#invalid-rows").count() == 0
    assert "3将新增" in page.inner_text("#import-counts").replace("\n", "")

    page.click("#import-commit")
    page.wait_for_selector("#import-done")
    assert "新增3行" in page.inner_text("#import-done")

    page.click("nav.nav >> text=驻村干部")
    page.fill("input[name=q]", "浏览器")
    page.press("input[name=q]", "Enter")  # the plain form submit: no race with the live search's delay
    # A retrying count, not wait_for_function: its polling evaluates a string, which the CSP refuses.
    expect(page.locator("#results tbody tr")).to_have_count(3, timeout=15_000)
    listed = page.inner_text("#results")
    assert all(name in listed for name in ("浏览器甲", "浏览器乙", "浏览器丙"))


def test_a_near_duplicate_village_is_mapped_onto_the_existing_one(login, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: "张庄" beside the existing "张庄村" is flagged 相近; the county office picks the existing
    village in the preview and the commit creates no second village."""
    from teams.models import Membership, Village

    existing = Village.objects.get(name="张庄村", township__name="柏城街道")
    page = login("county")
    page.click("nav.nav >> text=导入花名册")
    with page.expect_download() as download:
        page.click("#download-template")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    rows = [row(11, 姓名="相近甲", 派驻村="张庄"), row(12, 姓名="相近乙", 派驻村="张庄")]
    page.set_input_files(
        "#import-upload input[type=file]", str(_fill(template, rows, tmp_path / "相近.xlsx"))
    )
    page.click("#import-upload button[type=submit]")

    page.wait_for_selector("#import-counts")
    choice = page.locator("fieldset.match-choice")
    assert choice.count() == 1 and "与已有的“张庄村”相近" in page.inner_text("table")
    assert page.locator("input[name=map-villages-0][value=new]").is_checked()  # creating stays the default
    choice.get_by_label("对应到已有的“张庄村”").check()
    page.click("#import-commit")
    page.wait_for_selector("#import-done")
    assert "新增2行" in page.inner_text("#import-done")
    assert "村“张庄”（柏城街道）按已有的“张庄村”导入" in page.inner_text("#import-aliases")

    assert not Village.objects.filter(name="张庄").exists()
    postings = Membership.objects.filter(cadre__id_number__in=[new_id(11), new_id(12)])
    assert postings.count() == 2 and {m.team.village_id for m in postings} == {existing.pk}
