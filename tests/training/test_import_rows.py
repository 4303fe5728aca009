"""The attendance-sheet import (issue 13): each row's outcome, and a commit that writes all or nothing."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

from teams.roster import messages as roster_messages
from teams.rules import roster_limits as limits
from tests.builders import make_cadre
from tests.clock import NOW
from training import importing
from training.models import ImportStatus, RecordSource, TrainingEvent, TrainingImport, TrainingRecord

from .helpers import attend, event, user
from .sheets import csv, with_cell_at, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def course() -> TrainingEvent:
    return event(days="3")


def upload(
    course: TrainingEvent, content: bytes, name: str = "签到表.xlsx", login: str = "county"
) -> TrainingImport:
    return importing.training_import_create(
        user=user(login), event=course, file_name=name, content=content, now=NOW
    )


def reasons(found: TrainingImport) -> dict[int, str]:
    return {r["row"]: r["reason"] for r in found.report["rows"]}


def commit(found: TrainingImport, login: str = "county") -> int:
    return importing.training_import_commit(user=user(login), training_import=found, now=NOW)


class TestAllValid:
    def test_every_row_becomes_a_record_of_the_import(self, course: TrainingEvent) -> None:
        a, b = make_cadre(name="培训甲"), make_cadre(name="培训乙")
        found = upload(course, xlsx([[1, "培训甲", "", "", ""], [2, "培训乙", b.id_number, "", 2.5]]))
        assert found.status == ImportStatus.PREVIEWED
        assert found.report["invalid_rows"] == []
        assert commit(found) == 2
        records = {r.cadre_id: r for r in TrainingRecord.objects.filter(event=course)}
        assert records[a.pk].days == Decimal("3.0")  # an empty cell: the event's days
        assert records[b.pk].days == Decimal("2.5")
        assert {r.source for r in records.values()} == {RecordSource.IMPORT}
        found.refresh_from_db()
        assert found.status == ImportStatus.COMMITTED and found.committed_at == NOW

    def test_a_csv_with_a_title_row_and_header_variants_is_read(self, course: TrainingEvent) -> None:
        make_cadre(name="培训丙")
        content = ("西平县驻村干部培训签到表\r\n" + "姓名,单位,天数\r\n培训丙,县农业农村局,3天\r\n").encode(
            "gb18030"
        )
        found = upload(course, content, "签到.csv")
        assert reasons(found) == {3: ""}
        assert found.report["rows"][0]["days"] == "3.0"

    def test_an_xls_sheet_is_read(self, course: TrainingEvent) -> None:
        from tests.teams.xls_files import xls

        cadre = make_cadre(name="培训旧表")
        content = xls(
            {
                (0, 0): "姓名",
                (0, 1): "身份证号码",
                (0, 2): "参训天数",
                (1, 0): "培训旧表",
                (1, 1): cadre.id_number,
                (1, 2): "2",
            }
        )
        found = upload(course, content, "签到表.xls")
        assert reasons(found) == {2: ""}
        assert (found.report["rows"][0]["cadre"], found.report["rows"][0]["days"]) == (cadre.pk, "2.0")


class TestReasons:
    def test_an_unknown_name_writes_nothing_and_names_the_row(self, course: TrainingEvent) -> None:
        make_cadre(name="培训丁")
        found = upload(course, xlsx([[1, "培训丁", "", "", ""], [2, "查无此人", "", "", ""]]))
        assert reasons(found) == {2: "", 3: importing.NOT_FOUND}
        with pytest.raises(importing.TrainingImportError) as refused:
            commit(found)
        assert refused.value.code == importing.INVALID_ROWS
        assert refused.value.rows == [3]
        assert refused.value.message == importing.INVALID_ROWS_MSG.format(rows="3", count=1)
        assert not TrainingRecord.objects.filter(event=course).exists()
        found.refresh_from_db()
        assert found.status == ImportStatus.PREVIEWED

    def test_an_ambiguous_name_without_id_asks_for_the_id(self, course: TrainingEvent) -> None:
        first = make_cadre(name="培训同名")
        make_cadre(name="培训同名")
        found = upload(course, xlsx([[1, "培训同名", "", "", ""], [2, "培训同名", first.id_number, "", ""]]))
        assert reasons(found) == {2: importing.AMBIGUOUS.format(count=2), 3: ""}
        assert found.report["rows"][1]["cadre"] == first.pk

    def test_another_countys_cadre_reads_as_unknown(self, course: TrainingEvent) -> None:
        other = make_cadre("平阴县", name="外县干部")
        found = upload(course, xlsx([[1, "外县干部", other.id_number, "", ""], [2, "外县干部", "", "", ""]]))
        assert reasons(found) == {2: importing.NOT_FOUND, 3: importing.NOT_FOUND}

    def test_an_id_failing_the_gb11643_check_is_refused(self, course: TrainingEvent) -> None:
        cadre = make_cadre(name="培训戊")
        wrong = cadre.id_number[:17] + ("0" if cadre.id_number[17] != "0" else "1")
        found = upload(course, xlsx([[1, "培训戊", wrong, "", ""]]))
        assert reasons(found)[2].startswith("身份证号无效：身份证号校验位错误")

    def test_a_name_not_matching_the_id(self, course: TrainingEvent) -> None:
        cadre = make_cadre(name="培训己")
        found = upload(course, xlsx([[1, "培训庚", cadre.id_number, "", ""]]))
        assert reasons(found) == {2: importing.NAME_MISMATCH.format(name="培训己")}

    def test_the_second_row_of_one_cadre_is_a_duplicate(self, course: TrainingEvent) -> None:
        cadre = make_cadre(name="培训辛")
        found = upload(course, xlsx([[1, "培训辛", "", "", ""], [2, "培训辛", cadre.id_number, "", ""]]))
        assert reasons(found) == {2: "", 3: importing.DUPLICATE.format(row=2)}

    @pytest.mark.parametrize(
        ("cell", "reason"),
        [
            (3.5, importing.DAYS_OVER.format(value="3.5", days="3")),
            ("4天", importing.DAYS_OVER.format(value="4", days="3")),
            (0, importing.BAD_DAYS.format(value="0")),
            (1.2, importing.BAD_DAYS.format(value="1.2")),
            ("三天", importing.BAD_DAYS.format(value="三天")),
            (3, ""),
            ("0.5", ""),
        ],
    )
    def test_days_over_the_event_or_not_whole_or_half(
        self, course: TrainingEvent, cell: object, reason: str
    ) -> None:
        make_cadre(name="培训壬")
        assert reasons(upload(course, xlsx([[1, "培训壬", "", "", cell]]))) == {2: reason}

    def test_a_cadre_already_recorded_for_the_event(self, course: TrainingEvent) -> None:
        cadre = make_cadre(name="培训癸")
        attend(course, cadre)
        assert reasons(upload(course, xlsx([[1, "培训癸", "", "", ""]]))) == {2: importing.ALREADY}

    def test_the_unit_column_tells_two_cadres_of_one_name_apart(self, course: TrainingEvent) -> None:
        from tests.builders import make_posting

        posting = make_posting(cadre=make_cadre(name="培训重名"))
        make_cadre(name="培训重名")
        found = upload(course, xlsx([[1, "培训重名", "", posting.dispatching_unit.name, ""]]))
        assert reasons(found) == {2: ""}
        assert found.report["rows"][0]["cadre"] == posting.cadre_id


class TestCommit:
    def test_a_second_commit_writes_nothing_more(self, course: TrainingEvent) -> None:
        make_cadre(name="培训子")
        found = upload(course, xlsx([[1, "培训子", "", "", ""]]))
        assert commit(found) == 1
        with pytest.raises(importing.TrainingImportError) as again:
            commit(found)
        assert again.value.code == importing.DONE
        assert TrainingRecord.objects.filter(event=course).count() == 1

    def test_each_imported_record_is_in_the_audit_trail(self, course: TrainingEvent) -> None:
        from django.contrib.contenttypes.models import ContentType

        from audit.models import AuditEntry

        cadre = make_cadre(name="培训审计")
        commit(upload(course, xlsx([[1, "培训审计", "", "", ""]])))
        record = TrainingRecord.objects.get(event=course)
        entry = AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(TrainingRecord), object_pk=str(record.pk)
        )
        assert (entry.county_id, entry.actor_id) == (cadre.county_id, user("county").pk)
        assert entry.object_repr == f"培训审计：{course.title}"

    def test_a_record_entered_by_hand_since_the_preview_refuses_the_whole_file(
        self, course: TrainingEvent
    ) -> None:
        a = make_cadre(name="培训丑")
        make_cadre(name="培训寅")
        found = upload(course, xlsx([[1, "培训丑", "", "", ""], [2, "培训寅", "", "", ""]]))
        assert found.report["invalid_rows"] == []
        attend(course, a)
        with pytest.raises(importing.TrainingImportError) as refused:
            commit(found)
        assert refused.value.rows == [2]
        assert list(TrainingRecord.objects.filter(event=course).values_list("cadre_id", flat=True)) == [a.pk]
        found.refresh_from_db()
        assert reasons(found)[2] == importing.ALREADY  # the preview now says why

    def test_only_the_county_office_or_the_events_township_imports(self, course: TrainingEvent) -> None:
        make_cadre(name="培训卯")
        for login in ("township", "bureau", "unit", "city"):
            with pytest.raises(importing.TrainingImportError) as refused:
                upload(course, xlsx([[1, "培训卯", "", "", ""]]), login=login)
            assert refused.value.code == importing.NOT_ALLOWED


class TestHostileFiles:
    def test_a_tiny_xlsx_naming_a_huge_sheet_is_refused_with_the_limit(self, course: TrainingEvent) -> None:
        content = with_cell_at("XFD1048576")
        assert len(content) < 10_000
        with pytest.raises(importing.TrainingImportError) as refused:
            upload(course, content)
        assert refused.value.message == roster_messages.TOO_MANY_ROWS.format(
            limit=limits.MAX_ROWS, row=1_048_576
        )
        assert not TrainingImport.objects.exists()

    def test_a_zip_bomb_is_refused_by_its_ratio(self, course: TrainingEvent) -> None:
        buffer = io.BytesIO(xlsx([[1, "某人", "", "", ""]]))
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * (20 * limits.MB))
        with pytest.raises(importing.TrainingImportError) as refused:
            upload(course, buffer.getvalue())
        assert refused.value.message == roster_messages.ZIP_RATIO.format(limit=limits.MAX_ZIP_RATIO)

    def test_a_file_that_is_no_sheet_is_refused_in_chinese(self, course: TrainingEvent) -> None:
        with pytest.raises(importing.TrainingImportError) as refused:
            upload(course, b"%PDF-1.4 not a sheet", "签到表.xlsx")
        assert refused.value.message == importing.UNREADABLE

    def test_a_sheet_without_a_name_column_is_refused(self, course: TrainingEvent) -> None:
        with pytest.raises(importing.TrainingImportError) as refused:
            upload(course, csv([["x", "y"]], header=["单位", "天数"]), "签到表.csv")
        assert refused.value.message == importing.NO_HEADER.format(rows=20)


def test_the_roster_reader_still_wants_name_and_id() -> None:
    """The reader serves both sheets: a training sheet (姓名 only) is no roster."""
    from teams.roster import reader

    with pytest.raises(reader.UnreadableFile) as refused:
        reader.read(xlsx([[1, "某人", "", "", ""]], header=["序号", "姓名", "单位"]), "x.xlsx")
    assert str(refused.value) == roster_messages.NO_HEADER.format(rows=20)
