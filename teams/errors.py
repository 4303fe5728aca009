"""Error codes and Chinese messages of the teams services; tests import these constants."""

from __future__ import annotations

from core.errors import ServiceError

__all__ = ["ServiceError"]  # re-exported: every app's services raise the one core refusal

NOT_ALLOWED = "not_allowed"
NOT_ALLOWED_MSG = "您的职能无权修改该记录"
OUTSIDE_JURISDICTION = "outside_jurisdiction"
OUTSIDE_JURISDICTION_MSG = "所选{what}不在您的管辖范围内"
IMPORT_NOT_COMMITTABLE = "import_not_committable"
IMPORT_NOT_COMMITTABLE_MSG = "该文件已导入或正在处理，无需重复提交"

VILLAGE_DUPLICATE = "village_duplicate"
VILLAGE_DUPLICATE_MSG = "{township}已有名为“{name}”的村"
UNIT_DUPLICATE = "unit_duplicate"
UNIT_DUPLICATE_MSG = "已有名为“{name}”的派出单位"
# A unit's name is unique everywhere (its full official name names its place). A unit the actor may not
# see is in the way: say that the name is taken and nothing of whose, where or at what level it is.
UNIT_NAME_TAKEN_MSG = (
    "该单位名称已被使用，请填写单位全称（含所在县、市名称）；如确为同一单位，请联系市委组织部"
)
# Units above the county (city, province, central) are shared by every county below them.
UNIT_READ_ONLY = "unit_read_only"
UNIT_READ_ONLY_MSG = "该单位为上级（中央、省、市）或其他地区的派出单位，本县（市、区）只能查看，不能修改"
UNIT_REGION_OUTSIDE = "unit_region_outside"
UNIT_REGION_OUTSIDE_MSG = "本县（市、区）维护的派出单位只能在本县（市、区）或所辖乡镇（街道）"

CADRE_DUPLICATE = "cadre_duplicate"
# Whose record it is only when the actor may see that record; otherwise nothing that names a place.
CADRE_DUPLICATE_MSG = "该身份证号已登记为{county}的{name}，请勿重复登记"
CADRE_DUPLICATE_ELSEWHERE_MSG = "该身份证号已在其他县登记，请联系市委组织部"
CADRE_DUPLICATE_CONCURRENT_MSG = "该身份证号刚刚已被登记，未保存任何内容，请刷新后查询"
CADRE_BAD_ID = "cadre_bad_id"
CADRE_SEX_MISMATCH = "cadre_sex_mismatch"
CADRE_SEX_MISMATCH_MSG = "性别与身份证号不符：身份证号显示为{expected}"
CADRE_BIRTH_MISMATCH = "cadre_birth_mismatch"
CADRE_BIRTH_MISMATCH_MSG = "出生日期与身份证号不符：身份证号显示为{expected}"

TEAM_END_BEFORE_START = "team_end_before_start"
TEAM_END_BEFORE_START_MSG = "本期结束日期不能早于开始日期"
TEAM_OVERLAP = "team_overlap"
TEAM_OVERLAP_MSG = "{village}在该期间已有驻村工作队（{start}起），同一村不能同时有两支在驻工作队"

MEMBERSHIP_END_BEFORE_START = "membership_end_before_start"
MEMBERSHIP_END_BEFORE_START_MSG = "派驻结束日期不能早于开始日期"
MEMBERSHIP_OUTSIDE_TERM = "membership_outside_term"
MEMBERSHIP_OUTSIDE_TERM_MSG = "派驻期间应在工作队本期（{start}至{end}）之内"
MEMBERSHIP_OVERLAP = "membership_overlap"
MEMBERSHIP_OVERLAP_MSG = "{cadre}在该期间已在{team}任职（{start}至{end}），同一干部的任职期间不能重叠"
MEMBERSHIP_OVERLAP_ELSEWHERE = "其他县的工作队"  # the {team} of a clash the actor may not see
MEMBERSHIP_CADRE_CHANGE = "membership_cadre_change"
MEMBERSHIP_CADRE_CHANGE_MSG = (
    "任职的干部不能更换：请先结束该任职（填写结束日期和原因），再为接替的干部新增任职"
)
MEMBERSHIP_END_REASON_REQUIRED = "membership_end_reason_required"
MEMBERSHIP_END_REASON_REQUIRED_MSG = "请填写结束任职的原因"
MEMBERSHIP_END_AFTER_PLANNED = "membership_end_after_planned"
MEMBERSHIP_END_AFTER_PLANNED_MSG = "结束日期不能晚于原定的派驻结束日期（{end}）；延长派驻请编辑任职"

CONCURRENT_CHANGE = "concurrent_change"
CONCURRENT_CHANGE_MSG = "数据已被他人同时修改，未保存任何内容，请刷新后重试"

# --- county policy settings (teams.overrides) ---
POLICY_NOT_ALLOWED = "policy_not_allowed"
POLICY_NOT_ALLOWED_MSG = "只有本县（市、区）委组织部可以修改政策配置"
POLICY_UNKNOWN_KEY = "policy_unknown_key"
POLICY_UNKNOWN_KEY_MSG = "未知的配置项：{key}"
POLICY_HARD = "policy_hard"
POLICY_HARD_MSG = "“{label}”是{provision}的刚性规定，县级不能修改"
POLICY_NOT_CONFIGURABLE = "policy_not_configurable"
POLICY_NOT_CONFIGURABLE_MSG = "{policy}政策没有可由县级设置的“{label}”"
POLICY_BAD_VALUE = "policy_bad_value"  # the message is the rules' own Chinese ValueError text
POLICY_REASON_REQUIRED = "policy_reason_required"
POLICY_REASON_REQUIRED_MSG = "请填写修改理由"

# --- member changes (teams.changes, ZMD-CHANGE) ---
CHANGE_BEFORE_TERM = "change_before_term"
CHANGE_BEFORE_TERM_MSG = "调整日期（{day}）早于工作队本期开始日期（{start}），不能登记"
CHANGE_REASON_REQUIRED = "change_reason_required"
CHANGE_REASON_REQUIRED_MSG = (
    "本县执行驻马店市规定（ZMD-CHANGE）：队员离队或调换须填写调整原因并按时备案；"
    "提前结束任职请使用“结束任职”，填写结束日期和原因"
)
