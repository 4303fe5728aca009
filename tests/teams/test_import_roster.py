"""Importing rosters through the command and the importer: messy spreadsheets in, one Chinese reason per
problem out, all or nothing by default, idempotent."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from teams import idcard
from teams.models import Cadre, DispatchingUnit, ImportBatch, ImportRecord, Membership, Region, Team, Village
from teams.roster import messages
from teams.roster.importer import roster_check
from tests.clock import TODAY

from .roster_files import HEADER, TERM_END, TERM_START, csv, new_id, row, xlsx

D = datetime.date
pytestmark = pytest.mark.django_db


def run(tmp_path: Path, content: bytes, *args: str, name: str = "roster.xlsx") -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_bytes(content)
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_roster", str(path), "--county", "411721", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue().strip().splitlines()


def check(content: bytes, name: str = "roster.xlsx") -> ImportBatch:
    batch = ImportBatch.objects.create(
        county=Region.objects.get(code="411721"), file_name=name, content=content
    )
    roster_check(batch=batch)
    batch.refresh_from_db()
    return batch


def reasons(batch: ImportBatch) -> dict[int, list[tuple[str, str]]]:
    return {item["row"]: [tuple(i) for i in item["issues"]] for item in batch.report["invalid"]}


class TestCommit:
    def test_it_creates_cadres_and_memberships_and_the_last_line_counts_them(self, tmp_path: Path) -> None:
        code, lines = run(tmp_path, xlsx([row(1), row(2, 队内职务="第一书记兼队长", 派驻村="杨庄村")]))
        assert (code, lines[-1]) == (0, "created=2 updated=0 unchanged=0 invalid=0")
        cadre = Cadre.objects.get(id_number=new_id(1))
        assert (cadre.name, cadre.sex, cadre.birth_date, cadre.county.code) == (
            "测试1",
            "M",
            D(1960, 1, 1),
            "411721",
        )
        membership = Membership.objects.get(cadre__id_number=new_id(2))
        assert (membership.role, membership.is_leader, membership.team.village.name) == (
            "first_secretary",
            True,
            "杨庄村",
        )
        assert (membership.start, membership.end) == (TERM_START, TERM_END)

    def test_every_record_points_back_to_its_import(self, tmp_path: Path) -> None:
        run(tmp_path, xlsx([row(1, 派出单位="西平县新单位")]))
        batch = ImportBatch.objects.get()
        assert (batch.status, batch.created_count, batch.source) == ("committed", 1, "command")
        linked = {(r.content_type.model, r.action) for r in ImportRecord.objects.filter(batch=batch)}
        assert linked == {("cadre", "created"), ("membership", "created"), ("dispatchingunit", "created")}
        unit = DispatchingUnit.objects.get(name="西平县新单位")
        assert unit.region is not None
        assert (unit.level, unit.region.code) == ("county", "411721")

    def test_importing_the_same_file_again_changes_nothing(self, tmp_path: Path) -> None:
        content = xlsx([row(1), row(2, 派驻村="新村", 乡镇="新乡镇", 派驻结束日期="")])
        run(tmp_path, content)
        counts = (
            Cadre.objects.count(),
            Membership.objects.count(),
            Team.objects.count(),
            Village.objects.count(),
            Region.objects.count(),
        )
        code, lines = run(tmp_path, content)
        assert (code, lines[-1]) == (0, "created=0 updated=0 unchanged=2 invalid=0")
        assert counts == (
            Cadre.objects.count(),
            Membership.objects.count(),
            Team.objects.count(),
            Village.objects.count(),
            Region.objects.count(),
        )
        assert not ImportRecord.objects.filter(batch=ImportBatch.objects.order_by("-pk").first()).exists()

    def test_the_exported_roster_imports_back_unchanged(self, tmp_path: Path, as_user) -> None:  # type: ignore[no-untyped-def]
        exported = as_user("county").get("/roster/export.xlsx").content
        serving = (
            Membership.objects.filter(team__village__township__parent__code="411721").active_on(TODAY).count()
        )
        code, lines = run(tmp_path, exported)
        assert (code, lines[-1]) == (0, f"created=0 updated=0 unchanged={serving} invalid=0")

    def test_a_changed_phone_and_end_date_update_the_records(self, tmp_path: Path) -> None:
        run(tmp_path, xlsx([row(1)]))
        code, lines = run(tmp_path, xlsx([row(1, 联系电话="13900000000", 派驻结束日期=D(2026, 6, 30))]))
        assert (code, lines[-1]) == (0, "created=0 updated=1 unchanged=0 invalid=0")
        membership = Membership.objects.get(cadre__id_number=new_id(1))
        assert (membership.cadre.phone, membership.end) == ("13900000000", D(2026, 6, 30))
        assert (
            ImportRecord.objects.filter(
                batch=ImportBatch.objects.order_by("-pk").first(), action="updated"
            ).count()
            == 2
        )

    def test_all_or_nothing_refuses_the_whole_file_and_exits_1(self, tmp_path: Path) -> None:
        code, lines = run(tmp_path, xlsx([row(1), row(2, 姓名="")]))
        assert code == 1
        assert lines[-1] == "created=0 updated=0 unchanged=0 invalid=1"
        assert "第3行 姓名：请填写姓名" in lines
        assert not Cadre.objects.filter(id_number__in=[new_id(1), new_id(2)]).exists()
        assert ImportBatch.objects.get().status == "refused"

    def test_skip_invalid_imports_the_valid_rows(self, tmp_path: Path) -> None:
        code, lines = run(tmp_path, xlsx([row(1), row(2, 姓名="")]), "--skip-invalid")
        assert (code, lines[-1]) == (0, "created=1 updated=0 unchanged=0 invalid=1")
        assert Cadre.objects.filter(id_number=new_id(1)).exists()
        assert not Cadre.objects.filter(id_number=new_id(2)).exists()

    def test_a_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        code, lines = run(tmp_path, xlsx([row(1), row(2, 派驻村="全新村")]), "--dry-run")
        assert (code, lines[-1]) == (0, "created=2 updated=0 unchanged=0 invalid=0")
        assert "将新建村：柏城街道全新村" in lines
        assert not Cadre.objects.filter(id_number=new_id(1)).exists()
        assert not Village.objects.filter(name="全新村").exists()

    def test_an_unreadable_file_exits_1(self, tmp_path: Path) -> None:
        code, lines = run(tmp_path, b"not a spreadsheet")
        assert code == 1
        assert ImportBatch.objects.get().message == messages.UNREADABLE


class TestMessyInput:
    def test_a_title_row_and_header_variants(self) -> None:
        header = [
            "序号",
            "姓 名",
            "公民身份号码",
            "性别",
            "出生年月",
            "政治面貌",
            "职务",
            "手机号码",
            "选派单位",
            "县(市、区)",
            "乡镇（街道）",
            "驻村村名",
            "队内职务",
            "驻村时间",
            "结束时间",
        ]
        values = [1, *row(1)]
        batch = check(xlsx([values], header, title="西平县2025年驻村第一书记和工作队员花名册", blank_rows=1))
        assert (batch.report["header_row"], batch.invalid_count, batch.created_count) == (3, 0, 1)
        assert batch.report["ignored_columns"] == ["序号"]

    def test_other_variants_of_the_same_columns(self) -> None:
        header = [
            "姓名",
            "身份证号码",
            "帮扶单位",
            "县区",
            "乡镇",
            "派驻村",
            "队内职务",
            "开始时间",
            "派驻结束日期",
            "政治面貌",
        ]
        values = [
            "甲",
            new_id(1),
            "西平县教育局",
            "西平县",
            "柏城街道",
            "张庄村",
            "队员",
            TERM_START,
            "",
            "党员",
        ]
        batch = check(xlsx([values], header))
        assert (batch.invalid_count, batch.created_count) == (0, 1), batch.report["invalid"]

    def test_full_width_digits_stray_spaces_and_a_lowercase_x(self) -> None:
        number = next(new_id(s) for s in range(1, 200) if new_id(s).endswith("X"))
        messy = (
            " "
            + number[:6]
            + " "
            + number[6:17].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            + "x "
        )
        batch = check(xlsx([row(1, 身份证号=messy, 姓名=" 张  三 ")]))
        assert batch.invalid_count == 0, batch.report["invalid"]

    @pytest.mark.parametrize(
        "written",
        [
            "2025.03.01",
            "2025-3-1",
            "2025/3/1",
            "2025年3月1日",
            D(2025, 3, 1),
            "２０２５－０３－０１",
            45717,
        ],
    )
    def test_date_formats(self, written: object) -> None:
        batch = check(xlsx([row(1, 派驻开始日期=written)]))
        assert batch.invalid_count == 0, batch.report["invalid"]

    def test_a_birth_month_is_enough(self) -> None:
        batch = check(xlsx([row(1, 出生日期="1960.01"), row(2, 出生日期=1960.01)]))
        assert batch.invalid_count == 0, batch.report["invalid"]

    def test_an_id_typed_as_a_number_is_reported_never_padded(self, tmp_path: Path) -> None:
        number = new_id(1)
        batch = check(xlsx([row(1, 身份证号=int(number))]))
        assert reasons(batch) == {2: [("身份证号", idcard.ERR_SCIENTIFIC)]}
        code, _ = run(tmp_path, xlsx([row(1, 身份证号=float(number))]), "--skip-invalid")
        assert not Cadre.objects.filter(name="测试1").exists()

    def test_an_exponent_id_from_a_csv_is_reported(self) -> None:
        batch = check(csv([row(1, 身份证号="4.11721E+17")]), name="roster.csv")
        assert reasons(batch) == {2: [("身份证号", idcard.ERR_SCIENTIFIC)]}

    def test_a_gbk_csv(self) -> None:
        batch = check(csv([row(1)], encoding="gb18030"), name="roster.csv")
        assert (batch.invalid_count, batch.created_count) == (0, 1)

    def test_a_township_merged_down_over_its_rows(self) -> None:
        import io

        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(xlsx([row(1), row(2, 乡镇="")])))
        sheet = workbook.active
        assert sheet is not None
        column = HEADER.index("乡镇") + 1
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        buffer = io.BytesIO()
        workbook.save(buffer)
        batch = check(buffer.getvalue())
        assert batch.invalid_count == 0, batch.report["invalid"]

    def test_no_header_is_explained(self) -> None:
        batch = check(xlsx([["a", "b"]], ["甲", "乙"]))
        assert batch.status == "failed"
        assert "未找到表头" in batch.message


def _other_county_cadre() -> Cadre:
    return Cadre.objects.filter(county__code="370124", memberships__end__gte=D(2026, 1, 1)).first()  # type: ignore[return-value]


class TestInvalidRows:
    @pytest.mark.parametrize(
        ("changes", "column", "reason"),
        [
            ({"身份证号": new_id(1)[:17] + ("0" if new_id(1)[17] != "0" else "1")}, "身份证号", "校验位错误"),
            ({"姓名": ""}, "姓名", "请填写姓名"),
            ({"队内职务": "村支书"}, "队内职务", "队内职务“村支书”无法识别"),
            ({"派驻结束日期": D(2025, 2, 1)}, "派驻结束日期", messages.END_BEFORE_START),
            ({"出生日期": "1961-01-01"}, "出生日期", "出生日期与身份证号不符：身份证号显示为1960-01-01"),
            ({"性别": "女"}, "性别", "性别与身份证号不符：身份证号显示为男"),
            ({"派驻开始日期": "2025.03"}, "派驻开始日期", "只到月份"),
            ({"派驻开始日期": "明年"}, "派驻开始日期", "无法识别"),
            ({"政治面貌": "党外"}, "政治面貌", "无法识别"),
            ({"县区": "平阴县"}, "县区", "不是本次导入的西平县"),
            ({"派驻结束日期": D(2028, 1, 1)}, "派驻结束日期", "派驻期间应在工作队本期"),
            ({"联系电话": "电话坏了"}, "联系电话", "格式不正确"),
        ],
    )
    def test_each_reason_names_the_row_and_column(
        self, changes: dict[str, object], column: str, reason: str
    ) -> None:
        batch = check(xlsx([row(2), row(1, **changes)]))
        found = reasons(batch)
        assert list(found) == [3]
        assert any(c == column and reason in r for c, r in found[3]), found

    def test_a_duplicate_id_marks_every_occurrence(self) -> None:
        batch = check(xlsx([row(1), row(2), row(1, 姓名="又一个")]))
        expected = messages.DUPLICATE_ID.format(rows="2、4")
        assert reasons(batch) == {2: [("身份证号", expected)], 4: [("身份证号", expected)]}

    @staticmethod
    def _import_the_cadre(other: Cadre) -> tuple[str, str]:
        batch = check(
            xlsx(
                [
                    row(
                        1,
                        身份证号=other.id_number,
                        姓名=other.name,
                        性别=other.get_sex_display(),
                        出生日期=other.birth_date,
                    )
                ]
            )
        )
        [(column, reason)] = reasons(batch)[2]
        return column, reason

    def test_a_cadre_of_another_county_is_refused_without_saying_where(self) -> None:
        other = _other_county_cadre()
        column, reason = self._import_the_cadre(other)
        assert (column, reason) == ("身份证号", messages.CADRE_ELSEWHERE)
        serving = other.memberships.select_related("team__village").first()
        assert serving is not None
        for secret in ("平阴", serving.team.village.name):
            assert secret not in reason

    def test_a_cadre_of_another_county_who_served_here_is_named(self) -> None:
        other = _other_county_cadre()
        earlier = Team.objects.filter(
            village__township__parent__code="411721", term_end__lt=TERM_START
        ).first()
        assert earlier is not None
        Membership.objects.create(
            cadre=other,
            team=earlier,
            role="member",
            dispatching_unit=DispatchingUnit.objects.get(name="西平县教育局"),
            start=earlier.term_start,
            end=earlier.term_end,
        )
        column, reason = self._import_the_cadre(other)
        assert (column, reason) == ("身份证号", "该干部已由平阴县登记管理，不能导入到西平县")

    def test_an_overlap_with_a_posting_in_another_county_does_not_name_it(self) -> None:
        cadre = Cadre.objects.create(
            id_number=new_id(50),
            name="外派甲",
            sex="M",
            birth_date=D(1960, 1, 1),
            party_status="member",
            county=Region.objects.get(code="411721"),
        )
        elsewhere = Team.objects.get(village__name="孔村", term_start=TERM_START)
        Membership.objects.create(
            cadre=cadre,
            team=elsewhere,
            role="member",
            dispatching_unit=DispatchingUnit.objects.get(name="平阴县财政局"),
            start=TERM_START,
            end=TERM_END,
        )
        batch = check(
            xlsx(
                [
                    row(
                        1,
                        身份证号=cadre.id_number,
                        姓名=cadre.name,
                        性别=cadre.get_sex_display(),
                        出生日期=cadre.birth_date,
                    )
                ]
            )
        )
        [(_, reason)] = reasons(batch)[2]
        assert messages.OVERLAP_ELSEWHERE in reason and "孔村" not in reason

    def test_a_membership_overlapping_another(self) -> None:
        serving = Membership.objects.filter(
            team__village__name="李楼村", role="first_secretary", start=TERM_START
        ).get()
        cadre = serving.cadre
        batch = check(
            xlsx(
                [
                    row(
                        1,
                        身份证号=cadre.id_number,
                        姓名=cadre.name,
                        性别=cadre.get_sex_display(),
                        出生日期=cadre.birth_date,
                    )
                ]
            )
        )
        [(column, reason)] = reasons(batch)[2]
        assert column == "派驻开始日期"
        assert "在该期间已在李楼村驻村工作队任职" in reason

    def test_a_missing_party_status_blocks_only_new_cadres(self) -> None:
        header = [h for h in HEADER if h != "政治面貌"]
        values = [v for h, v in zip(HEADER, row(1), strict=True) if h != "政治面貌"]
        batch = check(xlsx([values], header))
        assert reasons(batch) == {2: [("政治面貌", "请填写政治面貌")]}


class TestPreview:
    def test_new_villages_townships_and_units_with_near_duplicates_flagged(self) -> None:
        batch = check(
            xlsx(
                [
                    row(1, 派驻村="张庄"),
                    row(2, 乡镇="柏城", 派驻村="新建村"),
                    row(3, 派出单位="西平教育局"),
                ]
            )
        )
        report = batch.report
        assert {(v["township"], v["name"]): v["similar"] for v in report["new_villages"]} == {
            ("柏城街道", "张庄"): ["张庄村"],
            ("柏城", "新建村"): [],
        }
        assert [(t["name"], t["similar"]) for t in report["new_townships"]] == [("柏城", ["柏城街道"])]
        assert report["new_townships"][0]["code"] == "411721901"
        assert [(u["name"], u["similar"]) for u in report["new_units"]] == [("西平教育局", ["西平县教育局"])]
        assert (batch.created_count, batch.invalid_count, report["new_teams"]) == (3, 0, 2)

    def test_rows_of_a_new_village_form_one_team_per_term(self, tmp_path: Path) -> None:
        run(
            tmp_path,
            xlsx(
                [
                    row(1, 派驻村="新村", 派驻开始日期=D(2021, 3, 1), 派驻结束日期=D(2023, 2, 28)),
                    row(2, 派驻村="新村", 派驻开始日期=D(2021, 5, 1), 派驻结束日期=D(2023, 2, 28)),
                    row(3, 派驻村="新村", 派驻开始日期=D(2023, 3, 1), 派驻结束日期=""),
                ]
            ),
        )
        terms = list(
            Team.objects.filter(village__name="新村")
            .order_by("term_start")
            .values_list("term_start", "term_end")
        )
        assert terms == [(D(2021, 3, 1), D(2023, 2, 28)), (D(2023, 3, 1), None)]
