"""Reading a roster file into rows of cells: xlsx, xls and ods through python-calamine, csv by hand."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from . import columns, messages


class UnreadableFile(ValueError):
    """The message is Chinese and meant for the user."""


@dataclass
class Table:
    """The data rows under the header; ``numbers[i]`` is row i's number as the spreadsheet shows it."""

    header: list[str]
    index: dict[str, int]  # column key → cell index
    ignored: list[str]
    rows: list[list[object]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    header_row: int = 1

    def label(self, key: str) -> str:
        """The header as the file spells it (for messages), else the canonical one."""
        position = self.index.get(key)
        return self.header[position] if position is not None else columns.BY_KEY[key].header


def read(content: bytes, file_name: str) -> Table:
    grid, merged = _grid(content, file_name)
    header_at = columns.find_header(grid)
    if header_at is None:
        raise UnreadableFile(messages.NO_HEADER.format(rows=columns.HEADER_SCAN_ROWS))
    header = ["" if cell is None else str(cell).strip() for cell in grid[header_at]]
    index, ignored = columns.map_header(header)
    _fill_merged(grid, merged, header_at + 1)
    table = Table(header=header, index=index, ignored=ignored, header_row=header_at + 1)
    for offset, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        if any(cell not in ("", None) for cell in row):
            table.rows.append(row)
            table.numbers.append(offset)
    if not table.rows:
        raise UnreadableFile(messages.EMPTY_FILE)
    return table


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def _grid(content: bytes, file_name: str) -> tuple[list[list[object]], Merged]:
    if file_name.lower().endswith(".csv"):
        return _csv(content), []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        # Absolute positions, so row numbers match what the user sees in Excel.
        grid: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        merged: Merged = list(sheet.merged_cell_ranges or [])
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise UnreadableFile(messages.UNREADABLE) from exc
    return grid, merged


def _csv(content: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(decoded))]
    raise UnreadableFile(messages.UNREADABLE)


def _fill_merged(grid: list[list[object]], merged: Merged, first_data_row: int) -> None:
    """A township or village merged down over several data rows belongs to each of them."""
    for (top, left), (bottom, right) in merged:
        if top < first_data_row or top >= len(grid):
            continue
        value = grid[top][left] if left < len(grid[top]) else ""
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value
