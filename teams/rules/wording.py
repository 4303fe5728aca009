"""The Chinese words for the codes the rules judge, as rule messages and the policy page say them.

Plain Python, no Django. Where a code is one of the Django choices of `teams/choices.py`, its word here is
the choice's label, the word the user picked on the form or the roster, so a message names a rank or an
expertise exactly as the cadre's record shows it (`tests/teams/test_rules_wording.py` keeps them equal).
The documents' own wording stays quoted in the provisions (e.g. JN-MATCH's 善于化解矛盾).
"""

from __future__ import annotations

from .facts import BASICALLY_COMPETENT, COMPETENT, EXCELLENT, FIRST_SECRETARY, INCOMPETENT, MEMBER

# --- codes of teams/choices.py (Role, UnitLevel, UnitKind, Rank, PartyStatus, Expertise) ------------------

ROLE_NAMES = {FIRST_SECRETARY: "第一书记", MEMBER: "队员"}
LEVEL_NAMES = {"central": "中央", "province": "省级", "city": "市级", "county": "县级", "township": "乡镇级"}
KIND_NAMES = {"organ": "机关", "enterprise": "企业", "institution": "事业单位"}
RANK_NAMES = {
    "department": "厅级",
    "division": "处级",
    "section": "科级",
    "below_section": "科级以下",
    "enterprise_manager": "企事业单位中层",
    "other": "其他",
}
PARTY_NAMES = {
    "member": "中共党员",
    "probationary": "中共预备党员",
    "league": "共青团员",
    "democratic": "民主党派",
    "none": "群众",
}
EXPERTISE_NAMES = {
    "party_mass": "党群工作",
    "economic": "经济工作",
    "business": "经营管理",
    "mediation": "矛盾调解",
    "social": "社会工作",
    "other": "其他",
}

# --- codes of the rules' own ---------------------------------------------------------------------------

GRADE_NAMES = {EXCELLENT: "优秀", COMPETENT: "称职", BASICALLY_COMPETENT: "基本称职", INCOMPETENT: "不称职"}

# The village flags (TeamFacts) that JN-MATCH and QH-MATCH match to an expertise.
NEED_NAMES = {
    "is_weak_party_org": "基层组织软弱涣散村",
    "has_no_industry": "产业基础薄弱村",
    "has_untapped_resources": "特色资源挖掘利用不够的村",
    "is_stability_focus": "矛盾纠纷突出（维稳重点）村",
}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

# "Five must-visits" situations (QH10-CARE).
CARE_NAMES = {
    "troubled": "思想异常",
    "hospitalised": "生病住院",
    "injured": "意外伤害",
    "family_hardship": "家庭困难",
    "heavy_workload": "工作难度大",
}

# End-of-term review methods (QH-ENDTERM).
REVIEW_METHOD_NAMES = {
    "work_report": "工作述职",
    "document_review": "查阅资料",
    "site_visit": "实地察看",
    "villager_visits": "走访群众",
    "democratic_evaluation": "民主测评",
}
