"""Error codes and Chinese messages of the assessment services; tests import these constants.

A refusal that rests on a provision carries its id in ``provision`` and in the message.
"""

from __future__ import annotations

from teams.errors import ServiceError


class AssessmentError(ServiceError):
    def __init__(self, code: str, message: str, field: str | None = None, *, provision: str = "") -> None:
        super().__init__(code, message, field)
        self.provision = provision


# Refusals because of who is asking (HTTP 403); every other code is a bad request (HTTP 400).
NOT_ALLOWED = "assessment_not_allowed"
NOT_ALLOWED_OPEN_MSG = "只有本县（市、区）委组织部可以发起或结束年度考核"
NOT_PROPOSER = "assessment_not_proposer"
NOT_PROPOSER_MSG = "按{policy}政策，年度考核意见由{office}提出（{provision}）"
NO_PROPOSER_MSG = "按{policy}政策，年度考核不设提出意见环节，由{office}直接确定等次（{provision}）"
NOT_DECIDER = "assessment_not_decider"
NOT_DECIDER_MSG = "按{policy}政策，年度考核等次由{office}确定（{provision}）"
NOT_OWN_UNIT_MSG = "只能确定本单位选派干部的考核等次（{provision}）"
NOT_OWN_FILING = "assessment_not_own_filing"
NOT_OWN_FILING_MSG = "只有本派出单位可以签收送达本单位的考核结果"
FORBIDDEN_CODES = frozenset({NOT_ALLOWED, NOT_PROPOSER, NOT_DECIDER, NOT_OWN_FILING})

NOT_A_COUNTY = "assessment_not_a_county"
NOT_A_COUNTY_MSG = "您的账号未关联到县（市、区），无法发起年度考核"
BAD_YEAR = "assessment_bad_year"
BAD_YEAR_MSG = "考核年度应为{low}年至{high}年之间的年份"
DUPLICATE = "assessment_duplicate"
DUPLICATE_MSG = "{county}{year}年度考核已发起，每县每年只有一次年度考核"
NOBODY_SERVED = "assessment_nobody_served"
NOBODY_SERVED_MSG = "{county}{year}年没有在驻干部，无需发起年度考核"

CLOSED = "assessment_closed"
CLOSED_MSG = "该年度考核已结束，不能再修改"
BAD_GRADE = "assessment_bad_grade"
BAD_GRADE_MSG = "考核等次应为优秀、称职、基本称职或不称职"
GRADE_NOT_ALLOWED = "assessment_grade_not_allowed"
GRADE_NOT_ALLOWED_MSG = "按{policy}政策，考核等次只有{grades}，不能评为“{grade}”（{provision}）"
NOT_ELIGIBLE = "assessment_not_eligible"
NOT_ELIGIBLE_MSG = "{cadre}不能评为优秀：{reason}"
ABOVE_ABSENCE_CAP = "assessment_above_absence_cap"
ABOVE_ABSENCE_CAP_MSG = "{cadre}不能评为“{grade}”：{reason}"
CAP_REACHED = "assessment_cap_reached"
CAP_REACHED_MSG = "“优秀”名额已满：本县队员{members}人（不含第一书记），{percent}%{rounding}为{cap}人，已确定{used}人（{provision}）"
NEEDS_PROPOSAL = "assessment_needs_proposal"
NEEDS_PROPOSAL_MSG = "{office}尚未提出考核意见，县委组织部须在其意见基础上复评确定（{provision}）"
BAD_SCORE = "assessment_bad_score"
BAD_SCORE_MSG = "测评得分应为0到100之间的数字"

UNGRADED = "assessment_ungraded"
UNGRADED_MSG = "尚有{count}人未确定考核等次，全部确定后才能结束考核"
RULES_BROKEN = "assessment_rules_broken"

RECALL_NO_REASON = "assessment_recall_no_reason"
RECALL_NO_REASON_MSG = "请填写召回理由"
RECALL_NOT_SERVING = "assessment_recall_not_serving"
RECALL_NOT_SERVING_MSG = "{cadre}在{day}没有在本县驻村任职，无法召回"
RECALL_IN_FUTURE = "assessment_recall_in_future"
RECALL_IN_FUTURE_MSG = "召回日期不能晚于今天（{today}）"

