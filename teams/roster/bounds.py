"""Refusing a roster file that is too big to read, before anything reads it (issue 16).

calamine holds a sheet's whole used area in memory, empty cells included, and copies a shared string into
every cell that uses it: a 5 KB xlsx with cells at A1 and XFD1048576 asks for half a terabyte. So an xlsx
is measured first from its zip directory and one streaming pass over its first sheet (rows, columns,
cells, the text its cells name), and refused with a Chinese message naming the limit it passes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator

from teams.rules import roster_limits as limits

from . import messages

CHUNK = 1024 * 1024
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ID = re.compile(rb'\s(?:\w+:)?id="([^"]*)"')
_REL_ID = re.compile(rb'\sId="([^"]*)"')
_TARGET = re.compile(rb'\sTarget="([^"]*)"')
_SI_END = re.compile(rb"</(?:\w+:)?si>")
# The start tags of rows and cells, and a cell's value (for a shared string, its index).
_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>|<(?:\w+:)?v>([^<]*)")
_REF = re.compile(rb'\sr="([A-Za-z]*)(\d*)"')
_TYPE = re.compile(rb'\st="(\w+)"')


class TooBig(ValueError):
    """The message is Chinese and meant for the user."""


def column_letters(number: int) -> str:
    """1 → A, 16384 → XFD, as Excel names columns."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_size(content: bytes) -> None:
    if len(content) > limits.MAX_FILE_BYTES:
        raise TooBig(messages.TOO_BIG_FILE.format(limit=limits.MAX_FILE_BYTES // limits.MB))


def check_area(rows: int, columns: int, cells: int | None = None) -> None:
    """``rows`` and ``columns`` of the used area counted from A1 (the last row and column in use)."""
    if rows > limits.MAX_ROWS:
        raise TooBig(messages.TOO_MANY_ROWS.format(limit=limits.MAX_ROWS, row=rows))
    if columns > limits.MAX_COLUMNS:
        raise TooBig(
            messages.TOO_MANY_COLUMNS.format(
                limit=limits.MAX_COLUMNS, column=column_letters(columns), number=columns
            )
        )
    if rows * columns > limits.MAX_CELLS or (cells or 0) > limits.MAX_CELLS:
        raise TooBig(messages.TOO_MANY_CELLS.format(limit=limits.MAX_CELLS, rows=rows, columns=columns))


def check_xlsx(content: bytes) -> None:
    """Raise TooBig for an xlsx over a limit; ValueError for a zip that is no xlsx or is broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_zip(archive, len(content))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError) as exc:
        raise ValueError("not a readable xlsx") from exc


def _check_zip(archive: zipfile.ZipFile, size: int) -> None:
    members = archive.infolist()
    unzipped = sum(member.file_size for member in members)
    if unzipped > limits.MAX_UNZIPPED_BYTES:
        raise TooBig(messages.TOO_BIG_UNZIPPED.format(limit=limits.MAX_UNZIPPED_BYTES // limits.MB))
    if unzipped > limits.MAX_ZIP_RATIO * max(size, 1):
        raise TooBig(messages.ZIP_RATIO.format(limit=limits.MAX_ZIP_RATIO))
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise ValueError("no xl/workbook.xml: not an xlsx")
    shared = _shared_string_sizes(archive) if "xl/sharedStrings.xml" in names else array("L")
    sheets = _first_sheet(archive, names)
    for sheet in sheets:
        _scan_sheet(_stream(archive, sheet), shared)


def _stream(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    # zipfile stops at the member's declared size and checks its CRC, so what is read here is exactly
    # what the sizes above promised (a member that unpacks to more fails as a broken file).
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            yield chunk


def _first_sheet(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The member of the workbook's first sheet (the one the reader reads); every sheet if unsure."""
    every = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    with archive.open("xl/workbook.xml") as member:
        workbook = member.read(CHUNK * 4)
    first = _SHEET.search(workbook)
    found = _ID.search(first.group(1)) if first else None
    if found is None or "xl/_rels/workbook.xml.rels" not in names:
        return every
    with archive.open("xl/_rels/workbook.xml.rels") as member:
        rels = member.read(CHUNK * 4)
    for relationship in _RELATIONSHIP.finditer(rels):
        rel_id, target = _REL_ID.search(relationship.group(1)), _TARGET.search(relationship.group(1))
        if rel_id and target and rel_id.group(1) == found.group(1):
            path = target.group(1).decode("utf-8", "replace")
            path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
            return [path] if path in names else every
    return every


def _shared_string_sizes(archive: zipfile.ZipFile) -> array[int]:
    """The size in bytes of each shared string's XML: what a cell that names it costs at most."""
    sizes: array[int] = array("L")
    pending, tail = 0, b""
    for chunk in _stream(archive, "xl/sharedStrings.xml"):
        data, start = tail + chunk, 0
        for end in _SI_END.finditer(data):
            sizes.append(pending + end.start() - start)
            pending, start = 0, end.end()
        keep = data[start:]
        tail = keep[-8:]
        pending += len(keep) - len(tail)
    return sizes


def _scan_sheet(chunks: Iterator[bytes], shared: array[int]) -> None:
    row = column = last_row = last_column = cells = text = 0
    is_shared = False
    for data in _whole_tags(chunks):
        for match in _TAG.finditer(data):
            tag, attrs, value = match.group(1), match.group(2), match.group(3)
            if tag == b"row":
                ref = _REF.search(attrs)
                row = int(ref.group(2)[:9]) if ref and ref.group(2) else row + 1
                column = 0
                last_row = max(last_row, row)
            elif tag == b"c":
                ref = _REF.search(attrs)
                if ref and ref.group(1):
                    column = _column_number(ref.group(1))
                    if ref.group(2):
                        row = int(ref.group(2)[:9])
                else:
                    column += 1
                cells += 1
                last_row, last_column = max(last_row, row), max(last_column, column)
                kind = _TYPE.search(attrs)
                is_shared = bool(kind and kind.group(1) == b"s")
                check_area(last_row, last_column, cells)
            elif value is not None:
                if is_shared and value.strip().isdigit():
                    index = int(value.strip()[:9])
                    text += shared[index] if index < len(shared) else 0
                else:
                    text += len(value)
                is_shared = False
                if text > limits.MAX_TEXT_BYTES:
                    raise TooBig(messages.TOO_MUCH_TEXT.format(limit=limits.MAX_TEXT_BYTES // limits.MB))
        check_area(last_row, last_column, cells)


def _whole_tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut again so that no start tag (nor a value after one) is split between two."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        cut = _last_start_tag(data)
        if cut <= 0 and len(data) > 2 * CHUNK:
            cut = len(data)  # no tag in sight: a long text, nothing to count in it
        if cut <= 0:
            tail = data
            continue
        tail = data[cut:]
        yield data[:cut]
    if tail:
        yield tail


def _last_start_tag(data: bytes) -> int:
    """Where the last start tag begins (what follows may be cut off mid-tag), or -1."""
    at = len(data)
    while (at := data.rfind(b"<", 0, at)) != -1:
        if data[at + 1 : at + 2] != b"/":
            return at
    return -1


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + letter - ord("A") + 1
    return number
