"""Error codes and Chinese messages of the work log services; tests import these constants."""

from __future__ import annotations

from teams.errors import ServiceError


class WorklogError(ServiceError):
    pass


# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "worklog_not_allowed"
NOT_ALLOWED_ENTRY_MSG = "只有驻村干部本人或乡镇党委可以填写、修改驻村日志"
NOT_OWN_ENTRY_MSG = "只能修改本人填写的驻村日志"
NOT_ALLOWED_MARK_MSG = "驻村干部、乡镇党委或县委组织部可以标注本辖区的四必到、四必访农户"
NOT_ALLOWED_COUNT_MSG = "村户数由县（市、区）委组织部录入"
NOT_ALLOWED_MEETING_MSG = "县级例会由县（市、区）委组织部登记，乡镇例会由乡镇党委登记"
NOT_ALLOWED_LINK_MSG = "联点领导及其到村情况由县（市、区）委组织部或乡镇党委登记"
NOT_ALLOWED_UNIT_MSG = (
    "派出单位听取汇报和到村调研由本派出单位（本单位选派的工作队）或县（市、区）委组织部登记"
)
NOT_ALLOWED_CARE_MSG = "驻村干部本人以外的县、乡、派出单位人员可以登记“五必访”事项"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED})

FUTURE_DATE = "worklog_future_date"
FUTURE_DATE_MSG = "日期不能晚于今天（{today}）"
NO_TEAM = "worklog_no_team"
NO_TEAM_MSG = "{date}您不在任何驻村工作队，无法填写驻村日志"
TEAM_NOT_ACTIVE = "worklog_team_not_active"
TEAM_NOT_ACTIVE_MSG = "{date}该工作队不在任期内"
CADRE_NOT_IN_TEAM = "worklog_cadre_not_in_team"
CADRE_NOT_IN_TEAM_MSG = "{cadre}{date}不是该工作队队员"
OTHER_VILLAGE = "worklog_household_other_village"
OTHER_VILLAGE_MSG = "农户“{household}”不属于{village}，只能登记派驻村的农户"
HOUSEHOLDS_ONLY_FOR_VISITS = "worklog_households_only_for_visits"
HOUSEHOLDS_ONLY_FOR_VISITS_MSG = "只有“走访入户”的日志可以登记走访农户"
EMPTY_SUMMARY = "worklog_empty_summary"
EMPTY_SUMMARY_MSG = "请填写工作内容"
BAD_KIND = "worklog_bad_kind"
BAD_KIND_MSG = "类别无效"
EMPTY_HEAD_NAME = "worklog_empty_head_name"
EMPTY_HEAD_NAME_MSG = "请填写户主姓名"
BAD_COUNT = "worklog_bad_count"
BAD_COUNT_MSG = "户数应为1至{high}之间的整数"
NOT_A_COUNTY = "worklog_not_a_county"
NOT_A_COUNTY_MSG = "您的账号未关联到县（市、区）或乡镇（街道）"
EMPTY_TITLE = "worklog_empty_title"
EMPTY_TITLE_MSG = "请填写会议名称"
ATTENDEE_OUTSIDE = "worklog_attendee_outside"
ATTENDEE_OUTSIDE_MSG = "参会人员只能从本地区在驻干部中选择"
EMPTY_NAME = "worklog_empty_name"
EMPTY_NAME_MSG = "请填写姓名和职务"
LINK_LEADER_ENDED = "worklog_link_leader_ended"
LINK_LEADER_ENDED_MSG = "{date}该领导不在联点期内"
BAD_SUPPORT_KIND = "worklog_bad_support_kind"
BAD_SUPPORT_KIND_MSG = "到村类别无效"
UNIT_NOT_OF_TEAM = "worklog_unit_not_of_team"
UNIT_NOT_OF_TEAM_MSG = "{unit}{date}没有选派干部到该工作队"
CASE_CLOSED = "worklog_case_closed"
CASE_CLOSED_MSG = "该“五必访”事项已于{date}走访"
CASE_BEFORE_OPENED = "worklog_case_before_opened"
CASE_BEFORE_OPENED_MSG = "走访日期不能早于发现日期（{date}）"
BAD_SITUATION = "worklog_bad_situation"
BAD_SITUATION_MSG = "情形无效"

UNREADABLE_FILE = "worklog_unreadable_file"
IMPORT_INVALID = "worklog_import_invalid"
IMPORT_INVALID_MSG = "村户数表有{count}行无法导入，未写入任何数据：{rows}"
NO_HOUSEHOLDS_HEADER_MSG = "未找到表头：前{rows}行中应有“村名”和“户数”两列"
ROW_NO_VILLAGE = "第{row}行：本县没有名为“{name}”的村"
ROW_AMBIGUOUS_VILLAGE = "第{row}行：本县有多个名为“{name}”的村，请填写乡镇"
ROW_BAD_COUNT = "第{row}行：户数“{value}”应为1至{high}之间的整数"
ROW_TWICE = "第{row}行：“{name}”在表中重复"
