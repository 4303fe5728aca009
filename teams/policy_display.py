"""The county policy pages in words: provisions grouped as in PROVISIONS.md, each value in words, the
reading conventions where they matter, the leave route on sample lengths and the history of the county's
settings.

Everything shown comes from ``teams.rules``; this module only arranges it for reading. The views are in
``teams.policy_views``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from . import rules
from .county_policy import override_problem
from .models import PolicyOverride, Region
from .rules.config import coerce
from .rules.wording import (
    CARE_NAMES,
    EXPERTISE_NAMES,
    GRADE_NAMES,
    LEVEL_NAMES,
    NEED_NAMES,
    PARTY_NAMES,
    RANK_NAMES,
    REVIEW_METHOD_NAMES,
    ROLE_NAMES,
)

# --- groups and reading conventions (PROVISIONS.md) ---------------------------------------------

GROUPS: tuple[tuple[str, str], ...] = (
    ("team", "队伍组成"),
    ("attendance", "在岗与请销假"),
    ("assessment", "考核"),
    ("training", "培训"),
    ("money", "经费"),
    ("meetings", "会议报告走访"),
)

# The sections of PROVISIONS.md; a test keeps this equal to the document's own sections.
_GROUP_IDS: Mapping[str, tuple[str, ...]] = {
    "team": (
        "JN-TEAM-SIZE", "JN-TEAM-ORIGIN", "JN-LEADER", "JN-TERM", "JN-SELECT", "JN-MATCH", "QH-TEAM", "QH-AGE",
        "QH-FS-PARTY", "QH-FS-RANK", "QH-BILINGUAL", "QH-MATCH", "QH-ADJUST", "QH10-TERM", "QH10-GRAD",
        "SC-COVER", "SC-STAFF", "SC-TEAM", "SC-TERM", "SC-QUOTA", "SC-AID", "SC-LIANGSHAN", "SC-PROC",
        "ZMD-TEAM", "ZMD-TERM", "ZMD-CHANGE", "ALL-NO-WITHDRAW",
    ),
    "attendance": (
        "JN-MONTH", "ZMD-MONTH", "ZMD-WEEK", "QH-YEAR", "SC-ATT", "JN-LEAVE", "ZMD-LEAVE", "QH-LEAVE",
        "SC-LEAVE", "ALL-RETURN", "QH-CHECK", "QH10-ABSENT", "ZMD-ABSENT",
    ),
    "assessment": (
        "JN-ANNUAL", "JN-ENDTERM", "QH-ANNUAL", "QH-ENDTERM", "QH-RECALL", "QH10-BAN", "QH10-EXCELLENT",
        "SC-EXC-UNIT", "SC-GRADES", "SC-QUOTA-EXC", "SC-INCOMPETENT", "SC-TARGET", "ZMD-ANNUAL",
    ),
    "training": ("JN-TRAIN", "QH-TRAIN", "QH10-TRAIN-SPLIT", "SC-TRAIN", "ZMD-TRAIN"),
    "money": ("QH-FUNDS", "QH10-FUNDS", "QH10-ALLOWANCE", "SC-FUNDS", "JN-FUNDS", "ZMD-ALLOWANCE"),
    "meetings": (
        "JN-MEET", "QH-MEET", "SC-MEET", "JN-REPORT", "QH-COMMIT", "SC-REPORT", "SC-HOUSEHOLDS", "QH10-LINK",
        "QH10-CARE", "ZMD-UNIT",
    ),
}  # fmt: skip
GROUP_OF: Mapping[str, str] = {pid: group for group, ids in _GROUP_IDS.items() for pid in ids}

CONVENTIONS: Mapping[int, str] = {
    # The N of the county's own leave provision is added by ``provision_row`` (issue 10, correction 12:
    # no other policy's threshold is written here).
    1: "“N天以内……N天以上……”以N为界：请假不超过N天的按“以内”路线审批，超过N天的按“以上”路线审批"
    "。两处原文都包含N，唯一前后一致的理解是“≤N / >N”。",
    2: "请假天数按日历天数计算，首尾两天均计入，可请半天；县可改为按工作日计算。",
    3: "在岗天数指驻村干部在村在岗的日历天数，不论是否工作日；国家法定工作日（含调休）另行列示。"
    "济南、驻马店原文为“20个工作日”：默认凡在村工作的日子都计入，县可改为只计国家法定工作日（含调休上班日和本县工作日调整），"
    "折算也按工作日计算。",
    4: "当月（当年）只有部分时间在任的，按在任天数折算最低天数，向上取整，并在报表中注明系折算。",
    5: "文件未作规定或留给县区自定的事项，由县级设置；系统先按本政策默认值执行，并记录修改人、时间和理由。",
    6: "同一数值同时出现在两档中的（四川：50人、100人），按较严的一档执行。",
}
_CONVENTIONS_OF: Mapping[str, tuple[int, ...]] = {
    "JN-LEAVE": (1, 2),
    "ZMD-LEAVE": (1, 2, 5),
    "QH-LEAVE": (1, 2, 5),
    "SC-LEAVE": (1, 2, 5),
    "JN-MONTH": (3, 4),
    "ZMD-MONTH": (3, 4),
    "ZMD-WEEK": (3,),
    "QH-YEAR": (3, 4),
    "SC-QUOTA": (6,),
    "JN-FUNDS": (5,),
    "ZMD-ALLOWANCE": (5,),
}

# Sample leave lengths on the route table; the threshold and the half day and day after it are added.
SAMPLE_LEAVE_DAYS = (
    Decimal(1),
    Decimal(3),
    Decimal("3.5"),
    Decimal(4),
    Decimal(7),
    Decimal("7.5"),
    Decimal(8),
)


# --- values in words --------------------------------------------------------------------------------


def num_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _times(value: Any) -> str:
    """A step of the county's ladder of unexcused absences: "未设置" or "年度内达到N次"."""
    return "未设置" if value is None else f"年度内达到{value}次"


