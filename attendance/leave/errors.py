"""Error codes and Chinese messages of the leave services; tests import these constants."""

from __future__ import annotations

from core.errors import ServiceError

__all__ = ["ServiceError"]  # re-exported: the services raise the one core refusal

# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "leave_not_allowed"
NOT_ALLOWED_MSG = "您的职能无权进行此项操作"
NOT_AWAITED = "leave_not_awaited"
NOT_AWAITED_MSG = "此申请不在（或已不在）等待您所在单位审批"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED, NOT_AWAITED})

CADRE_UNKNOWN = "leave_cadre_unknown"
CADRE_UNKNOWN_MSG = "干部不存在或不在您的管辖范围内"
NO_MEMBERSHIP = "leave_no_membership"
NO_MEMBERSHIP_MSG = "{cadre}目前没有在驻任职，无法请假"
NO_POLICY = "leave_no_policy"
NO_POLICY_MSG = "{county}适用的政策在{on}没有请假规定，请联系县委组织部设置"

BAD_KIND = "leave_bad_kind"
BAD_KIND_MSG = "请假类别应为事假、病假或其他"
NO_REASON = "leave_no_reason"
NO_REASON_MSG = "请填写请假事由"
END_BEFORE_START = "leave_end_before_start"
END_BEFORE_START_MSG = "结束日期不能早于开始日期"
HALF_DAYS_SAME_DAY = "leave_half_days_same_day"
HALF_DAYS_SAME_DAY_MSG = "同一天的请假不能既从下午开始又在上午结束"
STARTS_IN_PAST = "leave_starts_in_past"
STARTS_IN_PAST_MSG = "请假开始日期不能早于今天（{today}）；已发生的不在岗请按情况说明办理"
TOO_LONG = "leave_too_long"
TOO_LONG_MSG = "一次请假不能超过{days}个自然日"
NO_DAYS = "leave_no_days"
NO_DAYS_MSG = "所选期间没有需要请假的工作日"
OVERLAP = "leave_overlap"
OVERLAP_MSG = "{cadre}在该期间已有请假（{period}，{status}），同一干部的请假不能重叠"
OVERLAP_GENERIC_MSG = "该干部在该期间已有请假，同一干部的请假不能重叠"
BAD_ATTACHMENT = "leave_bad_attachment"
BAD_ATTACHMENT_TYPE_MSG = "附件只能是PDF、JPG或PNG文件"
BAD_ATTACHMENT_SIZE_MSG = "附件不能超过{mb}MB"

BAD_DECISION = "leave_bad_decision"
BAD_DECISION_MSG = "审批意见应为批准或不批准"
REJECT_NEEDS_COMMENT = "leave_reject_needs_comment"
REJECT_NEEDS_COMMENT_MSG = "不批准时请填写理由"

CANNOT_CANCEL = "leave_cannot_cancel"
CANNOT_CANCEL_MSG = "只有尚未开始的待审批或已批准请假可以撤销"
CANNOT_RETURN = "leave_cannot_return"
CANNOT_RETURN_MSG = "只有已批准且尚未销假的请假可以销假"
RETURN_BEFORE_START = "leave_return_before_start"
RETURN_BEFORE_START_MSG = "返岗日期不能早于请假开始日期；尚未开始的请假请撤销"
RETURN_IN_FUTURE = "leave_return_in_future"
RETURN_IN_FUTURE_MSG = "返岗日期不能晚于今天（{today}）"

SUBSTITUTE_OFFICE = "leave_substitute_office"
SUBSTITUTE_OFFICE_MSG = "代理审批人须与您同一职能（{office}）"
SUBSTITUTE_SELF = "leave_substitute_self"
SUBSTITUTE_SELF_MSG = "不能指定本人为代理审批人"
SUBSTITUTE_REDUNDANT = "leave_substitute_redundant"
SUBSTITUTE_REDUNDANT_MSG = "{user}本已可审批本单位的申请，无需指定为代理"
SUBSTITUTE_JURISDICTION = "leave_substitute_jurisdiction"
SUBSTITUTE_JURISDICTION_MSG = (
    "代理审批人须在您的管辖范围（{jurisdiction}）之内，不能是其他地区或其他单位的用户"
)
SUBSTITUTE_STARTS_IN_PAST = "leave_substitute_starts_in_past"
SUBSTITUTE_STARTS_IN_PAST_MSG = "代理期间的开始日期不能早于今天（{today}）"
SUBSTITUTE_DATES = "leave_substitute_dates"
SUBSTITUTE_DATES_MSG = "代理期间的结束日期不能早于开始日期"
SUBSTITUTE_TOO_LONG = "leave_substitute_too_long"
SUBSTITUTE_TOO_LONG_MSG = "代理期间不能超过{days}个自然日（含首尾两日）"
SUBSTITUTE_UNKNOWN = "leave_substitute_unknown"
SUBSTITUTE_UNKNOWN_MSG = "用户不存在或已停用"

CONCURRENT_CHANGE = "leave_concurrent_change"
CONCURRENT_CHANGE_MSG = "该申请已被他人同时处理，请刷新后查看"
