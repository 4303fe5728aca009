"""Refusing a roster file that is too big to read, before anything reads it (issue 16).

calamine holds a sheet's whole used area in memory, empty cells included, and copies a shared string into
every cell that uses it: a 5 KB xlsx with cells at A1 and XFD1048576 asks for half a terabyte. So an xlsx
is measured first from its zip directory and one streaming pass over its first sheet (rows, columns,
cells, the text its cells name), an xls from the BIFF records of its sheets, and either is refused with
a Chinese message naming the limit it passes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from array import array
from collections import Counter
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
# The same, counted by the regex engine for a sheet written as Excel, WPS and openpyxl write one: tags
# without a namespace prefix, ``r`` the first attribute of every row and cell. 50,000 rows in well under
# a second; a sheet written otherwise is measured by ``_scan_sheet``.
_ROW_AT = re.compile(rb'<row r="(\d{1,9})"')
_CELL_AT = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"')
_SHARED_VALUE = re.compile(rb'<c r="[A-Z]{1,3}\d{1,9}"(?: s="\d+")? t="s"(?: s="\d+")?><v>(\d{1,9})</v>')


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
        if not _scan_sheet_fast(_stream(archive, sheet), shared):
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


def _scan_sheet_fast(chunks: Iterator[bytes], shared: array[int]) -> bool:
    """The measure of ``_scan_sheet`` for a sheet written the usual way; False (nothing concluded) as
    soon as a row or a cell is written otherwise."""
    last_row = last_column = cells = text = 0
    for number, data in enumerate(_whole_tags(chunks)):
        if number == 0 and b"<worksheet" not in data:
            return False  # a prefixed root (<x:worksheet>): its cells are <x:c>
        rows, at = _ROW_AT.findall(data), _CELL_AT.findall(data)
        if len(at) != sum(data.count(tag) for tag in (b"<c ", b"<c>", b"<c/")) or len(rows) != sum(
            data.count(tag) for tag in (b"<row ", b"<row>", b"<row/")
        ):
            return False
        values = _SHARED_VALUE.findall(data) if shared else []
        if len(values) != data.count(b' t="s"'):
            return False
        cells += len(at)
        numbers = {ref[1] for ref in at} | set(rows)
        last_row = max([last_row, *map(int, numbers)])
        last_column = max([last_column, *map(_column_number, {ref[0] for ref in at})])
        check_area(last_row, last_column, cells)
        for index, times in Counter(values).items():
            position = int(index)
            text += times * (shared[position] if position < len(shared) else 0)
        if text > limits.MAX_TEXT_BYTES:
            raise TooBig(messages.TOO_MUCH_TEXT.format(limit=limits.MAX_TEXT_BYTES // limits.MB))
    return True


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
        # Before the last cell (so a cell and its value stay together), else before the last start tag.
        cut = data.rfind(b"<c")
        if cut <= 0:
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


# --- xls: BIFF records in an OLE compound file ------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
# BIFF record types: the sheets and their strings, and the records of one cell or a run of cells.
_BOF, _EOF, _BOUNDSHEET, _SST, _CONTINUE = 0x0809, 0x000A, 0x0085, 0x00FC, 0x003C
_LABELSST, _MULRK, _MULBLANK = 0x00FD, 0x00BD, 0x00BE
# FORMULA, NUMBER, RK, BOOLERR, BLANK, LABEL, RSTRING, LABELSST: row and column first.
_ONE_CELL = {0x0006, 0x0203, 0x027E, 0x0205, 0x0201, 0x0204, 0x00D6, 0x00FD}


def check_xls(content: bytes) -> None:
    """Raise TooBig for an xls over a limit; ValueError for one that is broken.

    calamine reads every sheet of an xls when it opens it, so every sheet is measured: rows, columns,
    cells and the text of the shared strings its cells name (each named cell holds a copy)."""
    try:
        stream = _ole_stream(content, ("Workbook", "Book"))
        _check_biff(stream)
    except (struct.error, IndexError, KeyError) as exc:
        raise ValueError("not a readable xls") from exc


def _ole_stream(content: bytes, names: tuple[str, ...]) -> bytes:
    """The first of the named streams of an OLE compound file (MS-CFB), read through its allocation table."""
    (sector_shift, mini_shift) = struct.unpack_from("<HH", content, 30)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise ValueError("not a compound file")
    size = 1 << sector_shift
    fat_count, directory_start = struct.unpack_from("<II", content, 44)
    mini_cutoff, minifat_start, _, difat_start, difat_count = struct.unpack_from("<IIIII", content, 56)
    sectors = max(0, len(content) // size - 1)

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise ValueError("a sector past the end of the file")
        return content[(number + 1) * size : (number + 2) * size]

    difat = list(struct.unpack_from("<109I", content, 76))
    next_difat = difat_start
    for _ in range(min(difat_count, sectors)):
        if next_difat >= sectors:
            break
        more = struct.unpack(f"<{size // 4}I", sector(next_difat))
        difat.extend(more[:-1])
        next_difat = more[-1]
    fat: array[int] = array("I")
    for number in [s for s in difat if s < sectors][:fat_count]:
        fat.frombytes(sector(number))

    def chain(start: int, table: array[int], limit: int) -> Iterator[int]:
        seen = 0
        while start != _END_OF_CHAIN:
            if start >= min(len(table), limit) or seen > len(table):
                raise ValueError("a broken chain or a loop in the allocation table")
            yield start
            seen += 1
            start = table[start]

    directory = b"".join(sector(s) for s in chain(directory_start, fat, sectors))
    entries = [directory[at : at + 128] for at in range(0, len(directory) - 127, 128)]
    root_start, root_size = struct.unpack_from("<II", entries[0], 116)
    for entry in entries:
        length, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
        if kind != 2 or name not in names:
            continue
        start, stream_size = struct.unpack_from("<II", entry, 116)
        if stream_size > limits.MAX_FILE_BYTES:
            raise ValueError("a stream larger than the file may be")
        if stream_size >= mini_cutoff:
            return b"".join(sector(s) for s in chain(start, fat, sectors))[:stream_size]
        minifat: array[int] = array("I")
        minifat.frombytes(b"".join(sector(s) for s in chain(minifat_start, fat, sectors)))
        mini = b"".join(sector(s) for s in chain(root_start, fat, sectors))[:root_size]
        small = 1 << mini_shift
        pieces = [mini[s * small : (s + 1) * small] for s in chain(start, minifat, len(mini) // small)]
        return b"".join(pieces)[:stream_size]
    raise ValueError("no workbook stream")


def _records(stream: bytes, at: int = 0) -> Iterator[tuple[int, int, int]]:
    """(type, start of the body, size) of each BIFF record from ``at``."""
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield kind, at + 4, size
        at += 4 + size


def _check_biff(stream: bytes) -> None:
    sheets: list[int] = []
    shared: array[int] = array("L")
    for kind, body, size in _records(stream):
        if kind == _BOUNDSHEET:
            sheets.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _SST:
            pieces = [stream[body + 8 : body + size]]
            count = struct.unpack_from("<I", stream, body + 4)[0]
            for more, more_body, more_size in _records(stream, body + size):
                if more != _CONTINUE:
                    break
                pieces.append(stream[more_body : more_body + more_size])
            shared = _sst_sizes(pieces, count)
        elif kind == _EOF:
            break
    for offset in sheets:
        _check_biff_sheet(stream, offset, shared)


def _check_biff_sheet(stream: bytes, offset: int, shared: array[int]) -> None:
    last_row = last_column = cells = text = 0
    depth = 0
    for kind, body, size in _records(stream, offset):
        if kind == _BOF:
            depth += 1
            continue
        if kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth != 1 or size < 4:
            continue  # a chart or other substream inside the sheet
        if kind in _ONE_CELL:
            row, column = struct.unpack_from("<HH", stream, body)
            first = last = column
            if kind == _LABELSST and size >= 10:
                index = struct.unpack_from("<I", stream, body + 6)[0]
                text += shared[index] if index < len(shared) else 0
        elif kind in (_MULRK, _MULBLANK) and size >= 6:
            row, first = struct.unpack_from("<HH", stream, body)
            last = struct.unpack_from("<H", stream, body + size - 2)[0]
        else:
            continue
        cells += max(1, last - first + 1)
        last_row, last_column = max(last_row, row + 1), max(last_column, last + 1)
        check_area(last_row, last_column, cells)
        if text > limits.MAX_TEXT_BYTES:
            raise TooBig(messages.TOO_MUCH_TEXT.format(limit=limits.MAX_TEXT_BYTES // limits.MB))


def _sst_sizes(pieces: list[bytes], count: int) -> array[int]:
    """What each shared string costs once read (UTF-8, up to 3 bytes a character), from the SST record
    and its CONTINUE records. A string's characters may run on into the next record, which then begins
    with a byte saying whether they are one or two bytes each."""
    sizes: array[int] = array("L")
    piece, at = 0, 0

    def take(n: int) -> bytes:
        nonlocal piece, at
        out = b""
        while len(out) < n:
            if at >= len(pieces[piece]):
                piece, at = piece + 1, 0
            chunk = pieces[piece][at : at + n - len(out)]
            out += chunk
            at += len(chunk)
        return out

    for _ in range(min(count, limits.MAX_CELLS)):
        if piece >= len(pieces) or (piece == len(pieces) - 1 and at >= len(pieces[piece])):
            break
        if at >= len(pieces[piece]):
            piece, at = piece + 1, 0
        characters, flags = struct.unpack("<HB", take(3))
        runs = struct.unpack("<H", take(2))[0] if flags & 0x08 else 0
        extra = struct.unpack("<I", take(4))[0] if flags & 0x04 else 0
        wide, left = flags & 0x01, characters
        while left:
            if at >= len(pieces[piece]):
                piece, at = piece + 1, 0
                wide = take(1)[0] & 0x01
            fit = min(left, (len(pieces[piece]) - at) // (2 if wide else 1))
            if fit == 0:
                raise ValueError("a character split between records")
            at += fit * (2 if wide else 1)
            left -= fit
        take(4 * runs + extra)
        sizes.append(3 * characters)
    return sizes