def _yes(value: Any) -> str:
    return "是" if value else "否"


def _offices(value: Iterable[str]) -> str:
    return "、".join(rules.OFFICE_NAMES[o] for o in value) or "无"


def _names(names: Mapping[str, str], joiner: str = "、") -> Callable[[Any], str]:
    return lambda value: joiner.join(names.get(v, v) for v in value)


def _per_level(names: Mapping[str, str]) -> Callable[[Any], str]:
    def fmt(value: Mapping[str, Any]) -> str:
        parts = []
        for level, ranks in value.items():
            ranks = (ranks,) if isinstance(ranks, str) else ranks
            parts.append(f"{LEVEL_NAMES.get(level, level)}：{'或'.join(names.get(r, r) for r in ranks)}")
        return "；".join(parts)

    return fmt


def _brackets(value: Iterable[tuple[int, int]]) -> str:
    parts, above = [], None
    for floor, people in sorted(value, reverse=True):
        if above is None:
            span = f"{floor}人及以上"
        elif floor == 0:
            span = f"不足{above}人"
        else:
            span = f"{floor}至{above - 1}人"
        parts.append(f"在编{span}的单位不少于{people}人")
        above = floor
    return "；".join(parts)


def _date(value: datetime.date) -> str:
    return f"{value:%Y-%m-%d}"


def _threshold(value: Decimal | None) -> str:
    if value is None:
        return "未设置（每次请假均按上级路线审批）"
    return f"{num_text(value)}天：不超过{num_text(value)}天为“以内”，超过{num_text(value)}天为“以上”"


def _money(unit: str, unset: str) -> Callable[[Any], str]:
    return lambda value: unset if value is None else f"{num_text(value)}{unit}"


_CHECK_METHOD_NAMES = {"site_visit": "实地走访", "landline_call": "固定电话查询"}
# SC-HOUSEHOLDS (seed 003: 有困难需求必到…；党员家庭必访…)
_MUST_BE_THERE = {
    "hardship": "有困难需求",
    "emergency": "有突发事件",
    "dispute": "有矛盾纠纷",
    "wedding_funeral": "有喜事丧事",
}
_MUST_VISIT = {
    "party_member": "党员家庭",
    "hardship": "困难家庭",
    "critically_ill": "危重病人家庭",
    "left_behind": "空巢老人及留守儿童家庭",
}

