"""Chinese messages of the roster importer; tests import these constants."""

from __future__ import annotations

from teams import errors

NO_HEADER = "未找到表头：表格前{rows}行中没有同时包含“姓名”和“身份证号”的一行"
EMPTY_FILE = "文件中没有数据行"
UNREADABLE = "无法读取文件：请上传 .xlsx、.xls 或 .csv 格式的花名册"
NO_COUNTY = "请指定导入到哪个县（市、区）"
# Over a limit of teams.rules.roster_limits: refused before the file is read (issue 16).
TOO_BIG_FILE = "文件超过{limit}MB，请拆分后分批导入"
TOO_MANY_ROWS = "表格超过{limit}行（第{row}行仍有内容），请删除多余的行或拆分后分批导入"
TOO_MANY_COLUMNS = "表格超过{limit}列（第{column}列，即第{number}列仍有内容），请删除多余的列后重新上传"
TOO_MANY_CELLS = "表格的使用区域超过{limit}个单元格（{rows}行×{columns}列），请删除多余的行列或拆分后分批导入"
TOO_MUCH_TEXT = "表格中的文字超过{limit}MB，请删除多余内容后重新上传"
TOO_BIG_UNZIPPED = "文件解压后超过{limit}MB，请删除多余内容后重新上传"
ZIP_RATIO = "文件压缩比异常（解压后超过原文件的{limit}倍），无法读取"

REQUIRED = "请填写{column}"
BAD_ID = "{reason}"
DUPLICATE_ID = "身份证号在文件中重复出现（第{rows}行）"
DUPLICATE_MORE = "等，共{count}行"  # after the first rows of DUPLICATE_ID when there are more
REPORT_OMITTED = "另有{count}行无效数据未列出（只保存前{stored}行），请先改正以上各行后重新校验"
SEX_UNKNOWN = "性别“{value}”无法识别，应为男或女"
SEX_MISMATCH = errors.CADRE_SEX_MISMATCH_MSG
BIRTH_MISMATCH = errors.CADRE_BIRTH_MISMATCH_MSG
DATE_UNKNOWN = "日期“{value}”无法识别，可写作2023-05-01、2023/5/1、2023.05.01或2023年5月1日"
DATE_NEEDS_DAY = "日期“{value}”只到月份，请精确到日"
PARTY_UNKNOWN = "政治面貌“{value}”无法识别，应为中共党员、中共预备党员、共青团员、民主党派或群众"
ROLE_UNKNOWN = "队内职务“{value}”无法识别，应为第一书记、队长、队员或第一书记兼队长"
PHONE_BAD = "联系电话“{value}”格式不正确"
TEXT_TOO_LONG = "{column}不能超过{limit}个字"
YES_NO_UNKNOWN = "{column}“{value}”无法识别，应为是或否（不清楚的留空）"
COUNT_BAD = "{column}“{value}”应为不小于0的整数"
# One village, unit or team named on several rows with different values of its own column.
# A unit the county cannot see (another province's or county's): its 干部职工人数 is not the county's to set.
UNIT_NOT_OURS = "“{unit}”不是本县（市、区）或所属乡镇的单位，其干部职工人数不能由本县导入修改，请留空"
ROW_CONFLICT = "{column}填写为“{value}”，与第{row}行同一{what}填写的“{other}”不一致"
END_BEFORE_START = errors.MEMBERSHIP_END_BEFORE_START_MSG
OTHER_COUNTY_ROW = "县区“{value}”不是本次导入的{county}"
TOWNSHIP_AMBIGUOUS = "{county}有多个乡镇有名为“{village}”的村，请填写乡镇"
TOWNSHIP_NEEDED = "请填写乡镇：{county}没有名为“{village}”的村"
# Only for a cadre who serves or served in the importing county (its office sees them anyway):
CADRE_OTHER_COUNTY = "该干部已由{county}登记管理{serving}，不能导入到{target}"
CADRE_SERVING = "，正在{team}驻村（{start}至{end}）"
# Anyone else: the same words as the cadre form, naming no county, village or person.
CADRE_ELSEWHERE = errors.CADRE_DUPLICATE_ELSEWHERE_MSG
OVERLAP_ELSEWHERE = errors.MEMBERSHIP_OVERLAP_ELSEWHERE
OUTSIDE_TERM = errors.MEMBERSHIP_OUTSIDE_TERM_MSG
MEMBERSHIP_OVERLAP = errors.MEMBERSHIP_OVERLAP_MSG
REFUSED = (
    "未导入：有{count}行无效数据。默认全部导入或全部不导入，请修正后重新上传，或勾选“跳过无效行”只导入有效行"
)
CONCURRENT = errors.CONCURRENT_CHANGE_MSG
FAILED = "导入失败，未写入任何数据，请稍后重试或联系管理员"
# The task's soft time limit (teams.rules.roster_limits.TASK_SOFT_TIME_LIMIT) passed.
TIMED_OUT = "处理超时（超过{minutes}分钟），未写入任何数据，请拆分文件后分批导入，或联系管理员"
# Still queued or running long after it began: its worker died or never came.
STALE = "处理超时：{minutes}分钟内未完成，后台任务可能已中断，未写入任何数据，请重新校验或重新上传"

SIMILAR = "与已有的“{name}”相近"
PROVISIONAL_CODE = "区划代码暂定为{code}，请在管理后台更正"
