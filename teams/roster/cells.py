"""Turning spreadsheet cells into values: text, dates, ID numbers, choices. Plain Python.

Every parser returns the value or raises ``CellError`` with a Chinese reason.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from teams import idcard
from teams.choices import PartyStatus, Rank, Role, Sex

from . import messages


class CellError(ValueError):
    """The message is Chinese and meant for the user."""


# Excel's 1900 date system (with its phantom 1900-02-29): serial 1 is 1900-01-01.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text(value: object) -> str:
    """Half-width, trimmed, inner whitespace removed, a neutralising apostrophe undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = "".join(unicodedata.normalize("NFKC", str(value)).split())
    if result.startswith("'") and result[1:2] in FORMULA_TRIGGERS:
        result = result[1:]
    return result


def id_number(value: object) -> idcard.IdFacts:
    """Only a text cell keeps all 18 digits; a number cell lost the last three and is reported."""
    if isinstance(value, bool):
        raise CellError(idcard.ERR_CHARS)
    if isinstance(value, int | float):
        if float(value) >= 1e15 or (isinstance(value, float) and not value.is_integer()):
            raise CellError(idcard.ERR_SCIENTIFIC)
        value = str(int(value))  # an exact 15-digit number: the old-ID message says what to do
    try:
        return idcard.parse(value if isinstance(value, str) else str(value))
    except idcard.InvalidIdNumber as exc:
        raise CellError(str(exc)) from None


@dataclass(frozen=True)
class Day:
    """A parsed date; ``months`` holds the candidates when only year and month were given."""

    date: datetime.date | None
    year: int = 0
    months: tuple[int, ...] = ()