VALUE_LABELS: Mapping[str, tuple[str, Callable[[Any], str]]] = {
    "min_members": ("最少人数", lambda v: f"{v}人"),
    "max_members": ("最多人数", lambda v: f"{v}人"),
    "increase_from": ("允许增配", lambda v: f"可增配到{v}人及以上（允许，不是必须）"),
    "unit_levels": ("选派单位层级", _names(LEVEL_NAMES)),
    "leader_role": ("队长", lambda v: f"由{ROLE_NAMES.get(v, v)}兼任"),
    "min_term_years": ("每期期限", lambda v: f"不少于{v}年"),
    "no_rotation": ("期间一般不轮换", _yes),
    "village_needs": (
        "因村选派",
        lambda v: "；".join(f"{NEED_NAMES.get(k, k)}→{'或'.join(EXPERTISE_NAMES.get(e, e) for e in es)}"
                           for k, es in v.items()),
    ),
    "team_size": ("队伍人数", lambda v: f"{v}人"),
    "first_secretaries": ("第一书记（任队长）", lambda v: f"{v}人"),
    "pairing_unit_members": ("结对帮扶单位干部", lambda v: f"{v}人"),
    "township_members": ("乡镇干部", lambda v: f"{v}人"),
    "max_age": ("年龄", lambda v: f"一般不超过{v}周岁"),
    "party_status": ("政治面貌", lambda v: f"{PARTY_NAMES.get(v, v)}（正式党员）"),
    "organ_ranks": ("机关选派职级", _per_level(RANK_NAMES)),
    "reserve_ranks": ("后备干部", _per_level({k: f"{n}后备" for k, n in RANK_NAMES.items()})),
    "enterprise_ranks": ("企事业单位", _names(RANK_NAMES, "或")),
    "bilingual_for_ethnic_areas": ("民族地区优先懂双语", _yes),
    "first_secretary_term_end": ("第一书记任期至", _date),
    "min_work_years": ("工作经历", lambda v: f"{v}年以上"),
    "teams_per_village": ("每村工作队", lambda v: f"{v}支"),
    "on_staff": ("在编在岗", _yes),
    "includes_first_secretary": ("人数含第一书记", _yes),
    "fallback_leader_ranks": ("第一书记不宜兼任时的队长", lambda v: "或".join(RANK_NAMES.get(r, r) for r in v)
                              + "（含后备）干部"),
    "term_years": ("每期期限", lambda v: f"{v}年"),
    "brackets": ("按在编人数选派", _brackets),
    "min_share_percent": ("选派人数", lambda v: f"不低于受扶县贫困村总数的{v}%"),
    "leader_ranks": ("非第一书记任队长时", _per_level(RANK_NAMES)),
    "or_first_secretary_term": ("也可与第一书记派驻时间相同", _yes),
    "filing_days": ("备案期限", lambda v: f"调整后{v}天内"),
    "filed_with": ("报送", _offices),
    "campaign_end": ("适用期间", lambda v: f"脱贫攻坚期内（至{_date(v)}）"),
    "min_days": ("天数", lambda v: f"不少于{num_text(v)}天"),
    "min_nights": ("夜数", lambda v: f"不少于{v}夜"),
    "monthly_statistics": ("每月统计在岗情况", _yes),
    "grace_days": ("统计完成期限", lambda v: f"次月{v}日前"),
    "threshold_days": ("审批天数界限", _threshold),
    "count_working_days": ("天数计算", lambda v: "按工作日" if v else "按日历天数（含首尾两天，可半天）"),
    "team_day": ("工作队在村日", lambda v: "当天在任队员过半数在村的日子" if v == "majority" else str(v)),
    "workdays_only": ("“20个工作日”的计法", lambda v: "只计国家法定工作日（含调休上班日）在村的天数，折算也按工作日"
                      if v else "凡在村工作的日子都计入（含周末和节假日）"),
    "lower_approvers": ("界限以内：批准", _offices),
    "lower_filed_with": ("界限以内：备案", _offices),
    "upper_approvers": ("超过界限：批准", lambda v: _offices(v) + ("共同批准" if len(v) > 1 else "")),
    "upper_filed_with": ("超过界限：备案", _offices),
    "written_request": ("书面请假", _yes),
    "return_report": ("假满销假", _yes),
    "methods": ("方式", _names({**REVIEW_METHOD_NAMES, **_CHECK_METHOD_NAMES})),
    "bars_member_excellent": ("取消本人当年评先评优资格", _yes),
    "bars_unit_excellent": ("派出单位（领导班子）不得评先评优", _yes),
    "summary_day": ("县级汇总", lambda v: f"每月{v}日前汇总当月情况说明报市"),
    "signed_by": ("签字", lambda v: f"{rules.OFFICE_NAMES.get(v, v)}主要负责人"),
    "per_year": ("考核次数", lambda v: f"每年{v}次"),
    "result_to": ("结果送", lambda v: rules.OFFICE_NAMES.get(v, v)),
    "into_personal_file": ("结果存入个人档案", _yes),
    "proposed_by": ("提出意见", lambda v: rules.OFFICE_NAMES.get(v, v)),
    "decided_by": ("确定等次", lambda v: rules.OFFICE_NAMES.get(v, v)),
    "published": ("结果向群众公开", _yes),
    "bars_excellent": ("取消当年评先评优资格", _yes),
    "removes_reserve": ("取消后备干部资格", _yes),
    "ban_years": ("限制期限", lambda v: f"{v}年内不得提拔使用、评先评优、调整到重要岗位"),
    "outside_unit_quota": ("不占派出单位优秀指标", _yes),
    "is_unit_result": ("直接作为派出单位的考核结果", _yes),
    "must_be_there": ("必到", _names(_MUST_BE_THERE)),
    "must_visit": ("必访", _names(_MUST_VISIT)),
    "all_villages_linked": ("联点包村覆盖所有贫困村", _yes),
    "grades": ("等次", _names(GRADE_NAMES)),
    "max_percent": ("“优秀”比例", lambda v: f"不超过{v}%（不含第一书记，向下取整）"),
    "due_month": ("“年初”截止", lambda v: f"每年{v}月底前"),
    "absences_no_excellent": ("无故脱岗不得评为优秀（本县规定）", _times),
    "absences_at_most_basic": ("无故脱岗最高评为基本称职（本县规定）", _times),
    "absences_incompetent": ("无故脱岗评为不称职（本县规定）", _times),
    "concentrated_only": ("只计集中培训", _yes),
    "shares_percent": ("分级培训比例", lambda v: "、".join(f"{LEVEL_NAMES.get(k, k)}{p}%" for k, p in v.items())),
    "full_coverage": ("全员轮训", _yes),
    "min_trainings": ("培训次数", lambda v: f"每年至少{v}次"),
    "min_level": ("组织层级", lambda v: f"{LEVEL_NAMES.get(v, v)}以上"),
    "work_funds_min": ("工作经费下限", _money("元/队/年", "未设置（参照同级第一书记标准，由县设置）")),
    "living_allowance_per_day": ("生活补助标准", _money("元/人/天", "未设置（参照第一书记标准，由县设置）")),
    "county_meetings_per_quarter": ("县级例会", lambda v: f"每季度至少{v}次"),
    "township_meetings_per_month": ("乡镇例会", lambda v: f"每月至少{v}次"),
    "reports_per_half_year": ("报告", lambda v: f"每半年{v}次"),
    "reports_per_quarter": ("报告", lambda v: f"每季度{v}次"),
    "share_percent": ("走访农户", lambda v: f"每季度走访{v}%的农户"),
    "visits_per_quarter": ("到联点村", lambda v: f"每季度至少{v}次"),
    "situations": ("必访情形", _names(CARE_NAMES)),
    "hearings_per_half_year": ("听取工作汇报", lambda v: f"每半年{v}次"),
    "head_visits_per_year": ("主要负责同志到村调研", lambda v: f"每年至少{v}次"),
    "other_leader_visits_per_year": ("其他班子成员到村调研", lambda v: f"每年累计不少于{v}次"),
}  # fmt: skip


