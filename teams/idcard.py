"""Resident identity numbers (公民身份号码, GB 11643-1999): normalisation and validation.

Plain Python so that forms, services and the roster importer share one implementation.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK_CHARS = "10X98765432"

ERR_EMPTY = "请填写身份证号"
ERR_FIFTEEN = "这是15位旧身份证号，请填写18位公民身份号码"
ERR_LENGTH = "身份证号应为18位（现为{length}位）"
ERR_CHARS = "身份证号前17位应为数字，最后一位为数字或X"
ERR_CHECK_DIGIT = "身份证号校验位错误：按GB 11643计算应为{expected}，实为{actual}"
ERR_BIRTH_DATE = "身份证号中的出生日期{raw}不是有效日期"
ERR_SCIENTIFIC = "身份证号被Excel存成了数字（只保留15位有效数字），原号码已丢失，请把该列设为文本后重新填写"


class InvalidIdNumber(ValueError):
    """The message is Chinese and meant for the user."""


@dataclass(frozen=True)
class IdFacts:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as Cadre.sex
    region_code: str


def normalize(raw: object) -> str:
    """Full-width digits and letters to half-width, spaces removed, a lowercase x upper-cased.

    A float or an exponent form means a spreadsheet stored the number as a number: the last digits
    are gone and must never be guessed, so that is refused rather than padded.
    """
    if raw is None:
        return ""
    if isinstance(raw, float):
        raise InvalidIdNumber(ERR_SCIENTIFIC)
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(text.split())
    if "E+" in text.upper() or (text.endswith(".0") and text[:-2].isdigit()):
        raise InvalidIdNumber(ERR_SCIENTIFIC)
    return text.upper()


def check_digit(first17: str) -> str:
    return _CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse(raw: object) -> IdFacts:
    """Validate an ID number and return what it encodes; raises InvalidIdNumber."""
    number = normalize(raw)
    if not number:
        raise InvalidIdNumber(ERR_EMPTY)
    if len(number) == 15 and number.isdigit():
        raise InvalidIdNumber(ERR_FIFTEEN)
    if len(number) != 18:
        raise InvalidIdNumber(ERR_LENGTH.format(length=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber(ERR_CHARS)
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(ERR_BIRTH_DATE.format(raw=number[6:14])) from None
    if birth.year < 1900:
        raise InvalidIdNumber(ERR_BIRTH_DATE.format(raw=number[6:14]))
    expected = check_digit(number[:17])
    if expected != number[17]:
        raise InvalidIdNumber(ERR_CHECK_DIGIT.format(expected=expected, actual=number[17]))
    return IdFacts(
        number=number,
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
        region_code=number[:6],
    )


def make(region_code: str, birth_date: datetime.date, sequence: int, sex: str) -> str:
    """Build a valid number (demo data, tests): ``sequence`` 0–99, sex decides the parity digit."""
    parity = 1 if sex == "M" else 0
    seq = f"{sequence % 100:02d}{(sequence // 100 % 5) * 2 + parity}"
    first17 = f"{region_code}{birth_date:%Y%m%d}{seq}"
    return first17 + check_digit(first17)
