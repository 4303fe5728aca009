"""Error codes and Chinese messages of the training services; tests import these constants."""

from __future__ import annotations

from teams.errors import ServiceError


class TrainingError(ServiceError):
    pass


# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "training_not_allowed"
NOT_ALLOWED_MSG = "只有县（市、区）委组织部或乡镇（街道）党委可以录入培训"
NOT_EDITOR = "training_not_editor"
NOT_EDITOR_MSG = "该培训班次由{office}录入，只有录入单位可以修改"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED, NOT_EDITOR})

NO_REGION = "training_no_region"
NO_REGION_MSG = "您的账号未关联到县（市、区）或乡镇（街道），无法录入培训"
BAD_LEVEL = "training_bad_level"
BAD_LEVEL_MSG = "组织层级无效"
TOWNSHIP_ONLY_MSG = "乡镇（街道）党委只能录入本乡镇组织的培训"
BAD_TOWNSHIP = "training_bad_township"
BAD_TOWNSHIP_MSG = "乡镇级培训须选择本县的乡镇（街道）"
BAD_TITLE = "training_bad_title"
BAD_TITLE_MSG = "请填写培训名称（不超过128个字）"
BAD_DATES = "training_bad_dates"
BAD_DATES_MSG = "结束日期不能早于开始日期"
BAD_DAYS = "training_bad_days"
BAD_DAYS_MSG = "培训天数应为大于0的整天或半天（如2.5）"
DAYS_OVER_SPAN_MSG = "培训天数{days}天超过了培训起止日期的{span}天"
RECORD_DAYS_MSG = "参训天数应为大于0、不超过本次培训{days}天的整天或半天"
EVENT_HAS_LONGER_RECORDS = "training_event_has_longer_records"
EVENT_HAS_LONGER_RECORDS_MSG = (
    "已有{count}名干部的参训天数超过{days}天，请先在参训名单中移除这些干部，改好培训天数后再重新添加"
)

CADRE_NOT_FOUND = "training_cadre_not_found"
# The same words for a cadre that does not exist and one of another county (a 404, not a hint).
CADRE_NOT_FOUND_MSG = "未找到该驻村干部，或其不属于本县（市、区）管理"
DUPLICATE = "training_duplicate"
DUPLICATE_MSG = "{name}已在本次培训的参训名单中"