def value_text(key: str, value: Any) -> str:
    """A provision value in words, e.g. ("threshold_days", Decimal(7)) → "7天：不超过7天为…"."""
    label_fmt = VALUE_LABELS.get(key)
    if label_fmt is None:
        return num_text(value)
    return label_fmt[1](value)


# Shorter words for tables (settings, history) where the long form would repeat itself.
_SHORT: Mapping[str, Callable[[Any], str]] = {
    "threshold_days": lambda v: "未设置" if v is None else f"{num_text(v)}天",
}


def short_text(key: str, value: Any) -> str:
    short = _SHORT.get(key)
    return short(value) if short else value_text(key, value)


def config_value_text(key: str, raw: Any) -> str:
    """A stored override value (JSON) of config key ``key`` in words."""
    config = rules.CONFIG_BY_KEY.get(key)
    if config is None:
        return str(raw)
    try:
        value = coerce(config, raw)
    except ValueError:
        return str(raw)
    return short_text(config.value_key, value)


# --- what the page shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueRow:
    key: str
    label: str
    text: str
    strength: str  # the label of the part's strength where it differs from the row's, else ""
    override: rules.Override | None = None
    default_text: str = ""
    county_rule: bool = False  # no seed sets it: the county's own rule (本县规定), not the document's


