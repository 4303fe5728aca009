"""Hostile and careless roster files (issue 16): tiny files that name a huge sheet, zip bombs, shared
strings repeated into gigabytes, thousands of duplicate IDs. Each is refused or read within the limits of
``teams.rules.roster_limits``, with a Chinese message naming the limit, and the batch ends as failed."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator

import pytest
from openpyxl import Workbook

from teams.models import ImportBatch, Region
from teams.roster import messages, reader
from teams.roster.importer import roster_check
from teams.rules import roster_limits as limits

from .roster_files import HEADER, csv, row, xlsx
from .xls_files import xls

pytestmark = pytest.mark.django_db
MB = limits.MB


def check(content: bytes, name: str = "roster.xlsx") -> ImportBatch:
    batch = ImportBatch.objects.create(
        county=Region.objects.get(code="411721"), file_name=name, content=content
    )
    roster_check(batch=batch)
    batch.refresh_from_db()
    return batch


def with_cell_at(cell: str) -> bytes:
    """A valid roster with one more cell far out: a few KB on disk."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(row(1))
    sheet[cell] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def handmade_xlsx(
    sheet_rows: str, shared: list[str] | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A minimal xlsx written by hand: ``sheet_rows`` is the XML inside <sheetData>."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}">'
            '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}>'
            + "".join(f"<si><t>{s}</t></si>" for s in shared or [])
            + "</sst>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def header_xml() -> str:
    return '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


@pytest.fixture
def calamine_untouched(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test if the file reaches calamine, which would hold the whole area in memory."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file reached calamine")

    monkeypatch.setattr(reader.CalamineWorkbook, "from_filelike", refuse)
    yield


class TestTheUsedArea:
    def test_a_cell_at_xfd1048576_is_refused_before_calamine_reads_it(self, calamine_untouched: None) -> None:
        content = with_cell_at("XFD1048576")
        assert len(content) < 10_000
        batch = check(content)
        assert (batch.status, batch.message) == (
            "failed",
            messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=1_048_576),
        )

    def test_refusing_it_holds_little_memory(self) -> None:
        content = with_cell_at("XFD1048576")
        tracemalloc.start()
        try:
            with pytest.raises(reader.UnreadableFile):
                reader.read(content, "roster.xlsx")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 2 * MB

    def test_a_cell_at_row_200000_column_200_is_refused(self, calamine_untouched: None) -> None:
        batch = check(with_cell_at("GR200000"))
        assert batch.message == messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=200_000)

    def test_a_cell_beyond_the_last_column_names_it(self, calamine_untouched: None) -> None:
        batch = check(with_cell_at("GR3"))  # column 200
        assert batch.message == messages.TOO_MANY_COLUMNS.format(
            limit=limits.MAX_COLUMNS, column="GR", number=200
        )

    def test_rows_and_columns_each_within_their_limit_can_still_be_too_many_cells(
        self, calamine_untouched: None
    ) -> None:
        batch = check(with_cell_at("CV90000"))  # column 100, row 90,000: 9 million cells
        assert batch.message == messages.TOO_MANY_CELLS.format(
            limit=limits.MAX_CELLS, rows=90_000, columns=100
        )

    def test_cells_without_positions_are_counted_where_they_fall(self, calamine_untouched: None) -> None:
        cells = "".join("<c/>" for _ in range(limits.MAX_COLUMNS + 1))
        batch = check(handmade_xlsx(header_xml() + f"<row>{cells}</row>", ["姓名", "身份证号"]))
        assert batch.message.startswith(f"表格超过{limits.MAX_COLUMNS}列")

    def test_a_file_within_the_limits_is_read_with_excels_row_numbers(self) -> None:
        batch = check(with_cell_at("T5000"))
        assert (batch.status, batch.report["header_row"], batch.total_rows) == ("checked", 1, 2)
        assert {item["row"] for item in batch.report["invalid"]} == {5000}


