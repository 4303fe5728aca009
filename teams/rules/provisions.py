"""Every row of PROVISIONS.md as data, checked against the seeds (see NOTES.md for the differences).

This is the only place where thresholds live. Wording is quoted from the seed of the row's policy
(line breaks of the scanned originals removed).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from .facts import COMPETENT, EXCELLENT, INCOMPETENT
from .model import (
    COUNTY_ORG_DEPT,
    COUNTY_RURAL_BUREAU,
    DISPATCHING_UNIT,
    EMPTY,
    TOWNSHIP_COMMITTEE,
    Citation,
    Provision,
    Source,
    Strength,
    Value,
)
from .sources import (
    JINAN,
    JINAN_2018,
    QINGHAI,
    QINGHAI_2018,
    QINGHAI_TEN_MEASURES,
    SICHUAN,
    SICHUAN_2018,
    ZHUMADIAN,
    ZHUMADIAN_2022,
)

HARD, SOFT, CONFIG, INFO = Strength.HARD, Strength.SOFT, Strength.CONFIG, Strength.INFO

# The end of the poverty-alleviation campaign (脱贫攻坚期), the scope of ALL-NO-WITHDRAW in all three seeds;
# Qinghai's Ten Measures fix the first secretaries' term to the same day.
CAMPAIGN_END = datetime.date(2020, 12, 31)


def _p(
    id: str,
    policy: str | tuple[str, ...],
    strength: Strength,
    title: str,
    source: Source,
    wording: str,
    values: Mapping[str, Value] | None = None,
    *,
    parts: Mapping[str, Strength] | None = None,
    until: datetime.date | None = None,
    also: Mapping[str, Citation] | None = None,
    note: str = "",
    county_rule: tuple[str, ...] = (),
) -> Provision:
    policies = (policy,) if isinstance(policy, str) else policy
    return Provision(
        id=id,
        policies=policies,
        strength=strength,
        title=title,
        wording=wording,
        source=source,
        in_force_from=source.in_force_from,
        in_force_until=until,
        values=MappingProxyType(dict(values or {})),
        part_strengths=MappingProxyType(dict(parts or {})),
        also=MappingProxyType(dict(also or {})) if also else EMPTY,
        note=note,
        county_rule=frozenset(county_rule),
    )


# Qinghai and Sichuan name no leave route (001: 明确驻村干部请销假报批程序 only; 003 has no 请假/销假 at all),
# so the route is the county's own rule (本县规定). The product ships this default until the county sets
# `leave_threshold_days`: a leave of up to 3 days is approved by the township party committee, which keeps
# the daily attendance (001: 乡镇党委…负责日常考勤工作; 003: 乡镇党委、政府动态掌握、每月统计…在岗情况),
# a longer one by the county org dept. 3 is the shorter of the two lines the four documents draw (JN-LEAVE
# 3, ZMD-LEAVE 7), so the county sees every leave longer than any document lets a township approve alone.
# NOTES.md, "Readings chosen here".
SILENT_LEAVE_THRESHOLD_DAYS = Decimal(3)
_SILENT_DAYS = format(SILENT_LEAVE_THRESHOLD_DAYS, "f")
# The keys of a silent policy's leave row that are the county's own rule, not the seed's.
_SILENT_LEAVE_RULE = (
    "threshold_days",
    "lower_approvers",
    "lower_filed_with",
    "upper_approvers",
    "upper_filed_with",
)


# A ladder of unexcused absences (e.g. 1 → no 优秀, 2 → at most 基本称职, 3 → 不称职), as several counties
# set: no seed sets one, so each step is the county's own rule (本县规定), carried by the row that says who
# assesses (JN-ANNUAL 考核内容由各县区根据实际情况确定; QH-ANNUAL, SC-GRADES, ZMD-ANNUAL) and off (None) until
# the county sets it (config keys ``absences_*``, ``Policy.absence_grade_cap``).
_ABSENCE_LADDER: dict[str, Value] = {
    "absences_no_excellent": None,
    "absences_at_most_basic": None,
    "absences_incompetent": None,
}
_ABSENCE_PARTS = {key: CONFIG for key in _ABSENCE_LADDER}
_ABSENCE_RULE = tuple(_ABSENCE_LADDER)


def _leave_values(
    threshold: Decimal | None,
    lower_approvers: tuple[str, ...],
    lower_filed_with: tuple[str, ...],
    upper_approvers: tuple[str, ...],
    **more: Value,
) -> dict[str, Value]:
    return {
        "threshold_days": threshold,  # reading convention 1: <= threshold lower route, > upper route
        "count_working_days": False,  # reading convention 2: calendar days, start and end inclusive
        "lower_approvers": lower_approvers,
        "lower_filed_with": lower_filed_with,
        "upper_approvers": upper_approvers,
        "upper_filed_with": (),
        **more,
    }


# Village needs → the expertise that answers them (JN-MATCH, QH-MATCH). Keys are TeamFacts flags.
_JN_NEEDS = {
    "is_weak_party_org": ("party_mass",),
    "has_no_industry": ("economic",),
    "has_untapped_resources": ("business",),
    "is_stability_focus": ("mediation", "social"),
}
_QH_NEEDS = {
    "is_weak_party_org": ("party_mass",),
    "has_no_industry": ("economic",),
    "is_stability_focus": ("social", "mediation"),
}

PROVISIONS: tuple[Provision, ...] = (
    # --- Team composition and selection ---------------------------------------------------------------
    _p(
        "JN-TEAM-SIZE",
        JINAN,
        SOFT,
        "工作队人数",
        JINAN_2018,
        "每个驻村工作队一般不少于3人，且均应为县级以上机关、企事业单位选派的干部，优先从优秀年轻干部和后备干部中选派。",
        {"min_members": 3},
    ),
    _p(
        "JN-TEAM-ORIGIN",
        JINAN,
        # 一般…且均应为: "should", not "must" (PROVISIONS.md; issue 10 correction 2) — a warning.
        SOFT,
        "队员来源",
        JINAN_2018,
        "驻村工作队重点派驻全省扶贫工作重点村中涉及我市的村及脱贫难度较大的村。……"
        "每个驻村工作队一般不少于3人，且均应为县级以上机关、企事业单位选派的干部……"
        "对其他贫困村……注重从选调大学生村官、新录用公务员及镇（街道）综合素质高、培养潜力大的年轻干部中"
        "选拔驻村工作队成员，与第一书记组成帮扶团队",
        {"unit_levels": ("central", "province", "city", "county")},
        note="只适用于派驻省扶贫工作重点村（含脱贫难度较大的村）的工作队，村的这一标记在村信息中维护；"
        "其他贫困村的工作队可有乡镇（街道）选派的队员",
    ),
    _p(
        "JN-LEADER",
        JINAN,
        SOFT,
        "队长由第一书记兼任",
        JINAN_2018,
        "驻村工作队队长原则上由驻村第一书记兼任。",
        {"leader_role": "first_secretary"},
    ),
    _p(
        "JN-TERM",
        JINAN,
        HARD,
        "驻村期限与不轮换",
        JINAN_2018,
        "每期驻村时间不少于2年，驻村工作期间干部一般不轮换。",
        {"min_term_years": 2, "no_rotation": True},
        parts={"no_rotation": SOFT},
        note="期限不少于2年为刚性；期间不轮换为一般性要求",
    ),
    _p(
        "JN-SELECT",
        JINAN,
        HARD,
        "选派程序",
        JINAN_2018,
        "驻村工作队队员人选由派出单位按照组织动员、个人自愿报名、党委（党组）集体研究决定的程序确定。"
        "人选名单确定后，以书面形式报市、县区党委组织部门、扶贫部门审定备案。",
    ),
    _p(
        "JN-MATCH",
        JINAN,
        SOFT,
        "因村选派",
        JINAN_2018,
        "要坚持因村选派、分类施策，对村班子软弱涣散、凝聚力战斗力不强的村，选派熟悉党群工作、组织能力较强的干部；"
        "对缺乏产业基础、打不开致富门路的村，选派熟悉经济工作、思路开阔的干部；对有特色资源、但挖掘利用不够的村，"
        "选派有头脑懂经营善管理的干部；对村情复杂、遗留问题较多的村，选派善于化解矛盾、群众工作经验丰富的干部",
        {"village_needs": MappingProxyType(_JN_NEEDS)},
    ),
    _p(
        "QH-TEAM",
        QINGHAI,
        HARD,
        "工作队构成",
        QINGHAI_2018,
        "每支驻村工作队由3人组成,由结对帮扶单位选派1名第一书记兼任驻村工作队队长、1名干部为工作队员,乡镇选派1名干部为工作队员。",
        {"team_size": 3, "first_secretaries": 1, "pairing_unit_members": 1, "township_members": 1},
    ),
    _p(
        "QH-AGE",
        QINGHAI,
        SOFT,
        "年龄",
        QINGHAI_2018,
        "第一书记和驻村工作队员,必须是政治素质好、工作作风扎实、综合能力强、善做群众工作、能在选派村健康履职,"
        "一般不超过45周岁的优秀干部。",
        {"max_age": 45},
    ),
    _p(
        "QH-FS-PARTY",
        QINGHAI,
        HARD,
        "第一书记须为正式党员",
        QINGHAI_2018,
        "其中,第一书记人选,必须是中共正式党员",
        {"party_status": "member"},
    ),
    _p(
        "QH-FS-RANK",
        QINGHAI,
        HARD,
        "第一书记职级",
        QINGHAI_2018,
        "是省(州)直机关选派的处级(后备)干部、或县直机关选派的科级(后备)干部、或企事业单位选派的优秀中层干部",
        {
            # organ level -> rank required; a reserve cadre (后备干部) one rank below also qualifies
            "organ_ranks": MappingProxyType(
                {
                    "central": ("department", "division"),
                    "province": ("department", "division"),
                    "city": ("department", "division"),
                    "county": ("division", "section"),
                }
            ),
            "reserve_ranks": MappingProxyType(
                {"central": "section", "province": "section", "city": "section", "county": "below_section"}
            ),
            "enterprise_ranks": ("enterprise_manager", "division", "section"),
        },
        note="“省(州)直机关”含中央驻青单位与市州直属机关；职级高于要求的视为符合；后备干部按低一级职级的后备人选处理；企事业单位中层含处、科级中层",
    ),
    _p(
        "QH-BILINGUAL",
        QINGHAI,
        SOFT,
        "民族地区优先懂双语",
        QINGHAI_2018,
        "到民族地区工作的,优先选派懂“双语”的干部。",
        {"bilingual_for_ethnic_areas": True},
    ),
    _p(
        "QH-MATCH",
        QINGHAI,
        SOFT,
        "派需结合",
        QINGHAI_2018,
        "坚持派需结合、因村组队、精准选派。选派熟悉党群工作的干部到基层组织软弱涣散、战斗力不强的贫困村,"
        "选派熟悉经济工作的干部到产业基础和集体经济薄弱的贫困村,选派熟悉社会工作的干部到矛盾纠纷突出、社会发育滞后的贫困村",
        {"village_needs": MappingProxyType(_QH_NEEDS)},
    ),
    _p(
        "QH-ADJUST",
        QINGHAI,
        HARD,
        "不得自行调整轮换",
        QINGHAI_2018,
        "各地各单位不得自行调整轮换第一书记和驻村工作队员,对因身体原因或其他特殊情况确需调整的,经本人申请,"
        "由干部选派单位党委(党组)提出意见,省直和中央驻青单位选派的报省委组织部审批,市(州)、县(市、区)选派的报市州委组织部审批,"
        "并报省委组织部备案。",
    ),
    _p(
        "QH10-TERM",
        QINGHAI,
        HARD,
        "第一书记任期",
        QINGHAI_TEN_MEASURES,
        "针对贫困程度深、帮扶力量弱的贫困村，从省、市（州）、县（市、区）三级调整轮换政治素质好、工作作风实、综合能力强、"
        "善做群众工作的优秀干部担任第一书记，任期到2020年12月底。",
        {"first_secretary_term_end": CAMPAIGN_END},
    ),
    _p(
        "QH10-GRAD",
        QINGHAI,
        INFO,
        "选调生挂任村党组织副书记",
        QINGHAI_TEN_MEASURES,
        "同步安排具有一年以上工作经历的选调生到贫困村挂任村党组织副书记，加强贫困村帮扶力量。",
        {"min_work_years": 1},
    ),
    _p(
        "SC-COVER",
        SICHUAN,
        HARD,
        "一村一队",
        SICHUAN_2018,
        "择优选派政治素质好、工作作风实、综合能力强的人员组建驻村工作队，实现全省１１５０１个建档立卡贫困村一村一队。",
        {"teams_per_village": 1},
    ),
    _p(
        "SC-STAFF",
        SICHUAN,
        SOFT,
        "在编在岗",
        SICHUAN_2018,
        "选派人员原则上应为在编在岗干部职工。",
        {"on_staff": True},
    ),
    _p(
        "SC-TEAM",
        SICHUAN,
        HARD,
        "工作队人数与队长",
        SICHUAN_2018,
        "每个驻村工作队不少于３人（含第一书记），第一书记原则上兼任队长。……第一书记不适宜兼任驻村工作队队长的，"
        "原则上应明确处科级干部或处科级后备干部担任。",
        {
            "min_members": 3,
            "includes_first_secretary": True,
            "leader_role": "first_secretary",
            "fallback_leader_ranks": ("department", "division", "section"),
        },
        parts={"leader_role": SOFT, "fallback_leader_ranks": SOFT},
        note="不少于3人（含第一书记）为刚性；第一书记兼任队长、否则由处科级（后备）干部担任为一般性要求",
    ),
    _p(
        "SC-TERM",
        SICHUAN,
        HARD,
        "驻村期限",
        SICHUAN_2018,
        "驻村工作队每期驻村时间为２年。",
        {"term_years": 2},
    ),
    _p(
        "SC-QUOTA",
        SICHUAN,
        HARD,
        "省直单位选派人数",
        SICHUAN_2018,
        "省直各部门（单位）及其下属企事业单位、中央在川单位和企业、省属企业干部职工人数１００人及以上的选派不少于４人、"
        "５０人至１００人的选派不少于２人、５０人及以下的选派不少于１人（含目前已经选派参与驻村帮扶人员）",
        # (staff at least, people at least), stricter bracket first (reading convention 6); the levels of
        # the units it binds (省直…、中央在川单位和企业、省属企业: central and provincial units).
        {"brackets": ((100, 4), (50, 2), (0, 1)), "unit_levels": ("central", "province")},
    ),
    _p(
        "SC-AID",
        SICHUAN,
        SOFT,
        "对口帮扶藏区彝区选派比例",
        SICHUAN_2018,
        "承担省内对口帮扶藏区彝区贫困县任务的７个市３５个县（市、区）要选派人员到受扶地参加驻村工作队，"
        "原则上数量不得低于受扶县贫困村总数的３０％。",
        {"min_share_percent": 30},
        note="原文有“原则上”，按一般性要求处理；适用于承担对口帮扶任务的7个市35个县（市、区）",
    ),
    _p(
        "SC-LIANGSHAN",
        SICHUAN,
        HARD,
        "凉山州增配",
        SICHUAN_2018,
        "针对凉山州脱贫攻坚的特殊困难，驻村工作队队员可增配到每村４至７人（含第一书记）",
        # 可增配 is a permission (NOTES.md, seed vs digest 4): a Liangshan team may grow to 7, the
        # SC-TEAM floor of 3 still holds; only a team above `max_members` is a finding.
        {"increase_from": 4, "max_members": 7},
        note="可增配是允许增配，不是必须增配：凉山州工作队3人仍符合SC-TEAM，超过7人才不符合",
    ),
    _p(
        "SC-PROC",
        SICHUAN,
        HARD,
        "选派程序",
        SICHUAN_2018,
        "派出单位党委（党组）研究提出人选，报同级党委直属机关工作委员会审核把关，由派驻县（市、区）因村选人组队，"
        "２０１８年６月底前全部到岗到位。驻村工作队队员任职手续，由派驻县（市、区）党委组织部门办理。",
    ),
    _p(
        "ZMD-TEAM",
        ZHUMADIAN,
        SOFT,
        "工作队人数与队长",
        ZHUMADIAN_2022,
        "每个驻村工作队一般不少于3人，队长原则上由第一书记兼任。市派驻村工作队员中有处级干部的，驻村工作队长可由帮扶单位处级干部担任，"
        "县派驻村工作队员中有科级干部的，驻村工作队长可由科级干部担任",
        {
            "min_members": 3,
            "leader_role": "first_secretary",
            "leader_ranks": MappingProxyType(
                {"city": ("department", "division"), "county": ("department", "division", "section")}
            ),
        },
    ),
    _p(
        "ZMD-TERM",
        ZHUMADIAN,
        HARD,
        "驻村期限",
        ZHUMADIAN_2022,
        "每期驻村时间不少于2年，也可与驻村第一书记派驻时间相同。",
        {"min_term_years": 2, "or_first_secretary_term": True},
    ),
    _p(
        "ZMD-CHANGE",
        ZHUMADIAN,
        HARD,
        "人员调整备案",
        ZHUMADIAN_2022,
        "各级驻村工作队员如有调整，要在调整后3天内分别向所在县（区）党委组织部、乡村振兴局进行备案，"
        "县（区）乡村振兴局要做好驻村工作队员台账的动态更新，并及时将调整后的人员台账报市乡村振兴局。",
        {"filing_days": 3, "filed_with": (COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU)},
    ),
    _p(
        "ALL-NO-WITHDRAW",
        (JINAN, QINGHAI, SICHUAN),
        HARD,
        "贫困村退出后不撤队",
        JINAN_2018,
        "脱贫攻坚期内贫困村退出的，驻村工作队不能撤离，帮扶力度不能削弱。",
        {"campaign_end": CAMPAIGN_END},
        also={
            QINGHAI: Citation(
                QINGHAI_2018,
                "脱贫攻坚期内,贫困村退出后,结对关系继续保留,第一书记和驻村工作队不得撤离,帮扶力度不能削弱。",
            ),
            SICHUAN: Citation(
                SICHUAN_2018, "脱贫攻坚期内，贫困村退出的，驻村工作队不得撤离，帮扶力度不能削弱。"
            ),
        },
        note="原文限于“脱贫攻坚期内”（至2020年12月31日）；青海还要求结对关系继续保留",
    ),
    # --- Attendance, leave and spot checks --------------------------------------------------------------
    _p(
        "JN-MONTH",
        JINAN,
        HARD,
        "每月在村天数",
        JINAN_2018,
        "驻村期间，驻村干部与派出单位工作完全脱钩，党员组织关系转至派驻村，参加派驻村党组织的组织生活，每月在村工作时间不少于20个工作日。",
        # 20个工作日: convention 3, every day worked in the village counts unless the county counts
        # official working days only (config `month_count_working_days`, NOTES.md readings).
        {"min_days": 20, "workdays_only": False},
        parts={"workdays_only": CONFIG},
    ),
    _p(
        "ZMD-MONTH",
        ZHUMADIAN,
        HARD,
        "每月在岗天数",
        ZHUMADIAN_2022,
        "驻村工作队员每月在岗不少于20个工作日。",
        # As JN-MONTH: 20个工作日 read by convention 3, the county may count official working days only.
        {"min_days": 20, "workdays_only": False},
        parts={"workdays_only": CONFIG},
    ),
    _p(
        "ZMD-WEEK",
        ZHUMADIAN,
        HARD,
        "每周五天四夜",
        ZHUMADIAN_2022,
        "驻村工作队员坚持每周“五天四夜”在村在岗",
        {"min_days": 5, "min_nights": 4},
    ),
    _p(
        "QH-YEAR",
        QINGHAI,
        HARD,
        "每年驻村天数",
        QINGHAI_2018,
        "完善考勤管理制度,驻村工作队每年驻村工作时间不少于200天。",
        # The subject is 驻村工作队 (NOTES.md, readings): the team's year counts the days on which a
        # majority of its members serving that day were in the village, pro-rated by the days the team
        # had members; each cadre's own days are shown beside it as information.
        {"min_days": 200, "team_day": "majority"},
        note="本条的主语是“驻村工作队”：按工作队判定。当天在任队员过半数在村的，计为工作队在村一天；"
        "工作队当年不足全年有队员在任的，按有队员在任的天数折算；队员个人在村天数列在旁边，仅供参考",
    ),
    _p(
        "SC-ATT",
        SICHUAN,
        HARD,
        "在岗情况每月统计",
        SICHUAN_2018,
        "健全考勤管理制度，驻村工作队队员与第一书记同出勤同考核，乡镇党委、政府动态掌握、每月统计驻村工作队队员在岗情况并留档备查。",
        {"monthly_statistics": True, "grace_days": 10},
        parts={"grace_days": CONFIG},
        note="每月统计的完成期限原文未规定，默认为次月10日，县可调整",
    ),
    _p(
        "JN-LEAVE",
        JINAN,
        HARD,
        "请假审批",
        JINAN_2018,
        "建立考勤管理制度，完善请销假报批程序，驻村干部离开驻村工作岗位3天以内的，经镇(街道)党(工)委批准;"
        "离开3天以上的,经县区党委组织部门批准",
        _leave_values(Decimal(3), (TOWNSHIP_COMMITTEE,), (), (COUNTY_ORG_DEPT,)),
        parts={"count_working_days": CONFIG},
    ),
    _p(
        "ZMD-LEAVE",
        ZHUMADIAN,
        HARD,
        "请假审批",
        ZHUMADIAN_2022,
        "因事因病请假的，应提出书面申请，7天以内的，报乡镇（街道）党（工）委批准，并报县（区）党委组织部、县（区）乡村振兴局备案；"
        "7天以上的，报县（区）党委组织部门、县（区）乡村振兴局和派出单位共同批准。批准请假的部门，应对驻村工作队请销假情况登记备案。"
        "（各县区可根据实际制定本地请销假制度）",
        _leave_values(
            Decimal(7),
            (TOWNSHIP_COMMITTEE,),
            (COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU),
            (COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU, DISPATCHING_UNIT),
            written_request=True,
        ),
        parts={"threshold_days": CONFIG, "count_working_days": CONFIG},
        note="天数界限可由县区按本地请销假制度调整",
    ),
    _p(
        "QH-LEAVE",
        QINGHAI,
        CONFIG,
        "请销假报批程序",
        QINGHAI_2018,
        "明确驻村干部请销假报批程序,及时掌握和统计驻村干部在岗情况。",
        _leave_values(SILENT_LEAVE_THRESHOLD_DAYS, (TOWNSHIP_COMMITTEE,), (), (COUNTY_ORG_DEPT,)),
        note="原文只要求“明确驻村干部请销假报批程序”，未规定审批层级：审批路线是本县规定，不是文件条款；"
        f"县委组织部未设置时按系统默认：{_SILENT_DAYS}天以内由乡镇党委批准，超过{_SILENT_DAYS}天由县委组织部批准",
        county_rule=_SILENT_LEAVE_RULE,
    ),
    _p(
        "SC-LEAVE",
        SICHUAN,
        CONFIG,
        "请销假报批程序",
        SICHUAN_2018,
        "健全考勤管理制度，驻村工作队队员与第一书记同出勤同考核，乡镇党委、政府动态掌握、每月统计驻村工作队队员在岗情况并留档备查。",
        # Seed 003 has no 请假/销假 clause: route and return report (销假) are both the county's own rule.
        _leave_values(
            SILENT_LEAVE_THRESHOLD_DAYS, (TOWNSHIP_COMMITTEE,), (), (COUNTY_ORG_DEPT,), return_report=True
        ),
        note="四川文件没有请销假条款（此处原文为考勤条款）：请假审批路线和假满销假都是本县规定，不是文件条款；"
        f"县委组织部未设置时按系统默认：{_SILENT_DAYS}天以内由乡镇党委批准，超过{_SILENT_DAYS}天由县委组织部批准",
        county_rule=(*_SILENT_LEAVE_RULE, "return_report"),
    ),
    _p(
        "ALL-RETURN",
        # Not Sichuan: seed 003 has no 销假 clause; there the return report is the county's own rule,
        # carried by SC-LEAVE (`return_report`, county_rule). NOTES.md item 2.
        (JINAN, QINGHAI, ZHUMADIAN),
        HARD,
        "销假",
        JINAN_2018,
        "建立考勤管理制度，完善请销假报批程序",
        {"return_report": True},
        also={
            QINGHAI: Citation(QINGHAI_2018, "明确驻村干部请销假报批程序,及时掌握和统计驻村干部在岗情况。"),
            ZHUMADIAN: Citation(
                ZHUMADIAN_2022, "实行请销假制度。……批准请假的部门，应对驻村工作队请销假情况登记备案。"
            ),
        },
    ),
    _p(
        "QH-CHECK",
        QINGHAI,
        INFO,
        "在岗检查方式",
        QINGHAI_2018,
        "各级组织部门要定期或不定期采取实地走访、固定电话查询等方式,加强对驻村干部在岗履职情况的检查。",
        {"methods": ("site_visit", "landline_call")},
    ),
    _p(
        "QH10-ABSENT",
        QINGHAI,
        HARD,
        "脱岗取消评优",
        QINGHAI_TEN_MEASURES,
        "发现驻村干部无故脱岗或被原单位抽调，取消驻村干部当年评先评优资格，派出单位领导班子年度考核不得评为优秀。",
        {"bars_member_excellent": True, "bars_unit_excellent": True},
    ),
    _p(
        "ZMD-ABSENT",
        ZHUMADIAN,
        HARD,
        "不在岗情况说明",
        ZHUMADIAN_2022,
        "发现驻村工作队员无故不在岗的，要及时进行通报，并由其本人写出情况说明，由派出单位一把手签字后报所在县（区）党委组织部、"
        "县（区）乡村振兴局，每月 25 日前，县（区）乡村振兴局汇总当月查岗中不在岗人员递交的情况说明"
        "分别报市委组织部、市乡村振兴局",
        {
            "summary_day": 25,
            "signed_by": DISPATCHING_UNIT,
            "filed_with": (COUNTY_ORG_DEPT, COUNTY_RURAL_BUREAU),
        },
    ),
    # --- Assessment, recall and consequences ------------------------------------------------------------
    _p(
        "JN-ANNUAL",
        JINAN,
        HARD,
        "年度考核",
        JINAN_2018,
        "县区党委、政府每年对驻村工作队进行一次考核检查,考核内容由各县区根据实际情况确定,年度考核结果送派出单位备案。",
        {"per_year": 1, "result_to": DISPATCHING_UNIT, **_ABSENCE_LADDER},
        parts=_ABSENCE_PARTS,
        county_rule=_ABSENCE_RULE,
    ),
    _p(
        "JN-ENDTERM",
        JINAN,
        HARD,
        "期满考察",
        JINAN_2018,
        "任职期满,由选派干部的同级党委组织部门、扶贫部门,会同派出单位、任职所在县区党委组织部门、扶贫部门,对驻村工作队队员进行期满考察,"
        "考察结果存入个人档案。",
        {"into_personal_file": True},
    ),
    _p(
        "QH-ANNUAL",
        QINGHAI,
        HARD,
        "个人年度考核",
        QINGHAI_2018,
        "第一书记和驻村工作队员个人年度考核由乡镇党委提出意见,报县(市、区)委组织部复评确定等次,所确定的考核等次直接作为派出单位的考核结果,"
        "纳入派出单位年度考核。",
        {
            "proposed_by": TOWNSHIP_COMMITTEE,
            "decided_by": COUNTY_ORG_DEPT,
            "into_personal_file": True,
            **_ABSENCE_LADDER,
        },
        parts=_ABSENCE_PARTS,
        county_rule=_ABSENCE_RULE,
        note="十项措施第6条：县（市、区）委组织部会同派出单位、乡镇党委进行考核，考核等次记入驻村干部本人档案",
    ),
    _p(
        "QH-ENDTERM",
        QINGHAI,
        HARD,
        "期满考核",
        QINGHAI_2018,
        "期满考核由县(市、区)委组织部会同派出单位,采取工作述职、查阅资料、实地察看、走访群众、民主测评等形式进行。"
        "考核结果通过一定形式向本村群众公示",
        {
            "methods": (
                "work_report",
                "document_review",
                "site_visit",
                "villager_visits",
                "democratic_evaluation",
            ),
            "published": True,
        },
    ),
    _p(
        "QH-RECALL",
        QINGHAI,
        HARD,
        "召回",
        QINGHAI_2018,
        "对庸懒散拖、不敢担当、履行职责不力的,给予批评教育和召回,并取消当年评先评优资格,是后备干部的取消后备干部资格,"
        "严格实行召回干部与约谈派出单位负责人同步双向问责",
        {"bars_excellent": True, "removes_reserve": True},
    ),
    _p(
        "QH10-BAN",
        QINGHAI,
        HARD,
        "不称职召回后的限制",
        QINGHAI_TEN_MEASURES,
        "对考核不称职且按组织程序召回的，两年内不得提拔使用、晋升职级、评先评优，也不得平级转任重要岗位。",
        {"ban_years": 2},
    ),
    _p(
        "QH10-EXCELLENT",
        QINGHAI,
        HARD,
        "优秀等次直接作为派出单位考核结果",
        QINGHAI_TEN_MEASURES,
        "考核评定为优秀等次的，要直接作为派出单位的考核结果，可不占派出单位的优秀指标。",
        # 要直接作为: binding; 可不占: the unit may leave it outside its own quota (optional, shown only)
        {"is_unit_result": True, "outside_unit_quota": True},
        parts={"outside_unit_quota": INFO},
        note="“要直接作为派出单位的考核结果”为刚性；“可不占派出单位的优秀指标”为可选，由派出单位掌握",
    ),
    _p(
        "SC-GRADES",
        SICHUAN,
        HARD,
        "年度考核等次",
        SICHUAN_2018,
        "县（市、区）每年年底对驻村工作队队员进行年度考核，按“优秀”“称职”“不称职”确定等次",
        {"grades": (EXCELLENT, COMPETENT, INCOMPETENT), **_ABSENCE_LADDER},
        parts=_ABSENCE_PARTS,
        county_rule=_ABSENCE_RULE,
    ),
    _p(
        "SC-QUOTA-EXC",
        SICHUAN,
        HARD,
        "优秀名额",
        SICHUAN_2018,
        "其中“优秀”等次名额不超过所在县（市、区）驻村工作队队员总数的２０％（不含第一书记）",
        {"max_percent": 20},
        note="按县（市、区）驻村工作队队员总数计算，不含第一书记，向下取整",
    ),
    _p(
        "SC-EXC-UNIT",
        SICHUAN,
        HARD,
        "优秀不占派出单位指标，结果记入个人档案",
        SICHUAN_2018,
        "“优秀”等次不占派出单位指标。年度考核结果记入驻村工作队队员个人档案。",
        {"outside_unit_quota": True, "into_personal_file": True},
    ),
    _p(
        "SC-INCOMPETENT",
        SICHUAN,
        HARD,
        "不称职的连带后果",
        SICHUAN_2018,
        "驻村工作队队员年度考核评为“不称职”的，派出单位及主要负责人年度考核不得评先评优。",
        {"bars_unit_excellent": True},
    ),
    _p(
        "SC-TARGET",
        SICHUAN,
        HARD,
        "目标责任书",
        SICHUAN_2018,
        "县（市、区）每年年初根据脱贫攻坚决策部署，提出驻村工作队当年度应实现的目标任务及主要标准，并采取签订目标责任书等形式予以明确，"
        "作为驻村工作队考核的主要依据。",
        {"due_month": 3},
        parts={"due_month": CONFIG},
        note="“年初”默认按一季度末（3月31日）前理解，县可调整",
    ),
    _p(
        "ZMD-ANNUAL",
        ZHUMADIAN,
        HARD,
        "年度考核",
        ZHUMADIAN_2022,
        "驻村工作队员年度考核由派驻单位根据实际情况进行，考核结果要及时反馈给派驻县（区）乡村振兴局。",
        {"decided_by": DISPATCHING_UNIT, "result_to": COUNTY_RURAL_BUREAU, **_ABSENCE_LADDER},
        parts=_ABSENCE_PARTS,
        county_rule=_ABSENCE_RULE,
    ),
    # --- Training -----------------------------------------------------------------------------------
    _p(
        "JN-TRAIN",
        JINAN,
        SOFT,
        "集中培训",
        JINAN_2018,
        "将驻村干部纳入第一书记培训范围，每年集中培训时间一般不少于5天",
        {"min_days": Decimal(5), "concentrated_only": True},
    ),
    _p(
        "QH-TRAIN",
        QINGHAI,
        HARD,
        "业务培训",
        QINGHAI_2018,
        "全面落实第一书记和驻村工作队员任前培训和集中轮训制度,保证驻村期间每年参加不少于4天的业务培训。",
        {"min_days": Decimal(4)},
    ),
    _p(
        "QH10-TRAIN-SPLIT",
        QINGHAI,
        HARD,
        "分级培训比例",
        QINGHAI_TEN_MEASURES,
        "省、市（州）、县（市、区）组织和扶贫部门每年按10%、30%、60%的比例，对驻村干部进行培训，确保驻村干部培训全覆盖。",
        {
            "shares_percent": MappingProxyType({"province": 10, "city": 30, "county": 60}),
            "full_coverage": True,
        },
    ),
    _p(
        "SC-TRAIN",
        SICHUAN,
        HARD,
        "培训天数",
        SICHUAN_2018,
        "确保驻村工作队队员每人每年培训累计不少于５天。",
        {"min_days": Decimal(5)},
    ),
    _p(
        "ZMD-TRAIN",
        ZHUMADIAN,
        HARD,
        "县级以上培训",
        ZHUMADIAN_2022,
        "确保每年至少参加一次县级以上组织的培训，每次培训不少于3天。",
        {"min_trainings": 1, "min_days": Decimal(3), "min_level": "county"},
    ),
    # --- Money -----------------------------------------------------------------------------------------
    _p(
        "QH-FUNDS",
        QINGHAI,
        HARD,
        "工作经费",
        QINGHAI_2018,
        "县(市、区)党委政府按每支工作队每年不低于1万元的标准足额落实工作经费,驻村期间产生的交通费用,可在工作经费中据实核报。",
        {"work_funds_min": 10000},
        until=QINGHAI_TEN_MEASURES.in_force_from,
        note="自十项措施起由QH10-FUNDS取代",
    ),
    _p(
        "QH10-FUNDS",
        QINGHAI,
        HARD,
        "工作经费",
        QINGHAI_TEN_MEASURES,
        "各地要适当提高驻村工作经费标准，在原有1万元基础上再增加1万元，使每个驻村工作队每年驻村工作经费不低于2万元。"
        "驻村工作经费由县级财政解决，深度贫困地区的贫困县的新增部分由省级财政通过转移支付解决。",
        {"work_funds_min": 20000},
    ),
    _p(
        "QH10-ALLOWANCE",
        QINGHAI,
        HARD,
        "生活补助",
        QINGHAI_TEN_MEASURES,
        "其中，生活补助发放与日常考勤挂钩，从派出单位公用经费中解决，按每人每天60元标准发放，驻村天数以乡镇党委提供的实际考勤天数为准。",
        {"living_allowance_per_day": Decimal(60)},
    ),
    _p(
        "SC-FUNDS",
        SICHUAN,
        HARD,
        "工作经费",
        SICHUAN_2018,
        "驻村工作队驻村工作经费每队每年不低于２万元（含第一书记驻村工作经费），艰苦边远三类以上民族地区贫困县驻村工作队驻村工作经费"
        "由省财政予以保障，其余地区驻村工作队驻村工作经费由县（市、区）列入财政年度预算予以保障。",
        {"work_funds_min": 20000},
    ),
    _p(
        "JN-FUNDS",
        JINAN,
        CONFIG,
        "工作经费与待遇补贴",
        JINAN_2018,
        "驻村工作队队员驻村期间,不转行政、工资关系,参照同级选派第一书记相关政策规定享受工作经费、待遇补贴。",
        {"work_funds_min": None, "living_allowance_per_day": None},
        note="参照同级选派第一书记标准，由县配置",
    ),
    _p(
        "ZMD-ALLOWANCE",
        ZHUMADIAN,
        CONFIG,
        "生活补助",
        ZHUMADIAN_2022,
        "派出单位可参照驻村第一书记标准发放驻村工作队员生活补助，并根据实际情况解决驻村工作队在驻村期间产生的交通费用。"
        "……保证必要工作经费，具体由地方财政统筹安排。",
        {"living_allowance_per_day": None},
        note="参照驻村第一书记标准，由县配置；工作经费原文为“由地方财政统筹安排”，未设下限",
    ),
    # --- Meetings, reports, visits ----------------------------------------------------------------------
    _p(
        "JN-MEET",
        JINAN,
        HARD,
        "工作例会",
        JINAN_2018,
        "建立工作例会制度，县区驻村工作领导小组每季度至少组织召开1次驻村工作队队长会议，镇（街道）每月至少召开1次驻村干部会议。",
        {"county_meetings_per_quarter": 1, "township_meetings_per_month": 1},
    ),
    _p(
        "QH-MEET",
        QINGHAI,
        HARD,
        "工作例会",
        QINGHAI_2018,
        "建立工作例会制度,驻村工作领导小组每季度至少组织第一书记召开1次工作会议,了解工作进展,交流工作经验,协调解决问题。",
        {"county_meetings_per_quarter": 1},
    ),
    _p(
        "SC-MEET",
        SICHUAN,
        HARD,
        "工作例会",
        SICHUAN_2018,
        "健全工作例会制度，县（市、区）每季度至少组织召开１次驻村工作队队长会议，了解工作进展，交流工作经验，协调解决问题。",
        {"county_meetings_per_quarter": 1},
    ),
    _p(
        "JN-REPORT",
        JINAN,
        HARD,
        "半年报告",
        JINAN_2018,
        "建立工作报告制度,驻村工作队每半年向县区报告一次思想、工作、学习情况",
        {"reports_per_half_year": 1},
    ),
    _p(
        "QH-COMMIT",
        QINGHAI,
        HARD,
        "年承诺、季报告",
        QINGHAI_2018,
        "规范年承诺、季报告制度,年初每个驻村工作队向乡镇党委作出帮扶工作承诺,每季度报告承诺兑现进展情况和思想、工作、学习情况。",
        {"reports_per_quarter": 1, "due_month": 3},
        parts={"due_month": CONFIG},
        note="“年初”默认按一季度末（3月31日）前理解，县可调整",
    ),
    _p(
        "SC-REPORT",
        SICHUAN,
        HARD,
        "季度报告",
        SICHUAN_2018,
        "健全工作报告制度，驻村工作队每季度向县（市、区）“五个一”帮扶力量协调小组报告思想、工作、学习情况。",
        {"reports_per_quarter": 1},
    ),
    _p(
        "SC-HOUSEHOLDS",
        SICHUAN,
        HARD,
        "每季度走遍农户",
        SICHUAN_2018,
        "每季度走遍派驻村内所有农户，做到有困难需求必到、有突发事件必到、有矛盾纠纷必到、有喜事丧事必到；"
        "党员家庭必访、困难家庭必访、危重病人家庭必访、空巢老人及留守儿童家庭必访",
        {
            "share_percent": 100,
            "must_be_there": ("hardship", "emergency", "dispute", "wedding_funeral"),
            "must_visit": ("party_member", "hardship", "critically_ill", "left_behind"),
        },
    ),
    _p(
        "QH10-LINK",
        QINGHAI,
        HARD,
        "领导联点",
        QINGHAI_TEN_MEASURES,
        "市（州）、县（市、区）、乡镇领导按照“一对一”“一对多”等方式，实现对所有贫困村联点包村全覆盖，每季度至少深入联点村1次，"
        "协调解决实际困难。",
        {"all_villages_linked": True, "visits_per_quarter": 1},
    ),
    _p(
        "QH10-CARE",
        QINGHAI,
        HARD,
        "五必访",
        QINGHAI_TEN_MEASURES,
        "落实谈心谈话制度，定期与驻村干部开展谈心谈话，做到有思想异常、生病住院、意外伤害、家庭困难、工作难度大等情形的“五必访”",
        {"situations": ("troubled", "hospitalised", "injured", "family_hardship", "heavy_workload")},
    ),
    _p(
        "ZMD-UNIT",
        ZHUMADIAN,
        HARD,
        "派出单位听取汇报和到村调研",
        ZHUMADIAN_2022,
        "派出单位党委（党组）每半年要听取一次驻村工作队工作情况汇报，主要负责同志每年至少到村调研1次，"
        "分管领导和其他班子成员累计每年到村调研不少于4次",
        {"hearings_per_half_year": 1, "head_visits_per_year": 1, "other_leader_visits_per_year": 4},
    ),
)

PROVISION_IDS: tuple[str, ...] = tuple(p.id for p in PROVISIONS)
BY_ID: Mapping[str, Provision] = MappingProxyType({p.id: p for p in PROVISIONS})
