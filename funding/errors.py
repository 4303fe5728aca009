"""Error codes and Chinese messages of the work-funds services; tests import these constants."""

from __future__ import annotations

from teams.errors import ServiceError


class FundingError(ServiceError):
    pass


# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "funding_not_allowed"
NOT_ALLOWED_ALLOCATE_MSG = "只有本县（市、区）委组织部可以登记工作经费拨付"
NOT_ALLOWED_ENTER_MSG = "只有工作队所在乡镇党委或本队驻村干部可以登记经费支出"
NOT_ALLOWED_DECIDE_MSG = "只有本县（市、区）委组织部可以审批经费支出"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED})

BAD_AMOUNT = "funding_bad_amount"
AMOUNT_MISSING_MSG = "请填写金额"
AMOUNT_NOT_NUMBER_MSG = "金额无效：{value}。金额应为数字，如 1200.50"
AMOUNT_NOT_POSITIVE_MSG = "金额必须大于0元"
AMOUNT_TOO_LARGE_MSG = "金额不能超过{high}元"
AMOUNT_PLACES_MSG = "金额最多保留两位小数（到分）"

BAD_YEAR = "funding_bad_year"
BAD_YEAR_MSG = "年度应为{low}年至{high}年之间的年份"
BAD_DATE = "funding_bad_date"
DATE_MISSING_MSG = "请填写日期"
DATE_OUTSIDE_YEAR_MSG = "日期{day}不在{year}年度内：{what}只能记入当年度的工作经费"
DATE_IN_FUTURE_MSG = "日期{day}晚于今天，不能登记尚未发生的{what}"
TEAM_NOT_IN_YEAR = "funding_team_not_in_year"
TEAM_NOT_IN_YEAR_MSG = "{team}在{year}年不在驻期内，不能登记该年度工作经费"

BAD_SOURCE = "funding_bad_source"
BAD_SOURCE_MSG = "请选择经费来源"
BAD_CATEGORY = "funding_bad_category"
BAD_CATEGORY_MSG = "请选择支出类别"
PAYEE_MISSING = "funding_payee_missing"
PAYEE_MISSING_MSG = "请填写收款方"

OVER_BALANCE = "funding_over_balance"
OVER_BALANCE_MSG = "支出{amount}元超过该工作经费可用余额{balance}元（已拨付减已批准及待审批支出），不能登记"

BAD_RECEIPT = "funding_bad_receipt"

BAD_DECISION = "funding_bad_decision"
BAD_DECISION_MSG = "审批意见只能是“批准”或“退回”"
RETURN_NEEDS_COMMENT_MSG = "退回时请填写理由"
ALREADY_DECIDED = "funding_already_decided"
ALREADY_DECIDED_MSG = "该笔支出{status}，不能重复审批"
