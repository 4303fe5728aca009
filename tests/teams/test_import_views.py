"""The county office's import pages: upload, preview with reasons, fix, commit; nobody else's imports."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from teams.models import Cadre, DispatchingUnit, ImportBatch, Membership, Region, Team, Village
from teams.roster.importer import progress_key

from .roster_files import FACT_HEADER, HEADER, new_id, row, xlsx

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
        # The office is refused before any lookup: the same 403 for an import that does not exist, so
        # the answer says nothing about which imports there are.
        assert client.get(f"/imports/{batch.pk}/").status_code == 403
        assert client.get(f"/imports/{batch.pk + 1000}/").status_code == 403
        assert (
            client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", xlsx([row(3)]))}).status_code
            == 403
        )


class TestTemplate:
    def test_the_id_column_is_text(self, as_user) -> None:  # type: ignore[no-untyped-def]
        workbook = load_workbook(io.BytesIO(as_user("county").get("/imports/template.xlsx").content))
        sheet = workbook["花名册"]
        assert [c.value for c in sheet[2]] == [*HEADER, *FACT_HEADER]
        id_letter = "B"
        assert sheet.column_dimensions[id_letter].number_format == "@"
        assert sheet[f"{id_letter}3"].number_format == "@" and sheet[f"{id_letter}500"].number_format == "@"
        assert sheet["A1"].value == "西平县驻村干部花名册"


class TestNearDuplicates:
    """A new name the preview flags as near an existing one ("相近") can be mapped onto that record:
    the choice goes with the commit, and the commit then uses the existing record for those rows."""

    @pytest.fixture
    def zhangzhuang(self) -> Village:
        return Village.objects.get(name="张庄村", township__name="柏城街道")

    def test_the_preview_offers_the_choice(self, as_user, zhangzhuang: Village) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 派驻村="张庄")]))
        batch = ImportBatch.objects.get()
        page = client.get(f"/imports/{batch.pk}/").content.decode()
        assert "与已有的“张庄村”相近" in page
        assert 'name="map-villages-0" value="new"' in page and "新建“张庄”" in page
        assert f'name="map-villages-0" value="{zhangzhuang.pk}"' in page and "对应到已有的“张庄村”" in page
        assert 'form="import-commit-form"' in page and 'id="import-commit-form"' in page

    def test_commit_with_the_mapping_uses_the_existing_village(self, as_user, zhangzhuang: Village) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 派驻村="张庄"), row(2, 派驻村="张庄")]))
        batch = ImportBatch.objects.get()
        villages, teams = Village.objects.count(), Team.objects.count()
        post(client, f"/imports/{batch.pk}/commit/", {"map-villages-0": str(zhangzhuang.pk)})
        batch.refresh_from_db()
        assert batch.status == "committed" and batch.created_count == 2
        assert (Village.objects.count(), Team.objects.count()) == (villages, teams)
        assert not Village.objects.filter(name="张庄").exists()
        postings = Membership.objects.filter(cadre__id_number__in=[new_id(1), new_id(2)])
        assert {m.team.village_id for m in postings} == {zhangzhuang.pk}
        assert batch.report["new_villages"] == []
        assert batch.aliases == {"villages": [{"township": "柏城街道", "name": "张庄", "pk": zhangzhuang.pk}]}

    def test_commit_without_a_choice_creates_it_as_before(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 派驻村="张庄")]))
        batch = ImportBatch.objects.get()
        post(client, f"/imports/{batch.pk}/commit/")
        assert Village.objects.filter(name="张庄", township__name="柏城街道").exists()

    def test_a_unit_maps_onto_the_existing_unit(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        upload(client, xlsx([row(1, 派出单位="西平教育局")]))
        batch = ImportBatch.objects.get()
        [new_unit] = batch.report["new_units"]
        assert new_unit["matches"] == [{"pk": unit.pk, "name": "西平县教育局"}]
        assert f'name="map-units-0" value="{unit.pk}"' in client.get(f"/imports/{batch.pk}/").content.decode()
        post(client, f"/imports/{batch.pk}/commit/", {"map-units-0": str(unit.pk)})
        assert not DispatchingUnit.objects.filter(name="西平教育局").exists()
        assert Membership.objects.get(cadre__id_number=new_id(1)).dispatching_unit == unit

    def test_a_township_maps_onto_the_existing_township(self, as_user, zhangzhuang: Village) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 乡镇="柏城")]))
        batch = ImportBatch.objects.get()
        township = zhangzhuang.township
        assert batch.report["new_townships"][0]["matches"] == [{"pk": township.pk, "name": "柏城街道"}]
        post(client, f"/imports/{batch.pk}/commit/", {"map-townships-0": str(township.pk)})
        assert not Region.objects.filter(name="柏城").exists()
        assert Membership.objects.get(cadre__id_number=new_id(1)).team.village == zhangzhuang

    def test_a_record_not_offered_is_refused(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 派驻村="张庄")]))
        batch = ImportBatch.objects.get()
        elsewhere = Village.objects.get(name="孔村")  # 平阴县
        response = post(client, f"/imports/{batch.pk}/commit/", {"map-villages-0": str(elsewhere.pk)})
        assert response.status_code == 302
        batch.refresh_from_db()
        assert (batch.status, batch.aliases) == ("checked", {})
        assert not Cadre.objects.filter(id_number=new_id(1)).exists()
        assert "所选的对应记录无效" in client.get(response["Location"]).content.decode()

    def test_the_mapping_outlives_a_refused_commit(self, as_user, zhangzhuang: Village) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        upload(client, xlsx([row(1, 派驻村="张庄"), row(2, 姓名="")]))
        batch = ImportBatch.objects.get()
        post(client, f"/imports/{batch.pk}/commit/", {"map-villages-0": str(zhangzhuang.pk)})
        batch.refresh_from_db()
        assert batch.status == "refused"
        page = client.get(f"/imports/{batch.pk}/").content.decode()
        assert "村“张庄”（柏城街道）按已有的“张庄村”导入" in page
        post(client, f"/imports/{batch.pk}/commit/", {"skip_invalid": "on"})
        batch.refresh_from_db()
        assert batch.status == "committed" and not Village.objects.filter(name="张庄").exists()
        assert Membership.objects.get(cadre__id_number=new_id(1)).team.village == zhangzhuang
