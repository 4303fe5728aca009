"""The attendance-sheet import pages: upload, preview, commit, template; who reaches them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from teams import masking
from teams.roster import messages as roster_messages
from teams.rules import roster_limits as limits
from tests.builders import make_cadre, serving
from training import importing
from training.models import TrainingEvent, TrainingImport, TrainingLevel, TrainingRecord

from .helpers import event
from .sheets import with_cell_at, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def course() -> TrainingEvent:
    return event(days="3")


def post_sheet(client, course: TrainingEvent, content: bytes, name: str = "签到表.xlsx"):  # type: ignore[no-untyped-def]
    url = reverse("training:import_upload", args=[course.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_commit(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    cadre = make_cadre(name="页面甲")
    client = as_user("county")
    response = post_sheet(client, course, xlsx([[1, "页面甲", "", "", 2]]))
    found = TrainingImport.objects.get(event=course)
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:import_detail", args=[found.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "对应干部：页面甲" in page and cadre.id_number in page  # the county office reads IDs in full
    assert 'id="import-commit"' in page
    done = client.post(reverse("training:import_commit", args=[found.pk]), follow=True)
    assert "已导入1条培训记录" in done.content.decode()
    assert TrainingRecord.objects.get(event=course).cadre == cadre


def test_a_double_click_on_commit_writes_once(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    make_cadre(name="页面乙")
    client = as_user("county")
    post_sheet(client, course, xlsx([[1, "页面乙", "", "", ""]]))
    found = TrainingImport.objects.get(event=course)
    url = reverse("training:import_commit", args=[found.pk])
    client.post(url)
    again = client.post(url, follow=True)
    assert importing.DONE_MSG in again.content.decode()
    assert TrainingRecord.objects.filter(event=course).count() == 1


def test_an_unknown_name_shows_its_reason_and_no_commit(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    make_cadre(name="页面丙")
    client = as_user("county")
    response = post_sheet(
        client,
        course,
        xlsx([[1, "页面丙", "", "", ""], [2, "无名氏", "", "", ""]]),
    )
    page = client.get(response["Location"]).content.decode()
    assert importing.NOT_FOUND in page
    assert importing.INVALID_ROWS_MSG.format(rows="3", count=1) in page
    assert 'id="import-commit"' not in page
    found = TrainingImport.objects.get(event=course)
    refused = client.post(reverse("training:import_commit", args=[found.pk]), follow=True)
    assert importing.INVALID_ROWS_MSG.format(rows="3", count=1) in refused.content.decode()
    assert not TrainingRecord.objects.filter(event=course).exists()


def test_a_hostile_file_is_refused_with_the_limit_not_a_500(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    response = post_sheet(as_user("county"), course, with_cell_at("XFD1048576"))
    assert response.status_code == 200
    assert (
        roster_messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=1_048_576)
        in response.content.decode()
    )
    assert not TrainingImport.objects.exists()


def test_a_file_of_another_kind_is_refused_by_the_form(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    response = post_sheet(as_user("county"), course, b"MZ\x90\x00", "签到表.exe")
    assert response.status_code == 200 and "请上传 .xlsx、.xls 或 .csv 文件" in response.content.decode()


def test_a_township_imports_its_own_event_and_reads_ids_masked(as_user) -> None:  # type: ignore[no-untyped-def]
    ours = event("township", level=TrainingLevel.TOWNSHIP, title="乡镇培训")
    cadre = serving("五沟营镇").cadre
    client = as_user("township")
    response = post_sheet(client, ours, xlsx([[1, cadre.name, cadre.id_number, "", ""]]))
    page = client.get(response["Location"]).content.decode()
    assert f"对应干部：{cadre.name}" in page
    assert masking.mask(cadre.id_number) in page and cadre.id_number not in page


def test_a_township_may_not_import_the_countys_event(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    assert as_user("township").get(reverse("training:import_upload", args=[course.pk])).status_code == 403


@pytest.mark.parametrize("other", ["county2", "county_qh", "county_sc"])
def test_another_countys_event_and_import_are_404(as_user, course: TrainingEvent, other: str) -> None:  # type: ignore[no-untyped-def]
    make_cadre(name="页面丁")
    post_sheet(as_user("county"), course, xlsx([[1, "页面丁", "", "", ""]]))
    found = TrainingImport.objects.get(event=course)
    client = as_user(other)
    assert client.get(reverse("training:import_upload", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:import_detail", args=[found.pk])).status_code == 404
    assert client.post(reverse("training:import_commit", args=[found.pk])).status_code == 404
    assert not TrainingRecord.objects.filter(event=course).exists()


def test_the_template_is_an_xlsx_the_import_reads(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").get(reverse("training:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    header = sheet.to_python()[0]
    assert header == list(importing.HEADERS)
    assert set(importing.reader.columns.map_header(header, importing.SHEET.aliases)[0]) == {
        "name",
        "id_number",
        "unit",
        "days",
    }


def test_the_event_page_links_to_the_import_for_those_who_may_import(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    url = reverse("training:event_detail", args=[course.pk])
    link = reverse("training:import_upload", args=[course.pk])
    assert link in as_user("county").get(url).content.decode()
    seen = as_user("township").get(url)
    assert seen.status_code == 200 and link not in seen.content.decode()  # the county's event, not its own
    ours = event("township", level=TrainingLevel.TOWNSHIP, title="乡镇培训")
    page = as_user("township").get(reverse("training:event_detail", args=[ours.pk])).content.decode()
    assert reverse("training:import_upload", args=[ours.pk]) in page


def test_the_import_pages_link_back_to_the_event(as_user, course: TrainingEvent) -> None:  # type: ignore[no-untyped-def]
    make_cadre(name="回链甲")
    client = as_user("county")
    back = reverse("training:event_detail", args=[course.pk])
    assert back in client.get(reverse("training:import_upload", args=[course.pk])).content.decode()
    response = post_sheet(client, course, xlsx([[1, "回链甲", "", "", 2]]))
    assert back in client.get(response["Location"]).content.decode()
