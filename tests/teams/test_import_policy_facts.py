"""The roster's optional columns for the facts the policy checks read (issue 10, corrections 2, 8, 9):
懂双语 / 在编在岗 (the cadre), 省扶贫工作重点村 / 特色资源挖掘利用不够 (the village), 派出单位干部职工人数
(the unit, SC-QUOTA) and 工作队撤离日期 (the team, ALL-NO-WITHDRAW). An empty cell leaves a record alone;
rows of one village, unit or team must agree."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from teams.models import Cadre, DispatchingUnit, ImportRecord, Team, Village
from teams.roster import columns, messages
from tests.clock import TODAY

from .roster_files import HEADER, new_id, row, xlsx
from .test_import_roster import check, reasons, run

D = datetime.date
pytestmark = pytest.mark.django_db

# The spellings a county's own sheet may use, not the template's.
FACTS = ["是否懂双语", "是否在编", "重点村", "干部职工人数", "撤离日期", "特色资源挖掘利用不够"]


def fact_row(seq: int, facts: list[object], **changes: object) -> list[object]:
    return [*row(seq, **changes), *facts]


def test_common_header_spellings_name_the_columns() -> None:
    found = [
        columns.match(h)
        for h in ["懂“双语”", "在编在岗", "省扶贫工作重点村（含脱贫难度较大的村）", "单位干部职工人数"]
    ]
    assert [f[0] if f else None for f in found] == [
        "is_bilingual",
        "is_on_staff",
        "is_key_village",
        "staff_total",
    ]
    assert columns.match("在编人数") is None  # the establishment is not the SC-QUOTA base


def test_the_columns_reach_the_cadre_village_unit_and_team(tmp_path: Path) -> None:
    team = Team.objects.active_on(TODAY).get(village__name="张庄村")
    code, lines = run(
        tmp_path, xlsx([fact_row(1, ["是", "否", "是", 120, "2026-10-31", "√"])], [*HEADER, *FACTS])
    )
    assert code == 0, lines
    cadre = Cadre.objects.get(id_number=new_id(1))
    assert (cadre.is_bilingual, cadre.is_on_staff) == (True, False)
    village = Village.objects.get(pk=team.village_id)
    assert (village.is_key_village, village.has_untapped_resources) == (True, True)
    assert DispatchingUnit.objects.get(name="西平县教育局").staff_total == 120
    team.refresh_from_db()
    assert team.withdrawn_on == D(2026, 10, 31)
    updated = {r.content_type.model for r in ImportRecord.objects.filter(action="updated")}
    assert {"village", "dispatchingunit", "team"} <= updated


def test_empty_cells_leave_what_is_recorded(tmp_path: Path) -> None:
    village = Village.objects.get(name="张庄村")
    Village.objects.filter(pk=village.pk).update(is_key_village=True)
    DispatchingUnit.objects.filter(name="西平县教育局").update(staff_total=88)
    code, _ = run(tmp_path, xlsx([fact_row(1, ["", "", "", "", "", ""])], [*HEADER, *FACTS]))
    assert code == 0
    assert Village.objects.get(pk=village.pk).is_key_village is True
    assert DispatchingUnit.objects.get(name="西平县教育局").staff_total == 88
    cadre = Cadre.objects.get(id_number=new_id(1))
    assert (cadre.is_bilingual, cadre.is_on_staff) == (None, None)  # not recorded: the checks say nothing


def test_rows_of_one_unit_must_agree_on_its_staff() -> None:
    batch = check(
        xlsx(
            [fact_row(1, ["", "", "", 120, "", ""]), fact_row(2, ["", "", "", 90, "", ""])], [*HEADER, *FACTS]
        )
    )
    assert reasons(batch) == {
        3: [
            (
                "干部职工人数",
                messages.ROW_CONFLICT.format(
                    column="干部职工人数", value="90", row=2, what="派出单位", other="120"
                ),
            )
        ]
    }


def test_an_unreadable_yes_no_or_count_is_reported() -> None:
    batch = check(xlsx([fact_row(1, ["会一点", "", "", "很多", "", ""])], [*HEADER, *FACTS]))
    assert reasons(batch) == {
        2: [
            ("是否懂双语", messages.YES_NO_UNKNOWN.format(column="是否懂双语", value="会一点")),
            ("干部职工人数", messages.COUNT_BAD.format(column="干部职工人数", value="很多")),
        ]
    }


def test_a_new_village_and_team_take_the_values(tmp_path: Path) -> None:
    code, lines = run(
        tmp_path,
        xlsx([fact_row(1, ["", "", "是", "", "2026-09-30", ""], 派驻村="新设村")], [*HEADER, *FACTS]),
    )
    assert code == 0, lines
    village = Village.objects.get(name="新设村")
    assert village.is_key_village is True
    assert Team.objects.get(village=village).withdrawn_on == D(2026, 9, 30)


def test_only_units_the_county_sees_take_a_staff_count(tmp_path: Path) -> None:
    """A county sets 干部职工人数 only for units placed in the county, as on the unit form
    (services.unit_editable_by); another province's unit is refused rather than changed behind that
    province's back."""
    other = DispatchingUnit.objects.get(name="四川省农业农村厅")
    batch = check(xlsx([fact_row(1, ["", "", "", 999, "", ""], 派出单位=other.name)], [*HEADER, *FACTS]))
    assert reasons(batch) == {2: [("干部职工人数", messages.UNIT_NOT_OURS.format(unit=other.name))]}
    code, lines = run(
        tmp_path,
        xlsx([fact_row(1, ["", "", "", 400, "", ""], 派出单位="西平县教育局")], [*HEADER, *FACTS]),
    )
    assert code == 0, lines
    assert DispatchingUnit.objects.get(name="西平县教育局").staff_total == 400


def test_a_unit_above_the_county_takes_no_staff_count(tmp_path: Path) -> None:
    """Units of the county's province (and city, and central ones) are shared by every county below
    them: one county's roster does not rewrite their facts (issue 16 item 5)."""
    shared = DispatchingUnit.objects.get(name="河南省农业农村厅")
    batch = check(xlsx([fact_row(1, ["", "", "", 999, "", ""], 派出单位=shared.name)], [*HEADER, *FACTS]))
    assert reasons(batch) == {2: [("干部职工人数", messages.UNIT_NOT_OURS.format(unit=shared.name))]}