@dataclass(frozen=True)
class ProvisionRow:
    provision: rules.Provision
    values: list[ValueRow]
    strengths: list[tuple[str, str]]  # (code, Chinese label), the row's strength first
    conventions: list[tuple[int, str]]
    overrides: list[rules.Override]
    county_rule: bool = False  # some of its values are the county's own rule (QH-LEAVE, SC-LEAVE)


@dataclass(frozen=True)
class LeaveSample:
    days: Decimal
    route: rules.Route

    @property
    def days_text(self) -> str:
        return num_text(self.days)


@dataclass(frozen=True)
class LeaveSummary:
    provision: rules.Provision
    threshold: Decimal | None
    lower: rules.Route | None
    upper: rules.Route
    samples: list[LeaveSample]
    working_days: bool

    @property
    def threshold_text(self) -> str:
        return "" if self.threshold is None else num_text(self.threshold)


@dataclass(frozen=True)
class HistoryRow:
    row: PolicyOverride
    label: str
    old_text: str
    new_text: str
    current: bool
    ignored: str = ""  # why a stored value is not in force (outside the key's range), else ""


@dataclass
class Group:
    code: str
    title: str
    rows: list[ProvisionRow] = field(default_factory=list)


def convention_text(number: int, provision: rules.Provision) -> str:
    """A reading convention as this provision applies it: convention 1 names the provision's own N."""
    text = CONVENTIONS[number]
    threshold = provision.values.get("threshold_days") if number == 1 else None
    if threshold is not None:
        text = text.replace("路线审批。", f"路线审批（本县N={num_text(threshold)}）。", 1)
    return text


def provision_row(provision: rules.Provision) -> ProvisionRow:
    overrides_by_value = {rules.CONFIG_BY_KEY[o.key].value_key: o for o in provision.overrides if o.key}
    values = []
    for key, value in provision.values.items():
        part = provision.strength_of(key)
        override = overrides_by_value.get(key)
        values.append(
            ValueRow(
                key=key,
                label=VALUE_LABELS.get(key, (key, num_text))[0],
                text=value_text(key, value),
                strength=part.label if part is not provision.strength else "",
                override=override,
                default_text=value_text(key, override.default) if override else "",
                county_rule=key in provision.county_rule,
            )
        )
    order = [
        provision.strength,
        *(s for s in rules.Strength if s in provision.strengths and s is not provision.strength),
    ]
    return ProvisionRow(
        provision=provision,
        values=values,
        strengths=[(s.value, s.label) for s in order],
        conventions=[(n, convention_text(n, provision)) for n in _CONVENTIONS_OF.get(provision.id, ())],
        overrides=list(provision.overrides),
        county_rule=bool(provision.county_rule),
    )


