"""The values a county may set, each naming the provision (and value key) it changes.

A key is overridable for a policy when the provision's value key has config strength, or when it is a
documented fund standard that the county may raise but never lower (Qinghai's Ten Measures: 各地要适当提高
驻村工作经费标准; a floor stays a floor).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from .model import Value
from .sources import JINAN, QINGHAI, SICHUAN, ZHUMADIAN


@dataclass(frozen=True)
class ConfigKey:
    key: str
    label: str  # Chinese
    type: str  # "decimal", "decimal_or_none", "int", "int_or_none", "bool"
    value_key: str  # the key inside the provision's values
    provisions: Mapping[str, tuple[str, ...]]  # policy code -> provision ids that carry the value
    raise_only: frozenset[str] = frozenset()  # provision ids whose value may only be raised
    help: str = ""  # Chinese
    # The inclusive range a number must lie in, declared for every number key: a setting outside it is
    # refused when written and ignored when read (``coerce``). Beyond keeping the rule sane, the range
    # keeps a value inside what the database columns derived from it hold (a leave's route threshold is
    # NUMERIC(5, 1)).
    bounds: tuple[Decimal, Decimal] | None = None
    places: int = 0  # decimal places a "decimal" value may carry (money: 2 for fen)

    def range_text(self) -> str:
        """The range in words, e.g. "0.5至30"; "" for a key without one (a yes/no)."""
        if self.bounds is None:
            return ""
        return f"{_plain(self.bounds[0])}至{_plain(self.bounds[1])}"


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# Messages of a refused value, each naming the key's label and, for numbers, its range.
NOT_BOOL_MSG = "“{label}”应为是或否"
REQUIRED_MSG = "“{label}”不能为空"
NOT_NUMBER_MSG = "“{label}”应为{low}至{high}之间的数字"
OUT_OF_RANGE_MSG = "“{label}”应在{low}至{high}之间"
NOT_INTEGER_MSG = "“{label}”应为{low}至{high}之间的整数"
NOT_HALF_DAY_MSG = "“{label}”应为大于0的整数或半天，在{low}至{high}之间"
TOO_MANY_PLACES_MSG = "“{label}”最多保留{places}位小数，应在{low}至{high}之间"


# The rows that say who assesses, which carry the county's ladder of unexcused absences.
_ASSESSMENT_ROWS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {JINAN: ("JN-ANNUAL",), QINGHAI: ("QH-ANNUAL",), SICHUAN: ("SC-GRADES",), ZHUMADIAN: ("ZMD-ANNUAL",)}
)

# The types whose value may be left empty (not set).
OPTIONAL_TYPES = frozenset({"decimal_or_none", "int_or_none"})


CONFIG_KEYS: tuple[ConfigKey, ...] = (
    ConfigKey(
        key="leave_threshold_days",
        label="请假审批天数界限（天）",
        type="decimal_or_none",
        value_key="threshold_days",
        provisions=MappingProxyType(
            {QINGHAI: ("QH-LEAVE",), SICHUAN: ("SC-LEAVE",), ZHUMADIAN: ("ZMD-LEAVE",)}
        ),
        help="不超过该天数的请假由乡镇党委批准，超过的按上级路线审批；留空表示不设界限，一律按上级路线审批（青海、四川为县委组织部批准）",
        # A month of leave is the longest any shipped document lets a township approve alone and more.
        bounds=(Decimal("0.5"), Decimal(30)),
        places=1,
    ),
    ConfigKey(
        key="leave_count_working_days",
        label="请假天数按工作日计算",
        type="bool",
        value_key="count_working_days",
        provisions=MappingProxyType(
            {JINAN: ("JN-LEAVE",), QINGHAI: ("QH-LEAVE",), SICHUAN: ("SC-LEAVE",), ZHUMADIAN: ("ZMD-LEAVE",)}
        ),
        help="默认按日历天数计算（含首尾两天，可半天）",
    ),
    ConfigKey(
        # JN-MONTH 每月在村工作时间不少于20个工作日 / ZMD-MONTH 每月在岗不少于20个工作日 (convention 3).
        key="month_count_working_days",
        label="每月在村天数只计法定工作日",
        type="bool",
        value_key="workdays_only",
        provisions=MappingProxyType({JINAN: ("JN-MONTH",), ZHUMADIAN: ("ZMD-MONTH",)}),
        help="文件原文为“20个工作日”。默认（否）：凡在村工作的日子都计入，含周末和节假日；"
        "选“是”：只计国家法定工作日（含调休上班日及本县工作日调整），不足整月任职时也按工作日折算",
    ),
    ConfigKey(
        key="living_allowance_per_day",
        label="生活补助标准（元/人/天）",
        type="decimal",
        value_key="living_allowance_per_day",
        provisions=MappingProxyType({JINAN: ("JN-FUNDS",), ZHUMADIAN: ("ZMD-ALLOWANCE",)}),
        help="参照同级驻村第一书记标准",
        bounds=(Decimal(0), Decimal(1000)),  # shipped standards are 40 to 100 yuan a day
        places=2,
    ),
    ConfigKey(
        key="work_funds_min",
        label="工作经费下限（元/队/年）",
        type="int",
        value_key="work_funds_min",
        provisions=MappingProxyType(
            {JINAN: ("JN-FUNDS",), QINGHAI: ("QH-FUNDS", "QH10-FUNDS"), SICHUAN: ("SC-FUNDS",)}
        ),
        raise_only=frozenset({"QH-FUNDS", "QH10-FUNDS", "SC-FUNDS"}),
        help="济南参照同级第一书记标准配置；青海、四川只能在文件下限基础上提高",
        bounds=(Decimal(0), Decimal(1_000_000)),  # shipped floors are 10,000 to 20,000 yuan a year
    ),
    ConfigKey(
        key="attendance_statistics_grace_days",
        label="每月在岗统计完成期限（次月第几日）",
        type="int",
        value_key="grace_days",
        provisions=MappingProxyType({SICHUAN: ("SC-ATT",)}),
        bounds=(Decimal(1), Decimal(28)),
    ),
    ConfigKey(
        key="start_of_year_due_month",
        label="“年初”事项截止月份（该月月底前）",
        type="int",
        value_key="due_month",
        provisions=MappingProxyType({QINGHAI: ("QH-COMMIT",), SICHUAN: ("SC-TARGET",)}),
        help="青海年承诺、四川目标责任书的截止时间",
        bounds=(Decimal(1), Decimal(12)),
    ),
    # The county's own ladder of unexcused absences (本县规定): no seed sets one, so every step is off
    # (empty) by default and the county sets the steps it wants; each step caps the grade of a cadre whose
    # unexcused absences found in the year reach it (``Policy.absence_grade_cap``). A count, at most one
    # a day of the year.
    *(
        ConfigKey(
            key=key,
            label=label,
            type="int_or_none",
            value_key=key,
            provisions=_ASSESSMENT_ROWS,
            help=f"本县规定（文件未规定，默认不设）：年度内无故脱岗达到该次数的，{effect}；留空表示不设",
            bounds=(Decimal(1), Decimal(366)),
        )
        for key, label, effect in (
            ("absences_no_excellent", "无故脱岗次数：不得评为优秀", "不得评为优秀"),
            ("absences_at_most_basic", "无故脱岗次数：最高评为基本称职", "最高评为基本称职"),
            ("absences_incompetent", "无故脱岗次数：评为不称职", "评为不称职"),
        )
    ),
)

CONFIG_BY_KEY: Mapping[str, ConfigKey] = MappingProxyType({c.key: c for c in CONFIG_KEYS})


def coerce(config: ConfigKey, raw: Value) -> Value:
    """Turn a value (stored JSON or typed in) into the key's type inside its declared range; raise
    ValueError with a Chinese message naming the range. NaN, infinities and 1e309 are refused as any
    other value outside the range."""
    if config.type == "bool":
        if isinstance(raw, bool):
            return raw
        raise ValueError(NOT_BOOL_MSG.format(label=config.label))
    if raw is None or raw == "":
        if config.type in OPTIONAL_TYPES:
            return None
        raise ValueError(REQUIRED_MSG.format(label=config.label))
    assert config.bounds is not None, f"number key {config.key} declares no range"
    low, high = config.bounds
    names = {"label": config.label, "low": _plain(low), "high": _plain(high)}
    if isinstance(raw, bool):
        raise ValueError(NOT_NUMBER_MSG.format(**names))
    text = str(raw).strip()
    try:
        # A hostile megabyte of digits is no number of this range; nor is anything Decimal cannot read.
        number = Decimal(text) if len(text) <= 32 else Decimal("NaN")
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(NOT_NUMBER_MSG.format(**names))
    if config.type in ("int", "int_or_none"):
        if number != number.to_integral_value() or not low <= number <= high:
            raise ValueError(NOT_INTEGER_MSG.format(**names))
        return int(number)
    if config.key == "leave_threshold_days":
        if number <= 0 or (number * 2) != (number * 2).to_integral_value() or not low <= number <= high:
            raise ValueError(NOT_HALF_DAY_MSG.format(**names))
        return number
    if not low <= number <= high:
        raise ValueError(OUT_OF_RANGE_MSG.format(**names))
    if number != round(number, config.places):
        raise ValueError(TOO_MANY_PLACES_MSG.format(places=config.places, **names))
    return number
