"""Reading a roster file into rows of cells: xlsx and xls through python-calamine, csv by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineWorkbook

from . import bounds, columns, messages


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
    canonical: dict[str, str] = field(default_factory=dict)  # column key → canonical header

    def label(self, key: str) -> str:
        """The header as the file spells it (for messages), else the canonical one."""
        position = self.index.get(key)
        if position is not None:
            return self.header[position]
        return self.canonical.get(key) or columns.BY_KEY[key].header


@dataclass(frozen=True)
class Sheet:
    """What kind of sheet ``read`` looks for: its columns, the keys its header row must name and the
    message when no row names them. The roster's is the default; a training attendance sheet
    (training.importing) is read by the same reader under the same bounds."""

    columns: Sequence[columns.Column]
    anchor: frozenset[str]
    no_header: str

    @property
    def aliases(self) -> dict[str, tuple[str, int]]:
        return columns.alias_table(self.columns)


ROSTER = Sheet(columns=columns.COLUMNS, anchor=columns.ANCHOR_KEYS, no_header=messages.NO_HEADER)


def read(content: bytes, file_name: str, sheet: Sheet | None = None) -> Table:
    grid, merged = _grid(content, file_name)
    aliases = None if sheet is None else sheet.aliases
    anchor = columns.ANCHOR_KEYS if sheet is None else sheet.anchor
    header_at = columns.find_header(grid, aliases, anchor)
    if header_at is None:
        no_header = messages.NO_HEADER if sheet is None else sheet.no_header
        raise UnreadableFile(no_header.format(rows=columns.HEADER_SCAN_ROWS))
    header = ["" if cell is None else str(cell).strip() for cell in grid[header_at]]
    index, ignored = columns.map_header(header, aliases)
    _fill_merged(grid, merged, header_at + 1)
    table = Table(header=header, index=index, ignored=ignored, header_row=header_at + 1)
    if sheet is not None:
        table.canonical = {c.key: c.header for c in sheet.columns}
    for offset, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        if any(cell not in ("", None) for cell in row):
            table.rows.append(row)
            table.numbers.append(offset)
    if not table.rows:
        raise UnreadableFile(messages.EMPTY_FILE)
    return table


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF in an OLE compound file)
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx


def _grid(content: bytes, file_name: str) -> tuple[list[list[object]], Merged]:
    """The first sheet's cells at their absolute positions, so row numbers match what Excel shows.

    Told apart by content, not by name; every kind is measured against ``roster_limits`` before it is
    held in memory (and the used area once more from calamine's own dimensions).
    """
    try:
        bounds.check_size(content)
        if content.startswith(ZIP_MAGIC):
            try:
                bounds.check_xlsx(content)
            except bounds.TooBig:
                raise
            except ValueError as exc:
                raise UnreadableFile(messages.UNREADABLE) from exc
            return _workbook(content)
        if content.startswith(OLE_MAGIC):
            try:
                bounds.check_xls(content)
            except bounds.TooBig:
                raise
            except ValueError as exc:
                raise UnreadableFile(messages.UNREADABLE) from exc
            return _workbook(content)
        if file_name.lower().endswith(".csv"):
            return _csv(content), []
    except bounds.TooBig as exc:
        raise UnreadableFile(str(exc)) from exc
    raise UnreadableFile(messages.UNREADABLE)


def _workbook(content: bytes) -> tuple[list[list[object]], Merged]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        start, end = sheet.start, sheet.end
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise UnreadableFile(messages.UNREADABLE) from exc
    if start is None or end is None:
        return [], []
    bounds.check_area(end[0] + 1, end[1] + 1)
    try:
        # Only the used area, row by row; what lies left of it (and above it, where calamine leaves the
        # rows out) is empty.
        pad: list[Any] = [""] * start[1]
        grid: list[list[Any]] = [pad + row if pad else row for row in sheet.iter_rows()]
        grid[:0] = [[] for _ in range(end[0] + 1 - len(grid))]
        merged: Merged = list(sheet.merged_cell_ranges or [])
    except Exception as exc:
        raise UnreadableFile(messages.UNREADABLE) from exc
    return grid, merged


def _csv(content: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in decoded:  # not text: a UTF-16 export or a binary file named .csv
            raise UnreadableFile(messages.UNREADABLE)
        rows: list[list[object]] = []
        width = cells = 0
        try:
            for row in csv.reader(io.StringIO(decoded)):
                width, cells = max(width, len(row)), cells + len(row)
                bounds.check_area(len(rows) + 1, width, cells)
                rows.append(list(row))
        except csv.Error as exc:  # a field over csv's own size limit, a NUL byte
            raise UnreadableFile(messages.UNREADABLE) from exc
        return rows
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