class TestTheZip:
    # As Excel writes a cell, and with the attributes in another order (measured the slow way).
    LAYOUTS = ['<c r="A{r}" t="s"><v>2</v></c>', '<c t="s" r="A{r}"><v>2</v></c>']

    @pytest.mark.parametrize("layout", LAYOUTS, ids=["usual", "reordered"])
    def test_one_shared_string_repeated_into_many_cells_is_refused(
        self, layout: str, calamine_untouched: None
    ) -> None:
        long_text = "长" * 30_000  # 90 KB in UTF-8; 2,000 cells name it: 180 MB of text
        cells = "".join(f'<row r="{r}">{layout.format(r=r)}</row>' for r in range(2, 2002))
        content = handmade_xlsx(header_xml() + cells, ["姓名", "身份证号", long_text])
        assert len(content) < 100_000
        batch = check(content)
        assert batch.message == messages.TOO_MUCH_TEXT.format(limit=limits.MAX_TEXT_BYTES // MB)

    @pytest.mark.parametrize("layout", LAYOUTS, ids=["usual", "reordered"])
    def test_a_far_row_is_refused_whatever_the_layout(self, layout: str, calamine_untouched: None) -> None:
        content = handmade_xlsx(
            header_xml() + f'<row r="200000">{layout.format(r=200000)}</row>', ["姓名", "身份证号", "x"]
        )
        batch = check(content)
        assert batch.message == messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=200_000)

    def test_a_zip_bomb_is_refused_by_its_ratio(self, calamine_untouched: None) -> None:
        content = handmade_xlsx(header_xml(), ["姓名", "身份证号"], {"xl/media/padding.bin": bytes(8 * MB)})
        assert len(content) < 100_000
        batch = check(content)
        assert batch.message == messages.ZIP_RATIO.format(limit=limits.MAX_ZIP_RATIO)

    def test_the_unzipped_size_is_bounded(
        self, monkeypatch: pytest.MonkeyPatch, calamine_untouched: None
    ) -> None:
        monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 1 * MB)
        content = handmade_xlsx(header_xml(), ["姓名", "身份证号"], {"xl/media/photo.bin": _noise(2 * MB)})
        batch = check(content)
        assert batch.message == messages.TOO_BIG_UNZIPPED.format(limit=1)

    def test_a_handmade_xlsx_within_the_limits_is_read(self) -> None:
        values = [str(v) for v in row(1)]
        shared = [*HEADER, *values]
        header = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADER)))
        data = "".join(
            f'<c r="{chr(65 + i)}2" t="s"><v>{len(HEADER) + i}</v></c>' for i in range(len(values))
        )
        batch = check(handmade_xlsx(f'<row r="1">{header}</row><row r="2">{data}</row>', shared))
        assert batch.status == "checked" and batch.total_rows == 1

    def test_a_zip_that_is_no_xlsx_is_unreadable(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("content.xml", "<office:document/>")
        batch = check(buffer.getvalue())
        assert (batch.status, batch.message) == ("failed", messages.UNREADABLE)


def _noise(size: int) -> bytes:
    import random

    return random.Random(16).randbytes(size)


class TestTheFile:
    def test_a_file_over_the_size_limit_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1 * MB)
        batch = check(csv([row(1)]) + b"#" * MB, "roster.csv")
        assert batch.message == messages.TOO_BIG_FILE.format(limit=1)

    def test_a_csv_with_too_many_lines_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(limits, "MAX_ROWS", 10)
        batch = check(csv([row(i) for i in range(1, 11)]), "roster.csv")
        assert batch.message == messages.TOO_MANY_ROWS.format(limit=10, row=11)

    def test_a_csv_with_too_many_columns_is_refused(self) -> None:
        content = csv([row(1)]) + ("," * limits.MAX_COLUMNS + "\n").encode()
        batch = check(content, "roster.csv")
        assert batch.message.startswith(f"表格超过{limits.MAX_COLUMNS}列")

    @pytest.mark.parametrize(
        "tail", [b"\x00,\x00\n", b'"' + b"x" * 200_000 + b'"\n'], ids=["nul byte", "huge field"]
    )
    def test_a_broken_csv_is_unreadable_not_an_error(self, tail: bytes) -> None:
        batch = check(csv([row(1)]) + tail, "roster.csv")
        assert (batch.status, batch.message) == ("failed", messages.UNREADABLE)

    def test_a_file_named_xlsx_that_is_neither_is_unreadable(self) -> None:
        batch = check(b"just some text", "roster.xlsx")
        assert (batch.status, batch.message) == ("failed", messages.UNREADABLE)


@pytest.fixture(scope="module")
def repeated() -> bytes:
    return csv([row(1)] * 5_000)


