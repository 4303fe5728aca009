"""Assessment (考核): grades and the excellent quota, the annual assessment, the end-of-term review, and
what absence, recall and a 不称职 grade bar for a cadre and its dispatching unit."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence

from ..facts import EXCELLENT, GRADES, INCOMPETENT, MEMBER, ROLES, MemberYearFacts, UnitYearFacts
from ..model import OFFICE_NAMES, Finding
from ..wording import GRADE_NAMES, REVIEW_METHOD_NAMES
from .base import ChecksBase, add_years


class AssessmentChecks(ChecksBase):
    """Grades, assessments, reviews and their consequences."""

    def check_grades(self, grades: Sequence[tuple[str, str]]) -> list[Finding]:
        """SC-GRADES and SC-QUOTA-EXC over a county's grades for a year: (role, grade) pairs."""
        for role, grade in grades:
            if role not in ROLES or grade not in GRADES:
                raise ValueError(f"无效的职务或等次：{role!r}, {grade!r}")
        found = []
        p = self.in_force("SC-GRADES")
        if p is not None:
            bad = [g for _, g in grades if g not in p.values["grades"]]
            if bad:
                names = "、".join(GRADE_NAMES[g] for g in p.values["grades"])
                found.append(
                    self._finding(p, f"有{len(bad)}人评为“{GRADE_NAMES[bad[0]]}”，考核等次只有{names}")
                )
        p = self.in_force("SC-QUOTA-EXC")
        if p is not None:
            members = sum(1 for role, _ in grades if role == MEMBER)
            excellent = sum(1 for role, g in grades if role == MEMBER and g == EXCELLENT)
            cap = self.max_excellent(members)
            if cap is not None and excellent > cap:
                found.append(
                    self._finding(
                        p,
                        f"“优秀”{excellent}人，超过队员总数{members}人的{p.values['max_percent']}%（最多{cap}人，不含第一书记）",
                    )
                )
        return found

    def check_annual_assessment(
        self,
        year: int,
        today: datetime.date,
        *,
        assessed_on: datetime.date | None = None,
        proposed_by: str | None = None,
        decided_by: str | None = None,
        reported_to: Collection[str] = (),
    ) -> list[Finding]:
        """JN-ANNUAL, QH-ANNUAL, ZMD-ANNUAL: a yearly assessment by the right office, result sent on."""
        found = []
        for provision_id in ("JN-ANNUAL", "QH-ANNUAL", "ZMD-ANNUAL"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            if assessed_on is None:
                if today > datetime.date(year, 12, 31):
                    found.append(self._finding(p, f"{year}年度未进行年度考核"))
                continue
            wanted_proposer = p.values.get("proposed_by")
            if wanted_proposer and proposed_by != wanted_proposer:
                found.append(self._finding(p, f"年度考核意见应由{OFFICE_NAMES[wanted_proposer]}提出"))
            wanted_decider = p.values.get("decided_by")
            if wanted_decider and decided_by != wanted_decider:
                found.append(self._finding(p, f"年度考核等次应由{OFFICE_NAMES[wanted_decider]}确定"))
            wanted_receiver = p.values.get("result_to")
            if wanted_receiver and wanted_receiver not in reported_to:
                found.append(self._finding(p, f"年度考核结果未送{OFFICE_NAMES[wanted_receiver]}"))
        return found

    def check_term_review(
        self,
        term_end: datetime.date,
        today: datetime.date,
        *,
        reviewed_on: datetime.date | None = None,
        in_personal_file: bool = False,
        methods: Collection[str] = (),
        published: bool = False,
    ) -> list[Finding]:
        """JN-ENDTERM, QH-ENDTERM: the end-of-term review, its methods, file and publication."""
        found = []
        for provision_id in ("JN-ENDTERM", "QH-ENDTERM"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            if reviewed_on is None:
                if today > term_end:
                    found.append(self._finding(p, f"任期已于{term_end.isoformat()}期满，尚未进行期满考核"))
                continue
            if p.values.get("into_personal_file") and not in_personal_file:
                found.append(self._finding(p, "期满考察结果未存入个人档案"))
            missing = [m for m in p.values.get("methods", ()) if m not in methods]
            if missing:
                found.append(
                    self._finding(p, "期满考核缺少" + "、".join(REVIEW_METHOD_NAMES[m] for m in missing))
                )
            if p.values.get("published") and not published:
                found.append(self._finding(p, "期满考核结果未向本村群众公示"))
        return found

    def check_member_year(self, facts: MemberYearFacts) -> list[Finding]:
        """QH10-ABSENT, QH-RECALL, QH10-BAN: what absence, recall and a 不称职 recall bar for a cadre."""
        found = []
        excellent = facts.grade == EXCELLENT
        p = self.in_force("QH10-ABSENT")
        if p is not None and excellent and (facts.unexcused_absence or facts.called_back_by_unit):
            found.append(
                self._finding(p, f"{facts.year}年有无故脱岗或被原单位抽调情形，取消当年评先评优资格")
            )
        p = self.in_force("QH-RECALL")
        if p is not None and facts.recalled_on is not None and facts.recalled_on.year == facts.year:
            if excellent:
                found.append(self._finding(p, f"{facts.year}年被召回，取消当年评先评优资格"))
            if facts.is_reserve:
                found.append(self._finding(p, "被召回的后备干部应取消后备干部资格"))
        p = self.in_force("QH10-BAN")
        if p is not None and facts.incompetent_recall_on is not None:
            start = facts.incompetent_recall_on
            end = add_years(start, p.values["ban_years"])
            if (
                excellent
                and datetime.date(facts.year, 1, 1) < end
                and datetime.date(facts.year, 12, 31) >= start
            ):
                found.append(self._finding(p, f"{start.isoformat()}因不称职被召回，两年内不得评先评优"))
            for when, what in (
                (facts.promoted_on, "提拔使用、晋升职级"),
                (facts.important_post_on, "平级转任重要岗位"),
            ):
                if when is not None and start <= when < end:
                    found.append(self._finding(p, f"{start.isoformat()}因不称职被召回，两年内不得{what}"))
        return found

    def check_unit_year(self, facts: UnitYearFacts) -> list[Finding]:
        """QH10-ABSENT (unit side) and SC-INCOMPETENT: a dispatching unit's own grade."""
        found = []
        p = self.in_force("QH10-ABSENT")
        if p is not None and facts.member_absent_or_called_back and facts.leadership_grade == EXCELLENT:
            found.append(self._finding(p, "派出单位有驻村干部无故脱岗或被抽调，领导班子年度考核不得评为优秀"))
        p = self.in_force("SC-INCOMPETENT")
        if p is not None and INCOMPETENT in facts.member_grades:
            if EXCELLENT in (facts.leadership_grade, facts.head_grade):
                found.append(
                    self._finding(p, "派出单位有驻村工作队员年度考核不称职，派出单位及主要负责人不得评先评优")
                )
        return found
