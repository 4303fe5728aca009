"""The roster's columns: canonical headers (template and export), the variants counties use, header finding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # canonical: the template's and the export's header
    aliases: tuple[str, ...]  # earlier wins when a sheet has two columns for one key
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("姓名", "干部姓名", "名字"), required=True),
    Column(
        "id_number",
        "身份证号",
        ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证"),
        required=True,
    ),
    Column("sex", "性别", ("性别",)),
    Column("birth_date", "出生日期", ("出生日期", "出生年月", "出生年月日")),
    Column("party_status", "政治面貌", ("政治面貌",)),
    Column("rank", "职级", ("职级", "职务", "职务职级", "现任职务", "现职级")),
    Column("phone", "联系电话", ("联系电话", "手机号码", "手机号", "手机", "电话", "联系方式")),
    Column("unit", "派出单位", ("派出单位", "选派单位", "帮扶单位", "派出单位名称"), required=True),
    Column("county", "县区", ("县区", "县(市、区)", "县(市区)", "县(区)", "县市区", "县")),
    Column("township", "乡镇", ("乡镇", "乡镇(街道)", "乡(镇)", "乡镇街道", "乡(镇、街道)", "所在乡镇")),
    Column(
        "village",
        "派驻村",
        ("派驻村", "村", "驻村村名", "村名", "所驻村", "驻村名称", "派驻村名称"),
        required=True,
    ),
    Column("role", "队内职务", ("队内职务", "工作队职务", "驻村职务", "队内职责"), required=True),
    Column(
        "start",
        "派驻开始日期",
        (
            "派驻开始日期",
            "驻村时间",
            "开始时间",
            "派驻时间",
            "驻村开始时间",
            "派驻开始时间",
            "驻村开始日期",
            "开始日期",
        ),
        required=True,
    ),
    Column(
        "end",
        "派驻结束日期",
        ("派驻结束日期", "结束时间", "驻村结束时间", "派驻结束时间", "驻村结束日期", "结束日期"),
    ),
    # Optional facts the policy checks read (issue 10). An empty cell leaves the record as it is.
    # The cadre's: QH-BILINGUAL, SC-STAFF.
    Column("is_bilingual", "懂双语", ("懂双语", "是否懂双语", "双语", "双语干部", "是否双语干部")),
    Column("is_on_staff", "在编在岗", ("在编在岗", "是否在编在岗", "在编", "是否在编")),
    # The village's: JN-TEAM-ORIGIN, JN-MATCH.
    Column(
        "is_key_village",
        "省扶贫工作重点村",
        (
            "省扶贫工作重点村",
            "是否省扶贫工作重点村",
            "扶贫工作重点村",
            "省级扶贫工作重点村",
            "重点村",
            "是否重点村",
            "脱贫难度较大的村",
        ),
    ),
    Column(
        "has_untapped_resources",
        "特色资源挖掘利用不够",
        ("特色资源挖掘利用不够", "特色资源未充分挖掘", "特色资源挖掘不够", "有特色资源但挖掘利用不够"),
    ),
    # The dispatching unit's: SC-QUOTA (干部职工人数, not 在编人数).
    Column(
        "staff_total",
        "派出单位干部职工人数",
        ("派出单位干部职工人数", "单位干部职工人数", "干部职工人数", "干部职工总数", "职工人数"),
    ),
    # The team's: ALL-NO-WITHDRAW.
    Column("withdrawn_on", "工作队撤离日期", ("工作队撤离日期", "撤离日期", "撤离时间", "工作队撤离时间")),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = tuple(c.header for c in COLUMNS)

_NOISE = re.compile(r"[\s*＊★※:：“”\"‘’']|[(](必填|选填|必须|可选)[)]")  # 懂“双语” → 懂双语
_PARENS = re.compile(r"[(][^()]*[)]")


def _norm(text: object) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text or "")))


def alias_table(columns: Sequence[Column]) -> dict[str, tuple[str, int]]:
    """Normalised alias → (column key, the alias's rank) for a set of columns (the roster's, or another
    sheet's read by the same reader, such as a training attendance sheet)."""
    table: dict[str, tuple[str, int]] = {}
    for column in columns:
        for rank, alias in enumerate(column.aliases):
            table.setdefault(_norm(alias), (column.key, rank))
    return table


_ALIASES = alias_table(COLUMNS)
# The keys a row must name to be the roster's header row.
ANCHOR_KEYS = frozenset({"name", "id_number"})


def match(header: object, aliases: dict[str, tuple[str, int]] | None = None) -> tuple[str, int] | None:
    """The column key a header cell names (and the alias's rank), or None."""
    table = _ALIASES if aliases is None else aliases
    text = _norm(header)
    if not text:
        return None
    found = table.get(text)
    if found is None:
        bare = _PARENS.sub("", text)  # 乡镇（街道）→ 乡镇, 出生年月(年.月) → 出生年月
        found = table.get(bare) if bare else None
    return found


def map_header(
    cells: Sequence[object], aliases: dict[str, tuple[str, int]] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Column key → index for a header row, plus the headers that name no known column."""
    chosen: dict[str, tuple[int, int]] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        found = match(cell, aliases)
        if found is None:
            if str(cell or "").strip():
                ignored.append(str(cell).strip())
            continue
        key, rank = found
        if key not in chosen or rank < chosen[key][1]:
            if key in chosen:
                ignored.append(str(cells[chosen[key][0]]).strip())
            chosen[key] = (index, rank)
        else:
            ignored.append(str(cell).strip())
    return {key: index for key, (index, _) in chosen.items()}, ignored


HEADER_SCAN_ROWS = 20


def find_header(
    rows: Sequence[Sequence[object]],
    aliases: dict[str, tuple[str, int]] | None = None,
    anchor: frozenset[str] = ANCHOR_KEYS,
) -> int | None:
    """Index of the header row: the first of the top rows that names every ``anchor`` column (the
    roster's: both 姓名 and 身份证号)."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = {found[0] for cell in row if (found := match(cell, aliases))}
        if anchor <= keys:
            return index
    return None