class TestDuplicateIds:
    """One valid row repeated 5,000 times: each row named every other one, a 246 MB report."""

    def test_each_copy_names_the_first_rows_and_the_count(self, repeated: bytes) -> None:
        batch = check(repeated, "roster.csv")
        expected = messages.DUPLICATE_ID.format(
            rows="2、3、4、5、6" + messages.DUPLICATE_MORE.format(count=5_000)
        )
        reasons = {reason for item in batch.report["invalid"] for _, reason in item["issues"]}
        assert (batch.invalid_count, reasons) == (5_000, {expected})

    def test_the_report_stays_small(self, repeated: bytes) -> None:
        import json

        batch = check(repeated, "roster.csv")
        assert len(json.dumps(batch.report, ensure_ascii=False).encode()) < 3 * MB

    def test_the_report_keeps_at_most_its_limit_of_rows_and_counts_the_rest(
        self, repeated: bytes, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(limits, "REPORT_MAX_INVALID_ROWS", 100)
        batch = check(repeated, "roster.csv")
        assert (len(batch.report["invalid"]), batch.report["invalid_omitted"], batch.invalid_count) == (
            100,
            4_900,
            5_000,
        )

    def test_the_report_keeps_at_most_its_size_of_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(limits, "REPORT_MAX_INVALID_CHARS", 10_000)
        long_name = "名" * 1_000  # too long for a name: every row is invalid, each 1,000 characters
        batch = check(csv([row(i, 姓名=long_name) for i in range(1, 101)]), "roster.csv")
        stored = batch.report["invalid"]
        assert len(stored) < 20 and batch.report["invalid_omitted"] == 100 - len(stored)

    def test_the_page_says_how_many_rows_are_not_listed(
        self, repeated: bytes, monkeypatch: pytest.MonkeyPatch, as_user
    ) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(limits, "REPORT_MAX_INVALID_ROWS", 100)
        batch = check(repeated, "roster.csv")
        page = as_user("county").get(f"/imports/{batch.pk}/").content.decode()
        assert messages.REPORT_OMITTED.format(count=4_900, stored=100) in page
        assert "共5000行" in page


class TestAnotherCountysCadre:
    """平阴县 imports a row with the ID of a cadre 西平县 registered and posts: it learns only that the ID
    is registered elsewhere, not the cadre's name, county, village or posting dates."""

    @pytest.fixture
    def page_and_download(self, as_user, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile

        from teams.models import Cadre

        cadre = (
            Cadre.objects.filter(county__code="411721", memberships__end__gte=datetime.date(2026, 1, 1))
            .distinct()
            .first()
        )
        assert cadre is not None
        postings = list(cadre.memberships.select_related("team__village__township"))
        start = postings[0].start + datetime.timedelta(days=3)  # not a date of any posting of the cadre
        values = row(
            1,
            姓名="某某",
            身份证号=cadre.id_number,
            性别=cadre.get_sex_display(),
            出生日期=cadre.birth_date,
            派出单位="平阴县财政局",
            县区="平阴县",
            乡镇="孔村镇",
            派驻村="孔村",
            派驻开始日期=start,
            派驻结束日期=start + datetime.timedelta(days=30),
        )
        client = as_user("county2")
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/imports/", {"file": SimpleUploadedFile("花名册.xlsx", xlsx([values]))})
        batch = ImportBatch.objects.get()
        page = client.get(f"/imports/{batch.pk}/").content.decode()
        download = client.get(f"/imports/{batch.pk}/invalid.xlsx")
        secrets = {cadre.name, "西平", *(p.team.village.name for p in postings)}
        for posting in postings:
            secrets |= {f"{posting.start:%Y-%m-%d}", f"{posting.end:%Y-%m-%d}" if posting.end else "今"}
            secrets.add(posting.team.village.township.name)
        return batch, page, download, secrets

    def test_the_row_says_only_that_the_id_is_registered_elsewhere(self, page_and_download) -> None:  # type: ignore[no-untyped-def]
        batch, _, _, _ = page_and_download
        [item] = batch.report["invalid"]
        assert item["issues"] == [["身份证号", messages.CADRE_ELSEWHERE]]
        assert messages.CADRE_ELSEWHERE == "该身份证号已在其他县登记，请联系市委组织部"

    def test_nothing_of_the_other_county_is_in_the_report(self, page_and_download) -> None:  # type: ignore[no-untyped-def]
        import json

        batch, _, _, secrets = page_and_download
        report = json.dumps(batch.report, ensure_ascii=False, default=str)
        assert [s for s in secrets if s in report] == []

    def test_nothing_of_the_other_county_is_on_the_page(self, page_and_download) -> None:  # type: ignore[no-untyped-def]
        _, page, _, secrets = page_and_download
        assert messages.CADRE_ELSEWHERE in page
        assert [s for s in secrets if s in page] == []

    def test_nothing_of_the_other_county_is_in_the_invalid_rows_download(self, page_and_download) -> None:  # type: ignore[no-untyped-def]
        from openpyxl import load_workbook

        _, _, download, secrets = page_and_download
        assert download.status_code == 200
        sheet = load_workbook(io.BytesIO(download.content)).active
        text = " ".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None)
        assert messages.CADRE_ELSEWHERE in text
        assert [s for s in secrets if s in text] == []


def _check_in_pingyin(**changes: object) -> ImportBatch:
    values = row(1, 县区="平阴县", 乡镇="孔村镇", 派驻村="孔村", **changes)
    batch = ImportBatch.objects.create(
        county=Region.objects.get(code="370124"), file_name="roster.xlsx", content=xlsx([values])
    )
    roster_check(batch=batch)
    batch.refresh_from_db()
    return batch


class TestAnotherCountysUnits:
    def test_a_new_unit_is_not_said_to_be_near_another_countys_unit(self) -> None:
        batch = _check_in_pingyin(派出单位="西平县教育")
        [unit] = batch.report["new_units"]
        assert (unit["name"], unit["similar"], unit["matches"]) == ("西平县教育", [], [])

    def test_a_new_unit_is_still_said_to_be_near_one_of_the_countys_own(self) -> None:
        batch = _check_in_pingyin(派出单位="平阴县财政")
        [unit] = batch.report["new_units"]
        assert unit["similar"] == ["平阴县财政局"]


class TestXls:
    @staticmethod
    def roster(*rows: list[object], more: dict[tuple[int, int], str] | None = None) -> bytes:
        cells = {(0, c): text for c, text in enumerate(HEADER)}
        for r, values in enumerate(rows, start=1):
            cells |= {(r, c): str(v) for c, v in enumerate(values) if str(v)}
        return xls(cells | (more or {}))

    def test_an_xls_within_the_limits_is_read(self) -> None:
        batch = check(self.roster(row(1), row(2)), "roster.xls")
        assert (batch.status, batch.total_rows, batch.invalid_count) == ("checked", 2, 0), batch.message

    def test_a_cell_in_the_last_column_is_refused_before_calamine_reads_it(
        self, calamine_untouched: None
    ) -> None:
        batch = check(self.roster(row(1), more={(65_535, 255): "x"}), "roster.xls")
        assert batch.message == messages.TOO_MANY_COLUMNS.format(
            limit=limits.MAX_COLUMNS, column="IV", number=256
        )

    def test_too_many_rows_are_refused(
        self, monkeypatch: pytest.MonkeyPatch, calamine_untouched: None
    ) -> None:
        monkeypatch.setattr(limits, "MAX_ROWS", 1_000)
        batch = check(self.roster(row(1), more={(1_000, 0): "x"}), "roster.xls")
        assert batch.message == messages.TOO_MANY_ROWS.format(limit=1_000, row=1_001)

    def test_one_long_shared_string_in_many_cells_is_refused(self, calamine_untouched: None) -> None:
        long_text = "长" * 10_000  # split over CONTINUE records; 4,000 cells name it: 120 MB once read
        content = self.roster(more={(r, 20): long_text for r in range(1, 4_001)})
        assert len(content) < 200_000
        batch = check(content, "roster.xls")
        assert batch.message == messages.TOO_MUCH_TEXT.format(limit=limits.MAX_TEXT_BYTES // MB)

    def test_a_broken_xls_is_unreadable(self) -> None:
        content = self.roster(row(1))
        batch = check(content[:600] + bytes(len(content) - 600), "roster.xls")
        assert (batch.status, batch.message) == ("failed", messages.UNREADABLE)


def test_the_upload_page_says_what_went_wrong(as_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user("county")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/imports/", {"file": SimpleUploadedFile("花名册.xlsx", with_cell_at("XFD1048576"))}
        )
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=1_048_576) in page.content.decode()
    assert f"{limits.MAX_ROWS}行、{limits.MAX_COLUMNS}列" in client.get("/imports/").content.decode()
    assert batch.status == "failed"