def grouped(policy: rules.Policy) -> list[Group]:
    groups = {code: Group(code, title) for code, title in GROUPS}
    other = Group("other", "其他")
    for provision in policy.provisions:
        groups.get(GROUP_OF.get(provision.id, ""), other).rows.append(provision_row(provision))
    return [g for g in (*groups.values(), other) if g.rows]


def leave_summary(policy: rules.Policy) -> LeaveSummary | None:
    provision = policy.leave_provision
    if provision is None:
        return None
    threshold: Decimal | None = provision.values["threshold_days"]
    days = set(SAMPLE_LEAVE_DAYS)
    if threshold is not None:
        days |= {threshold, threshold + Decimal("0.5"), threshold + 1}
    return LeaveSummary(
        provision=provision,
        threshold=threshold,
        lower=policy.leave_route(threshold) if threshold is not None else None,
        upper=policy.leave_route(threshold + Decimal("0.5") if threshold is not None else 1),
        samples=[LeaveSample(d, policy.leave_route(d)) for d in sorted(days)],
        working_days=policy.leave_counts_working_days,
    )


def override_history(county: Region) -> list[HistoryRow]:
    """Every change of the county's settings, newest first, each with the value it replaced."""
    rows = list(
        PolicyOverride.objects.filter(county=county).select_related("created_by").order_by("created_at", "pk")
    )
    previous: dict[str, Any] = {}
    latest: dict[str, int] = {}
    history = []
    policy = rules.policy_for(county.policy_code, timezone.localdate())
    applicable = {c.key for c in policy.configurable()}
    for row in rows:
        config = rules.CONFIG_BY_KEY.get(row.key)
        label = config.label if config else row.key
        problem = override_problem(policy, row.key, row.value) if row.key in applicable else None
        if problem is not None:  # ignored by county_policy: the value before it stays in force
            history.append(HistoryRow(row, label, "—", str(row.value)[:40], False, problem))
            continue
        if row.key in previous:
            old_text = config_value_text(row.key, previous[row.key])
        elif config is not None and row.provision in rules.BY_ID:
            old_text = short_text(config.value_key, rules.BY_ID[row.provision].values.get(config.value_key))
            old_text += "（文件默认）"
        else:
            old_text = "—"
        history.append(HistoryRow(row, label, old_text, config_value_text(row.key, row.value), False))
        previous[row.key] = row.value
        latest[row.key] = row.pk
    current = set(latest.values())
    return [
        HistoryRow(h.row, h.label, h.old_text, h.new_text, h.row.pk in current, h.ignored)
        for h in reversed(history)
    ]


def threshold_help(policy: rules.Policy) -> str:
    unset = policy.with_overrides(leave_threshold_days=None)
    return (
        "不超过该天数的请假按“以内”路线审批，超过的按“以上”路线审批；"
        f"留空表示不设界限，每次请假均{unset.leave_route(1).description}"
    )


def policy_dates(code: str, today: datetime.date) -> list[datetime.date]:
    """Dates on which provisions of policy ``code`` came into or went out of force, then today."""
    dates = set()
    for provision in rules.PROVISIONS:
        if code in provision.policies:
            effective = provision.for_policy(code)
            dates.add(effective.in_force_from)
            if effective.in_force_until:
                dates.add(effective.in_force_until)
    return sorted(d for d in dates if d <= today)


def configurable_rows(policy: rules.Policy) -> list[tuple[rules.Configurable, str, str, bool]]:
    """The values the county may set: (value, its text, the default's text, whether it is the county's own
    rule because the seed is silent — the default is then the product's, 本县规定)."""
    return [
        (
            c,
            short_text(rules.CONFIG_BY_KEY[c.key].value_key, c.value),
            short_text(rules.CONFIG_BY_KEY[c.key].value_key, c.default),
            rules.CONFIG_BY_KEY[c.key].value_key in policy.provision(c.provision).county_rule,
        )
        for c in policy.configurable()
    ]
