"""Small .xls files (BIFF8 in an OLE compound file) for the import tests, written by hand: no library the
project installs writes .xls. Every cell is a shared string (LABELSST), as Excel and WPS write text."""

from __future__ import annotations

import struct
from collections.abc import Sequence

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RECORD_LIMIT = 8224  # the largest BIFF8 record body; a longer SST goes on in CONTINUE records
_END, _FREE, _FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _sst(strings: Sequence[str]) -> bytes:
    bodies: list[bytearray] = []
    body = bytearray(struct.pack("<II", len(strings), len(strings)))
    for text in strings:
        data = text.encode("utf-16-le")
        if len(body) + 5 > _RECORD_LIMIT:  # the string's header and its first character stay together
            bodies.append(body)
            body = bytearray()
        body += struct.pack("<HB", len(text), 1)
        while data:
            room = (_RECORD_LIMIT - len(body)) // 2 * 2
            if room == 0:
                bodies.append(body)
                body = bytearray(b"\x01")  # the characters go on, two bytes each
                continue
            body += data[:room]
            data = data[room:]
    bodies.append(body)
    return _record(0x00FC, bytes(bodies[0])) + b"".join(_record(0x003C, bytes(b)) for b in bodies[1:])


def xls(cells: dict[tuple[int, int], str]) -> bytes:
    """One sheet; ``cells`` maps (row, column), both from 0, to text."""
    strings = sorted(set(cells.values()))
    index = {text: i for i, text in enumerate(strings)}
    rows = [r for r, _ in cells] or [0]
    columns = [c for _, c in cells] or [0]
    sheet = (
        _bof(0x0010)
        + _record(0x0200, struct.pack("<IIHHH", min(rows), max(rows) + 1, min(columns), max(columns) + 1, 0))
        + b"".join(
            _record(0x00FD, struct.pack("<HHHI", r, c, 15, index[text]))
            for (r, c), text in sorted(cells.items())
        )
        + _record(0x000A, b"")
    )
    name = "花名册".encode("utf-16-le")

    def globals_(offset: int) -> bytes:
        boundsheet = _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len("花名册"), 1) + name)
        return (
            _bof(0x0005)
            + _record(0x0042, struct.pack("<H", 1200))
            + boundsheet
            + _sst(strings)
            + _record(0x000A, b"")
        )

    head = globals_(0)
    return _compound(globals_(len(head)) + sheet)


def _compound(stream: bytes) -> bytes:
    """An OLE compound file (MS-CFB, version 3, 512-byte sectors) holding one stream named Workbook."""
    size = 512
    stream = stream.ljust(max(len(stream), 4096), b"\0")  # never in the mini stream
    stream_sectors = -(-len(stream) // size)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + 1 + stream_sectors:
        fat_sectors += 1
    first = fat_sectors + 1
    fat = [_FAT_SECTOR] * fat_sectors + [_END]
    fat += [first + i + 1 for i in range(stream_sectors - 1)] + [_END]
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        _MAGIC,
        b"",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"",
        0,
        fat_sectors,
        fat_sectors,
        0,
        4096,
        _END,
        0,
        _END,
        0,
    ) + struct.pack("<109I", *(list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)))

    def entry(name: str, kind: int, start: int, length: int, child: int = _FREE) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            _FREE,
            _FREE,
            child,
            b"",
            0,
            0,
            0,
            start,
            length,
        )

    directory = entry("Root Entry", 5, _END, 0, child=1) + entry("Workbook", 2, first, len(stream))
    directory = directory.ljust(size, b"\0")
    return (
        header + struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(stream_sectors * size, b"\0")
    )
