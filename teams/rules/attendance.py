"""What the leave and spot-check workflows read from a policy: who requires the return report (销假) and
what an unexcused absence found by a spot check leads to.

Plain Python like the rest of the package. Everything is derived from the provisions in force, never from
the policy's name, so a county sees only its own policy's consequences (issue 10, corrections 5 and 6).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import OFFICE_NAMES, Provision
from .policy import Policy

# Where a policy's month or year count reads an absent day (the first in force wins).
_COUNT_IDS = ("JN-MONTH", "ZMD-MONTH", "QH-YEAR", "SC-ATT")


@dataclass(frozen=True)
class ReturnRule:
    """Who requires the return report: a provision of the seed (ALL-RETURN) or the county's own rule."""

    provision: str
    is_county_rule: bool  # Sichuan: seed 003 has no 销假 clause, the step is the county's (SC-LEAVE)

    @property
    def citation(self) -> str:
        """Chinese, for messages: "ALL-RETURN" or "本县规定，SC-LEAVE"."""
        return f"本县规定，{self.provision}" if self.is_county_rule else self.provision


def return_rule(policy: Policy) -> ReturnRule | None:
    """ALL-RETURN where a seed has it (Jinan, Qinghai, Zhumadian); else the county's own return step that
    the leave row carries (SC-LEAVE `return_report`); None when the policy has neither."""
    if policy.in_force("ALL-RETURN") is not None:
        return ReturnRule("ALL-RETURN", is_county_rule=False)
    leave = policy.leave_provision
    if leave is not None and leave.values.get("return_report"):
        return ReturnRule(leave.id, is_county_rule="return_report" in leave.county_rule)
    return None


@dataclass(frozen=True)
class Consequence:
    """One thing an unexcused absence leads to under one provision (text in Chinese, without the id)."""

    provision: str
    text: str

    @property
    def message(self) -> str:
        return f"{self.text}（{self.provision}）"


@dataclass(frozen=True)
class UnexcusedAbsence:
    """What a policy attaches to an unexcused absence (无故不在岗) found by a spot check."""

    explanation: Provision | None  # ZMD-ABSENT when in force: the cadre's 情况说明, signed by the unit head
    consequences: tuple[Consequence, ...]

    @property
    def needs_explanation(self) -> bool:
        return self.explanation is not None

    @property
    def provisions(self) -> tuple[str, ...]:
        return tuple(c.provision for c in self.consequences)

    @property
    def text(self) -> str:
        """Every consequence with its provision id, e.g. "…（QH10-ABSENT）；…（QH-YEAR）"."""
        return "；".join(c.message for c in self.consequences)


def unexcused_absence(policy: Policy) -> UnexcusedAbsence:
    """Seed 004 第十八条 (ZMD-ABSENT) asks for a written explanation signed by the dispatching unit's head,
    collected by the county bureau by the 25th; only there does the explanation workflow run. Qinghai's
    Ten Measures (QH10-ABSENT) cancel the cadre's 评先评优 for the year and bar the unit's leadership from
    优秀. Every policy counts the day as 不在岗 in its own month or year figure (JN-MONTH, ZMD-MONTH,
    QH-YEAR, SC-ATT); Jinan adds nothing else (000: 考勤情况作为驻村干部日常考核的重要内容), nor does
    Sichuan (003: 乡镇党委、政府…每月统计驻村工作队队员在岗情况并留档备查)."""
    consequences = []
    explanation = policy.in_force("ZMD-ABSENT")
    if explanation is not None:
        offices = "、".join(OFFICE_NAMES[o] for o in explanation.values["filed_with"])
        signer = OFFICE_NAMES[explanation.values["signed_by"]]
        consequences.append(
            Consequence(
                explanation.id,
                f"本人写出情况说明，经{signer}主要负责人签字后报{offices}；"
                f"县乡村振兴局每月{explanation.values['summary_day']}日前汇总报市",
            )
        )
    barred = policy.in_force("QH10-ABSENT")
    if barred is not None:
        parts = []
        if barred.values.get("bars_member_excellent"):
            parts.append("取消本人当年评先评优资格")
        if barred.values.get("bars_unit_excellent"):
            parts.append("派出单位领导班子当年年度考核不得评为优秀")
        if parts:
            consequences.append(Consequence(barred.id, "，".join(parts)))
    counted = next((p for pid in _COUNT_IDS if (p := policy.in_force(pid)) is not None), None)
    if counted is not None:
        consequences.append(Consequence(counted.id, _COUNT_TEXT[counted.id]))
    return UnexcusedAbsence(explanation=explanation, consequences=tuple(consequences))


_COUNT_TEXT = {
    "JN-MONTH": "当日计为不在岗，不计入当月在村工作日；考勤情况作为驻村干部日常考核的重要内容",
    "ZMD-MONTH": "当日计为不在岗，不计入当月在岗工作日",
    "QH-YEAR": "当日计为不在岗，不计入当年驻村工作天数",
    "SC-ATT": "当日计为不在岗，计入乡镇每月在岗情况统计并留档备查（同出勤同考核）",
}
