"""Which check decides each hard or soft provision, or why data in the system cannot decide it.

`CHECKS` maps a provision id to the name of the `Policy` method that returns its findings; `UNDECIDABLE`
maps the rest to a Chinese reason shown on the policy page. Together they cover every hard and soft id
(a test keeps it so).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CHECKS: Mapping[str, str] = MappingProxyType(
    {
        # team composition
        "JN-TEAM-SIZE": "check_team",
        "JN-TEAM-ORIGIN": "check_team",
        "JN-LEADER": "check_team",
        "JN-TERM": "check_team",
        "JN-MATCH": "check_team",
        "QH-TEAM": "check_team",
        "QH-AGE": "check_team",
        "QH-FS-PARTY": "check_team",
        "QH-FS-RANK": "check_team",
        "QH-BILINGUAL": "check_team",
        "QH-MATCH": "check_team",
        "QH10-TERM": "check_team",
        "SC-STAFF": "check_team",
        "SC-TEAM": "check_team",
        "SC-TERM": "check_team",
        "SC-LIANGSHAN": "check_team",
        "ZMD-TEAM": "check_team",
        "ZMD-TERM": "check_team",
        "ALL-NO-WITHDRAW": "check_team",
        "SC-COVER": "check_coverage",
        "SC-QUOTA": "check_dispatch_quota",
        "SC-AID": "check_aid_share",
        "ZMD-CHANGE": "check_membership_change",
        # attendance and leave
        "JN-MONTH": "check_attendance_month",
        "ZMD-MONTH": "check_attendance_month",
        "ZMD-WEEK": "check_week",
        "QH-YEAR": "check_team_attendance_year",
        "SC-ATT": "check_attendance_statistics",
        "JN-LEAVE": "check_leave_approval",
        "ZMD-LEAVE": "check_leave_approval",
        "ALL-RETURN": "check_leave_return",
        "QH10-ABSENT": "check_member_year",  # and check_unit_year for the unit's leadership
        "ZMD-ABSENT": "check_absence_explanation",
        # assessment
        "JN-ANNUAL": "check_annual_assessment",
        "QH-ANNUAL": "check_annual_assessment",
        "ZMD-ANNUAL": "check_annual_assessment",
        "JN-ENDTERM": "check_term_review",
        "QH-ENDTERM": "check_term_review",
        "QH-RECALL": "check_member_year",
        "QH10-BAN": "check_member_year",
        "SC-GRADES": "check_grades",
        "SC-QUOTA-EXC": "check_grades",
        "SC-INCOMPETENT": "check_unit_year",
        "SC-TARGET": "check_targets",
        # training
        "JN-TRAIN": "check_training_year",
        "QH-TRAIN": "check_training_year",
        "SC-TRAIN": "check_training_year",
        "ZMD-TRAIN": "check_training_year",
        "QH10-TRAIN-SPLIT": "check_training_split",
        # money
        "QH-FUNDS": "check_funds",
        "QH10-FUNDS": "check_funds",
        "SC-FUNDS": "check_funds",
        "QH10-ALLOWANCE": "check_living_allowance",
        # meetings, reports, visits
        "JN-MEET": "check_meetings",
        "QH-MEET": "check_meetings",
        "SC-MEET": "check_meetings",
        "JN-REPORT": "check_team_reports",
        "QH-COMMIT": "check_team_reports",
        "SC-REPORT": "check_team_reports",
        "SC-HOUSEHOLDS": "check_household_visits",
        "QH10-LINK": "check_link_visits",
        "QH10-CARE": "check_care_visits",
        "ZMD-UNIT": "check_unit_support",
    }
)

UNDECIDABLE: Mapping[str, str] = MappingProxyType(
    {
        "JN-SELECT": (
            "选派程序（组织动员、个人报名、党委集体研究、书面报审备案）在派出单位内部完成，系统只记录选派结果"
        ),
        "SC-PROC": "人选由派出单位党委研究、机关工委审核，属派出单位和机关工委的程序，系统只记录任职结果",
        "QH10-EXCELLENT": (
            "优秀等次作为派出单位对该干部的考核结果，由派出单位在本单位年度考核中执行；系统记录驻村考核等次，"
            "不掌握派出单位自身的考核结果"
        ),
        "SC-EXC-UNIT": (
            "派出单位的优秀指标和干部个人档案由派出单位和组织部门管理，不在本系统中；系统记录驻村考核等次供其使用"
        ),
        "QH-ADJUST": (
            "调整轮换须经省委或市州委组织部审批，审批在县级系统之外进行；系统记录调整，但无法判定上级审批"
        ),
    }
)


def decided_by(provision_id: str) -> str:
    """The check's name, or the reason why no check can decide the provision; KeyError otherwise."""
    if provision_id in CHECKS:
        return CHECKS[provision_id]
    return UNDECIDABLE[provision_id]