REVIEW_NOT_ENDING = "assessment_review_not_ending"
REVIEW_NOT_ENDING_MSG = "{cadre}的任职尚无结束日期，期满考核在任职期满时进行"
REVIEW_DUPLICATE = "assessment_review_duplicate"
REVIEW_DUPLICATE_MSG = "{cadre}的这次任职已有期满考核"
REVIEW_BAD_METHOD = "assessment_review_bad_method"
REVIEW_BAD_METHOD_MSG = "考核方式应为工作述职、查阅资料、实地察看、走访群众或民主测评"
REVIEW_IN_FUTURE = "assessment_review_in_future"
REVIEW_IN_FUTURE_MSG = "考核日期不能晚于今天（{today}）"
REVIEW_PUBLICATION = "assessment_review_publication"
REVIEW_PUBLICATION_MSG = "公示须填写开始和结束日期，结束日期不早于开始日期"

TARGET_NO_TEXT = "assessment_target_no_text"
TARGET_NO_TEXT_MSG = "请填写目标任务及主要标准"
TARGET_DUPLICATE = "assessment_target_duplicate"
TARGET_DUPLICATE_MSG = "{team}{year}年的目标责任书已登记"
TARGET_IN_FUTURE = "assessment_target_in_future"
TARGET_IN_FUTURE_MSG = "签订日期不能晚于今天（{today}）"
TARGET_WRONG_YEAR = "assessment_target_wrong_year"
TARGET_WRONG_YEAR_MSG = "签订日期应在{year}年内"

# --- team reports (assessment.reports) and the duties calendar (assessment.duties) ------------------------
REPORT_NOT_TEAM = "report_not_team"
REPORT_NOT_TEAM_MSG = "只有本工作队的队长或第一书记可以起草、修改和提交报告"
REPORT_NOT_RECEIVER = "report_not_receiver"
REPORT_NOT_RECEIVER_MSG = "只有接收单位（{office}）可以确认或退回该报告"
REPORT_KIND_NOT_IN_POLICY = "report_kind_not_in_policy"
REPORT_KIND_NOT_IN_POLICY_MSG = "按{policy}政策，工作队不报送{kind}"
REPORT_BAD_KIND = "report_bad_kind"
REPORT_BAD_KIND_MSG = "报告类别无效"
REPORT_BAD_PERIOD = "report_bad_period"
REPORT_BAD_PERIOD_MSG = "{kind}的期次无效"
REPORT_NOT_STARTED = "report_not_started"
REPORT_NOT_STARTED_MSG = "{period}尚未开始（{start}起），不能报告"
REPORT_DUPLICATE = "report_duplicate"
REPORT_DUPLICATE_MSG = "{team}{period}的{kind}已存在，不能重复报告"
REPORT_ALREADY_SUBMITTED = "report_already_submitted"
REPORT_ALREADY_SUBMITTED_MSG = "该报告已提交（{status}），不能重复提交"
REPORT_NOT_EDITABLE = "report_not_editable"
REPORT_NOT_EDITABLE_MSG = "该报告{status}，不能修改"
REPORT_NOT_SUBMITTED = "report_not_submitted"
REPORT_NOT_SUBMITTED_MSG = "该报告{status}，不能确认或退回"
REPORT_NO_TITLE = "report_no_title"
REPORT_NO_TITLE_MSG = "请填写标题"
REPORT_NO_BODY = "report_no_body"
REPORT_NO_BODY_MSG = "请填写正文"
REPORT_TOO_LONG = "report_too_long"
REPORT_TOO_LONG_MSG = "正文最多{limit}字"
REPORT_RETURN_NO_COMMENT = "report_return_no_comment"
REPORT_RETURN_NO_COMMENT_MSG = "退回报告须填写意见"
REPORT_BAD_YEAR = "report_bad_year"
REPORT_BAD_YEAR_MSG = "年度应在{low}至{high}之间"
REPORT_FORBIDDEN_CODES = frozenset({REPORT_NOT_TEAM, REPORT_NOT_RECEIVER})