_DATE = re.compile(r"^(\d{4})[年./\-](\d{1,2})(?:[月./\-](\d{1,2})日?)?月?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def day(value: object) -> Day:
    """Excel dates and serials, 2023.05.01, 2023-5-1, 2023/5/1, 2023年5月1日, 20230501; 2023.05 = a month."""
    if isinstance(value, datetime.datetime):
        return Day(value.date())
    if isinstance(value, datetime.date):
        return Day(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if 1900 < number < 2100 and not number.is_integer():
            # 2023.05 typed into a number cell; 2023.1 may have been 2023.10 before Excel dropped the 0.
            whole, fraction = f"{number:.2f}".split(".")
            months = (int(fraction),) if fraction[1] != "0" else (int(fraction[0]), int(fraction))
            if all(1 <= m <= 12 for m in months):
                return Day(None, int(whole), months)
        elif number.is_integer() and 10_000 < number < 80_000:
            return Day(_EXCEL_EPOCH + datetime.timedelta(days=int(number)))
        elif number.is_integer() and 19_000_000 < number < 21_000_000:
            value = str(int(number))
    raw = text(value)
    found = _DATE.match(raw.replace("号", "日")) or _COMPACT.match(raw)
    if not found:
        raise CellError(messages.DATE_UNKNOWN.format(value=raw))
    year, month = int(found.group(1)), int(found.group(2))
    if found.group(3) is None:
        if not 1 <= month <= 12:
            raise CellError(messages.DATE_UNKNOWN.format(value=raw))
        return Day(None, year, (month,))
    try:
        return Day(datetime.date(year, month, int(found.group(3))))
    except ValueError:
        raise CellError(messages.DATE_UNKNOWN.format(value=raw)) from None


def full_date(value: object) -> datetime.date:
    parsed = day(value)
    if parsed.date is None:
        raise CellError(messages.DATE_NEEDS_DAY.format(value=text(value)))
    return parsed.date


_SEXES = {
    "男": Sex.MALE,
    "女": Sex.FEMALE,
    "M": Sex.MALE,
    "F": Sex.FEMALE,
    "男性": Sex.MALE,
    "女性": Sex.FEMALE,
}


def sex(value: object) -> str:
    raw = text(value)
    found = _SEXES.get(raw.upper() if raw.isascii() else raw)
    if found is None:
        raise CellError(messages.SEX_UNKNOWN.format(value=raw))
    return str(found)


_PARTY = {label: value for value, label in PartyStatus.choices} | {
    "党员": PartyStatus.MEMBER,
    "中共": PartyStatus.MEMBER,
    "中国共产党党员": PartyStatus.MEMBER,
    "预备党员": PartyStatus.PROBATIONARY,
    "中共预备": PartyStatus.PROBATIONARY,
    "团员": PartyStatus.LEAGUE,
    "共青团": PartyStatus.LEAGUE,
    "无党派": PartyStatus.NONE,
    "无党派人士": PartyStatus.NONE,
    "无": PartyStatus.NONE,
}
_DEMOCRATIC = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟", "民主党派")


def party_status(value: object) -> str:
    raw = text(value)
    if raw in _PARTY:
        return str(_PARTY[raw])
    if raw.startswith(_DEMOCRATIC):
        return str(PartyStatus.DEMOCRATIC)
    raise CellError(messages.PARTY_UNKNOWN.format(value=raw))


_RANK_LABELS = {label: value for value, label in Rank.choices}


def rank(value: object) -> str:
    """Rank labels as exported; the usual titles and grades by their level; anything else 其他."""
    raw = text(value)
    if raw in _RANK_LABELS:
        return str(_RANK_LABELS[raw])
    if "中层" in raw:
        return str(Rank.ENTERPRISE_MANAGER)
    if "厅" in raw or "巡视员" in raw:
        return str(Rank.DEPARTMENT)
    if "处" in raw or "调研员" in raw or "县长" in raw:
        return str(Rank.DIVISION)
    if "科员" in raw and "主任科员" not in raw or "办事员" in raw:
        return str(Rank.BELOW_SECTION)
    if "科" in raw or "主任科员" in raw or "乡长" in raw or "镇长" in raw:
        return str(Rank.SECTION)
    return str(Rank.OTHER)


def role(value: object) -> tuple[str, bool]:
    """(role, is_leader): 第一书记 / 队长 / 队员 / 第一书记兼队长 and their usual spellings."""
    raw = text(value).replace("工作队", "").replace("驻村", "")
    first_secretary = "第一书记" in raw
    rest = raw.replace("第一书记", "")
    leader = "队长" in rest and "副队长" not in rest
    rest = rest.replace("副队长", "").replace("队长", "")
    deputy = "副队长" in raw
    rest = rest.strip("兼、,/和及")
    if not (first_secretary or leader or deputy or rest in ("队员", "成员")) or rest not in (
        "",
        "队员",
        "成员",
    ):
        raise CellError(messages.ROLE_UNKNOWN.format(value=text(value)))
    return (str(Role.FIRST_SECRETARY) if first_secretary else str(Role.MEMBER)), leader


_YES = ("是", "有", "Y", "YES", "TRUE", "1", "√", "✓", "✔")
_NO = ("否", "无", "不是", "N", "NO", "FALSE", "0", "×", "✗", "✘", "X")


def yes_no(value: object, column: str) -> bool:
    """是/否 and their usual marks (√ ×, Y N, 1 0, TRUE FALSE); an empty cell is never passed here."""
    if isinstance(value, bool):
        return value
    raw = text(value).upper()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError(messages.YES_NO_UNKNOWN.format(column=column, value=text(value)))


def count(value: object, column: str) -> int:
    """A whole number of people (120, 120.0, "120人")."""
    raw = text(value).removesuffix("人")
    try:
        number = float(raw)
    except ValueError:
        number = -1.0
    if number < 0 or not number.is_integer() or isinstance(value, bool):
        raise CellError(messages.COUNT_BAD.format(column=column, value=text(value)))
    return int(number)


def yes_no_label(flag: bool | None) -> str:
    """How the roster writes a recorded yes/no: 是 / 否, empty when not recorded."""
    return "" if flag is None else "是" if flag else "否"


def role_label(role_value: str, is_leader: bool) -> str:
    if role_value == Role.FIRST_SECRETARY:
        return "第一书记兼队长" if is_leader else "第一书记"
    return "队长" if is_leader else "队员"


_PHONE = re.compile(r"^[0-9+\-]{7,20}$")


def phone(value: object) -> str:
    raw = text(value).replace("—", "-").replace("(", "").replace(")", "")
    if not _PHONE.match(raw):
        raise CellError(messages.PHONE_BAD.format(value=text(value)))
    return raw


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet could run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
