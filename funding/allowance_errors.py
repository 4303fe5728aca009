"""Error codes and Chinese messages of the allowance, insurance and health-check services; tests import
these constants."""

from __future__ import annotations

from teams.errors import ServiceError


class AllowanceError(ServiceError):
    pass


# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "allowance_not_allowed"
NOT_ALLOWED_MSG = "只有干部的派出单位（本单位选派的干部）或本县（市、区）委组织部可以登记"
NOT_OWN_CADRE_MSG = "{name}{when}不是本单位选派的驻村干部"
NOT_OWN_COUNTY_MSG = "{name}{when}不在本县（市、区）驻村"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED})

NOT_SERVING = "allowance_not_serving"
NOT_SERVING_MSG = "{name}{when}没有驻村任职记录"
NOT_CERTIFIED = "allowance_not_certified"
NOT_CERTIFIED_MSG = "{township}{year}年{month}月的考勤尚未经乡镇党委确认（待确认），不能登记生活补助发放"
DUPLICATE = "allowance_duplicate"
DUPLICATE_PAYMENT_MSG = "{name}{year}年{month}月的生活补助已录入发放记录，同一干部每月只能登记一次"
DUPLICATE_INSURANCE_MSG = "{name}{year}年度的人身意外伤害保险已登记"
DUPLICATE_HEALTH_MSG = "{name}{year}年度的体检已登记"

BAD_AMOUNT = "allowance_bad_amount"
AMOUNT_MISSING_MSG = "请填写金额"
AMOUNT_NOT_NUMBER_MSG = "金额无效：{value}。金额应为数字，如 1260.00"
AMOUNT_NOT_POSITIVE_MSG = "金额必须大于0元"
AMOUNT_TOO_LARGE_MSG = "金额不能超过{high}元"
AMOUNT_PLACES_MSG = "金额最多保留两位小数（到分）"

BAD_DATE = "allowance_bad_date"
DATE_MISSING_MSG = "请填写{label}"
PAID_BEFORE_MONTH_MSG = "发放日期{day}早于所发月份{year}年{month}月"
IN_FUTURE_MSG = "{label}{day}晚于今天"
PERIOD_MSG = "保险止期{end}早于起期{start}"
NOT_IN_YEAR_MSG = "{label}{day}不在{year}年度内"

BAD_TEXT = "allowance_bad_text"
TEXT_MISSING_MSG = "请填写{label}"

BAD_PARAM = "allowance_bad_param"
CADRE_MISSING_MSG = "请填写干部（cadre）"
YEAR_MONTH_MISSING_MSG = "请同时填写年份（year）和月份（month），如 year=2026&month=10"
