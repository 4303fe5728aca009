"""Who proposes and who decides a cadre's annual grade, which grades exist, and the 优秀 cap box.

Plain Python. Where a document names the offices (QH-ANNUAL 乡镇党委提出意见…县委组织部复评确定等次,
ZMD-ANNUAL 由派驻单位…进行) the provision's values say so; where it names only "the county" (JN-ANNUAL
县区党委、政府每年…考核检查, SC-GRADES 县（市、区）每年年底…年度考核) the county organisation department acts
for it (DESIGN.md: the county office holds the grades), and nobody proposes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .facts import BASICALLY_COMPETENT, COMPETENT, GRADES, INCOMPETENT
from .model import COUNTY_ORG_DEPT

if TYPE_CHECKING:
    from .policy import Policy

# The first provision in force that says who assesses wins.
ROUTE_IDS = ("QH-ANNUAL", "ZMD-ANNUAL", "JN-ANNUAL", "SC-GRADES")


@dataclass(frozen=True)
class AssessmentRoute:
    """``proposer`` may be None (nobody proposes); ``decider`` fixes the grade; ``result_to`` are the
    offices the result is sent to after the round closes."""

    proposer: str | None
    decider: str
    result_to: tuple[str, ...]
    provision: str


def assessment_route(policy: Policy) -> AssessmentRoute:
    for provision_id in ROUTE_IDS:
        p = policy.in_force(provision_id)
        if p is None:
            continue
        receiver = p.values.get("result_to")
        return AssessmentRoute(
            proposer=p.values.get("proposed_by"),
            decider=p.values.get("decided_by") or COUNTY_ORG_DEPT,
            result_to=(receiver,) if receiver else (),
            provision=p.id,
        )
    return AssessmentRoute(proposer=None, decider=COUNTY_ORG_DEPT, result_to=(), provision="")


@dataclass(frozen=True)
class GradeSet:
    grades: tuple[str, ...]
    provision: str  # "" where the policy keeps the four grades of the vocabulary


def allowed_grades(policy: Policy) -> GradeSet:
    """SC-GRADES: 优秀 / 称职 / 不称职 only; the other policies keep all four grades."""
    p = policy.in_force("SC-GRADES")
    if p is None:
        return GradeSet(GRADES, "")
    return GradeSet(tuple(p.values["grades"]), p.id)


@dataclass(frozen=True)
class ExcellentCap:
    """SC-QUOTA-EXC as the page shows it: the base (team members, first secretaries excluded), the
    percent, the rounding and the slots left."""

    members: int
    first_secretaries: int
    percent: int
    cap: int
    used: int
    provision: str
    rounding: str = "向下取整"

    @property
    def left(self) -> int:
        return max(0, self.cap - self.used)


def excellent_cap(policy: Policy, *, members: int, first_secretaries: int, used: int) -> ExcellentCap | None:
    cap = policy.max_excellent(members)
    p = policy.in_force("SC-QUOTA-EXC")
    if cap is None or p is None:
        return None
    return ExcellentCap(
        members=members,
        first_secretaries=first_secretaries,
        percent=p.values["max_percent"],
        cap=cap,
        used=used,
        provision=p.id,
    )


# A reason and a refusal naming the county's own ladder (本县规定) and the row that carries it.
ABSENCE_CAP_MSG = (
    "本县规定（县级设置，{provision}）：{year}年无故脱岗{absences}次，达到{threshold}次的{effect}"
)
_ABSENCE_EFFECTS = {
    COMPETENT: "不得评为优秀",
    BASICALLY_COMPETENT: "最高评为基本称职",
    INCOMPETENT: "评为不称职",
}


@dataclass(frozen=True)
class AbsenceCap:
    """The best grade a cadre may get under the county's ladder of unexcused absences: ``best`` and the
    grades above it are out. ``key`` is the county setting (config key) whose step was reached."""

    best: str
    absences: int
    threshold: int
    key: str
    provision: str

    def allows(self, grade: str) -> bool:
        return GRADES.index(grade) >= GRADES.index(self.best)

    def message(self, year: int) -> str:
        return ABSENCE_CAP_MSG.format(
            provision=self.provision,
            year=year,
            absences=self.absences,
            threshold=self.threshold,
            effect=_ABSENCE_EFFECTS[self.best],
        )
