"""Small roster files for the import tests, built the way counties build them."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from openpyxl import Workbook

from teams import idcard
from teams.demo import demo_term
from tests.clock import TODAY

HEADER = [
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "政治面貌",
    "职级",
    "联系电话",
    "派出单位",
    "县区",
    "乡镇",
    "派驻村",
    "队内职务",
    "派驻开始日期",
    "派驻结束日期",
]
# The optional columns of the policy facts (issue 10), after the fourteen above in the template.
FACT_HEADER = [
    "懂双语",
    "在编在岗",
    "省扶贫工作重点村",
    "特色资源挖掘利用不够",
    "派出单位干部职工人数",
    "工作队撤离日期",
]
TERM_START, TERM_END = demo_term(TODAY).start, demo_term(TODAY).end  # the demo teams' term


def new_id(seq: int, sex: str = "M", born: datetime.date = datetime.date(1960, 1, 1)) -> str:
    """IDs born in 1960 in 西平县: the demo world has none."""
    return idcard.make("411721", born, seq, sex)


def row(seq: int = 1, **changes: object) -> list[object]:
    values: dict[str, object] = {
        "姓名": f"测试{seq}",
        "身份证号": new_id(seq),
        "性别": "男",
        "出生日期": "1960-01-01",
        "政治面貌": "中共党员",
        "职级": "科级",
        "联系电话": "13800000000",
        "派出单位": "西平县教育局",
        "县区": "西平县",
        "乡镇": "柏城街道",
        "派驻村": "张庄村",
        "队内职务": "队员",
        "派驻开始日期": TERM_START,
        "派驻结束日期": TERM_END,
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def xlsx(
    rows: Sequence[Sequence[object]],
    header: Sequence[str] = HEADER,
    *,
    title: str | None = None,
    blank_rows: int = 0,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for _ in range(blank_rows):
        sheet.append([])
    if title:
        sheet.append([title])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(header)
        )
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(
    rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, encoding: str = "utf-8-sig"
) -> bytes:
    def text(value: object) -> str:
        return f"{value:%Y-%m-%d}" if isinstance(value, datetime.date) else str(value)

    lines = [",".join(header)] + [",".join(text(v) for v in values) for values in rows]
    return ("\n".join(lines) + "\n").encode(encoding)
