"""Small attendance sheets for the import tests, written the way counties write them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

HEADER = ["序号", "姓名", "身份证号", "工作单位", "培训天数"]


def xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(
    rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, encoding: str = "utf-8-sig"
) -> bytes:
    lines = [",".join(header), *(",".join("" if v is None else str(v) for v in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def with_cell_at(cell: str, rows: Sequence[Sequence[object]] = ()) -> bytes:
    """A valid sheet with one more cell far out: a few KB on disk, a huge used area."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    sheet[cell] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
