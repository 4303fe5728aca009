"""Error codes and Chinese messages of the account services and pages; tests import these constants.
A refused write raises ``teams.errors.ServiceError`` (the project's one error type) with one of them."""

from __future__ import annotations

NOT_ACCOUNT_MANAGER = "not_account_manager"
NOT_ACCOUNT_MANAGER_MSG = "只有县（市、区）委组织部可以管理本县的账号"

USER_NOT_MANAGED = "user_not_managed"
USER_NOT_MANAGED_MSG = "该账号不在您的管理范围内"

OFFICE_NOT_MANAGED = "office_not_managed"
OFFICE_NOT_MANAGED_MSG = "县委组织部只能管理本县乡镇党委、县乡村振兴局、派出单位和驻村干部的账号"

OUTSIDE_COUNTY = "outside_county"
OUTSIDE_COUNTY_MSG = "所选{what}不在本县范围内"

JURISDICTION_REQUIRED = "jurisdiction_required"
JURISDICTION_REQUIRED_MSG = "请选择{what}"

BUREAU_REGION = "bureau_region"
BUREAU_REGION_MSG = "县乡村振兴局的管辖区域只能是本县"
TOWNSHIP_REGION = "township_region"
TOWNSHIP_REGION_MSG = "乡镇党委的管辖区域应为本县的一个乡镇"

FIELD_TOO_LONG = "field_too_long"
FIELD_TOO_LONG_MSG = "{what}不能超过{n}个字符"

USERNAME_TAKEN = "username_taken"
USERNAME_TAKEN_MSG = "登录名“{username}”已被使用，请换一个"
USERNAME_INVALID = "username_invalid"
USERNAME_INVALID_MSG = "登录名只能包含字母、数字和 @ . + - _，不超过150个字符"

CADRE_HAS_LOGIN = "cadre_has_login"
CADRE_HAS_LOGIN_MSG = "{cadre}已有账号（{username}），一名干部只能有一个账号"

ALREADY_INACTIVE = "already_inactive"
ALREADY_INACTIVE_MSG = "该账号已停用"
ALREADY_ACTIVE = "already_active"
ALREADY_ACTIVE_MSG = "该账号已是启用状态"
INACTIVE_NO_RESET = "inactive_no_reset"
INACTIVE_NO_RESET_MSG = "账号已停用，请先启用再重置密码"

NO_CADRES_WITHOUT_LOGIN = "no_cadres_without_login"
NO_CADRES_WITHOUT_LOGIN_MSG = "本县在驻干部都已有账号，没有新建任何账号"

ACCOUNTS_CONCURRENT = "accounts_concurrent"
ACCOUNTS_CONCURRENT_MSG = "账号刚刚已被他人修改或创建，未保存任何内容，请刷新后重试"

BULK_DOWNLOAD_GONE_MSG = (
    "一次性密码只能下载一次，且只在创建后的本次登录期间有效；如需新密码，请为相应账号重置密码"
)

# --- the user's own password (the must-change middleware and the change page) ---
PASSWORD_REFUSED = "password_refused"  # the message is the validators' own Chinese text
MUST_CHANGE_PASSWORD_MSG = "您的密码由县委组织部设置，须先修改为自己的密码才能继续使用"
