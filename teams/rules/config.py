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
    type: str  # "decimal", "decimal_or_none", "int", "bool"
    value_key: str  # the key inside the provision's values
    provisions: Mapping[str, tuple[str, ...]]  # policy code -> provision ids that carry the value
    raise_only: frozenset[str] = frozenset()  # provision ids whose value may only be raised
    help: str = ""  # Chinese
    bounds: tuple[int, int] | None = None  # inclusive range for "int" keys


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
    ),
    ConfigKey(
        key="attendance_statistics_grace_days",
        label="每月在岗统计完成期限（次月第几日）",
        type="int",
        value_key="grace_days",
        provisions=MappingProxyType({SICHUAN: ("SC-ATT",)}),
        bounds=(1, 28),
    ),
    ConfigKey(
        key="start_of_year_due_month",
        label="“年初”事项截止月份（该月月底前）",
        type="int",
        value_key="due_month",
        provisions=MappingProxyType({QINGHAI: ("QH-COMMIT",), SICHUAN: ("SC-TARGET",)}),
        help="青海年承诺、四川目标责任书的截止时间",
        bounds=(1, 12),
    ),
)

CONFIG_BY_KEY: Mapping[str, ConfigKey] = MappingProxyType({c.key: c for c in CONFIG_KEYS})


def coerce(config: ConfigKey, raw: Value) -> Value:
    """Turn a stored (JSON) value into the key's type; raise ValueError with a Chinese message."""
    if config.type == "bool":
        if isinstance(raw, bool):
            return raw
        raise ValueError(f"“{config.label}”应为是或否")
    if raw is None or raw == "":
        if config.type == "decimal_or_none":
            return None
        raise ValueError(f"“{config.label}”不能为空")
    if isinstance(raw, bool):
        raise ValueError(f"“{config.label}”应为数字")
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(f"“{config.label}”应为数字：{raw!r}") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"“{config.label}”应为非负数")
    if config.type == "int":
        if number != number.to_integral_value():
            raise ValueError(f"“{config.label}”应为整数")
        if config.bounds and not config.bounds[0] <= number <= config.bounds[1]:
            raise ValueError(f"“{config.label}”应在{config.bounds[0]}到{config.bounds[1]}之间")
        return int(number)
    if config.key == "leave_threshold_days":
        if number <= 0 or (number * 2) != (number * 2).to_integral_value():
            raise ValueError(f"“{config.label}”应为大于0的整数或半天")
    return number
