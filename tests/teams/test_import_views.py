"""The county office's import pages: upload, preview with reasons, fix, commit; nobody else's imports."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from teams.models import Cadre, ImportBatch, Membership
from teams.roster.importer import progress_key

from .roster_files import HEADER, new_id, row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_run_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Jobs are enqueued on commit; the test's transaction never commits, so run them as if it had."""
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture = None


def post(client, url: str, data: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    assert _capture is not None
    with _capture(execute=True):
        return client.post(url, data or {})


def upload(client, content: bytes, name: str = "花名册.xlsx"):  # type: ignore[no-untyped-def]
    return post(client, "/imports/", {"file": SimpleUploadedFile(name, content)})


def fill_template(template: bytes, rows: list[list[object]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["花名册"]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestTheCountyOffice:
    def test_template_fix_a_bad_row_and_commit(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        template = client.get("/imports/template.xlsx").content
        bad = fill_template(template, [row(1), row(2, 队内职务="组长")])
        response = upload(client, bad)
        batch = ImportBatch.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
        page = client.get(f"/imports/{batch.pk}/").content.decode()
        assert "第4行" in page and "队内职务“组长”无法识别" in page
        assert "跳过1行无效数据" in page

        invalid = load_workbook(io.BytesIO(client.get(f"/imports/{batch.pk}/invalid.xlsx").content)).active
        assert invalid is not None
        assert [c.value for c in invalid[1]][:3] == ["原行号", "错误原因", "姓名"]
        assert invalid["A2"].value == 4 and "队内职务" in invalid["B2"].value
        assert invalid["D2"].value == new_id(2) and invalid["D2"].number_format == "@"

        post(client, f"/imports/{batch.pk}/commit/")  # all or nothing: refused
        batch.refresh_from_db()
        assert batch.status == "refused" and not Cadre.objects.filter(id_number=new_id(1)).exists()

        fixed = fill_template(template, [row(1), row(2, 队内职务="队员")])
        upload(client, fixed, "花名册（改）.xlsx")
        fixed_batch = ImportBatch.objects.order_by("-pk").first()
        assert fixed_batch is not None and fixed_batch.invalid_count == 0
        response = post(client, f"/imports/{fixed_batch.pk}/commit/")
        fixed_batch.refresh_from_db()
        assert fixed_batch.created_by is not None
        assert (fixed_batch.status, fixed_batch.created_count, fixed_batch.created_by.username) == (
            "committed",
            2,
            "county",
        )
        assert Membership.objects.filter(cadre__id_number__in=[new_id(1), new_id(2)]).count() == 2
        assert "已导入：新增2行" in client.get(response["Location"]).content.decode()

    def test_the_skip_invalid_checkbox(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1), row(2, 姓名="")]))
        batch = ImportBatch.objects.get()
        post(client, f"/imports/{batch.pk}/commit/", {"skip_invalid": "on"})
        batch.refresh_from_db()
        assert (batch.status, batch.created_count, batch.invalid_count) == ("committed", 1, 1)

    def test_committing_twice_writes_once(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1)]))
        batch = ImportBatch.objects.get()
        post(client, f"/imports/{batch.pk}/commit/")
        post(client, f"/imports/{batch.pk}/commit/")
        assert Membership.objects.filter(cadre__id_number=new_id(1)).count() == 1

    def test_the_progress_partial_polls_until_done(self, as_user) -> None:  # type: ignore[no-untyped-def]
        from django.core.cache import cache

        client = as_user("county")
        upload(client, xlsx([row(1)]))
        batch = ImportBatch.objects.get()
        ImportBatch.objects.filter(pk=batch.pk).update(status="committing")
        cache.set(progress_key(batch.pk), {"percent": 42, "text": "正在写入干部"})
        running = client.get(f"/imports/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
        assert (
            'value="42"' in running.content.decode() and 'hx-trigger="every 1s"' in running.content.decode()
        )
        assert "HX-Refresh" not in running
        ImportBatch.objects.filter(pk=batch.pk).update(status="committed")
        cache.delete(progress_key(batch.pk))
        assert client.get(f"/imports/{batch.pk}/progress/")["HX-Refresh"] == "true"

    def test_a_wrong_file_type_is_refused_with_a_message(self, as_user) -> None:  # type: ignore[no-untyped-def]
        response = upload(as_user("county"), b"hello", "roster.pdf")
        assert response.status_code == 200 and "请上传 .xlsx、.xls 或 .csv 文件" in response.content.decode()

    def test_the_nav_links_to_the_import_page(self, as_user) -> None:  # type: ignore[no-untyped-def]
        assert "导入花名册" in as_user("county").get("/").content.decode()
        assert "导入花名册" not in as_user("bureau").get("/").content.decode()


class TestOthers:
    @pytest.fixture
    def batch(self, as_user) -> ImportBatch:  # type: ignore[no-untyped-def]
        upload(as_user("county"), xlsx([row(1), row(2, 姓名="")]))
        return ImportBatch.objects.get()

    @pytest.mark.parametrize("suffix", ["", "progress/", "invalid.xlsx"])
    def test_another_countys_office_gets_404(self, as_user, batch: ImportBatch, suffix: str) -> None:  # type: ignore[no-untyped-def]
        assert as_user("county2").get(f"/imports/{batch.pk}/{suffix}").status_code == 404

    def test_another_countys_office_cannot_commit_it(self, as_user, batch: ImportBatch) -> None:  # type: ignore[no-untyped-def]
        assert (
            post(as_user("county2"), f"/imports/{batch.pk}/commit/", {"skip_invalid": "on"}).status_code
            == 404
        )
        batch.refresh_from_db()
        assert batch.status == "checked"

    def test_another_countys_office_does_not_list_it(self, as_user, batch: ImportBatch) -> None:  # type: ignore[no-untyped-def]
        assert batch.file_name not in as_user("county2").get("/imports/").content.decode()

    @pytest.mark.parametrize("username", ["bureau", "township", "unit", "city", "cadre"])
    def test_other_offices_may_not_import(self, as_user, batch: ImportBatch, username: str) -> None:  # type: ignore[no-untyped-def]
        client = as_user(username)
        assert client.get("/imports/").status_code == 403
        assert client.get(f"/imports/{batch.pk}/").status_code in (403, 404)
        assert (
            client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", xlsx([row(3)]))}).status_code
            == 403
        )


class TestTemplate:
    def test_the_id_column_is_text(self, as_user) -> None:  # type: ignore[no-untyped-def]
        workbook = load_workbook(io.BytesIO(as_user("county").get("/imports/template.xlsx").content))
        sheet = workbook["花名册"]
        assert [c.value for c in sheet[2]] == HEADER
        id_letter = "B"
        assert sheet.column_dimensions[id_letter].number_format == "@"
        assert sheet[f"{id_letter}3"].number_format == "@" and sheet[f"{id_letter}500"].number_format == "@"
        assert sheet["A1"].value == "西平县驻村干部花名册"
