"""Plain input values for the checks: the Django side turns rows into these, the rules judge them.

Vocabularies are the codes of the Django choices (teams/choices.py); the rules keep their own copies
so that they never import Django. Their Chinese words are in `wording`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# Membership roles.
FIRST_SECRETARY = "first_secretary"
MEMBER = "member"
ROLES = (FIRST_SECRETARY, MEMBER)
RoleCode = Literal["first_secretary", "member"]

PARTY_STATUSES = ("member", "probationary", "league", "democratic", "none")
RANKS = ("department", "division", "section", "below_section", "enterprise_manager", "other")
UNIT_LEVELS = ("central", "province", "city", "county", "township")
UNIT_KINDS = ("organ", "enterprise", "institution")
EXPERTISE = ("party_mass", "economic", "business", "mediation", "social", "other", "")

# Annual grades.
EXCELLENT = "excellent"
COMPETENT = "competent"
BASICALLY_COMPETENT = "basically_competent"
INCOMPETENT = "incompetent"
GRADES = (EXCELLENT, COMPETENT, BASICALLY_COMPETENT, INCOMPETENT)

# Levels of a training organiser, lowest last.
TRAINING_LEVELS = ("central", "province", "city", "county", "township")

# "Five must-visits" situations (QH10-CARE).
CARE_SITUATIONS = ("troubled", "hospitalised", "injured", "family_hardship", "heavy_workload")

# End-of-term review methods (QH-ENDTERM).
REVIEW_METHODS = ("work_report", "document_review", "site_visit", "villager_visits", "democratic_evaluation")


@dataclass(frozen=True)
class MemberFacts:
    """One membership of a cadre in a team (Membership + Cadre + DispatchingUnit)."""

    role: RoleCode
    is_leader: bool
    birth_date: datetime.date | None
    party_status: str
    rank: str
    is_reserve: bool
    unit_level: str
    unit_kind: str
    from_township: bool  # sent by the township rather than by a pairing unit (QH-TEAM)
    expertise: str
    start: datetime.date
    end: datetime.date | None
    name: str = ""
    # None = not recorded: QH-BILINGUAL and SC-STAFF say nothing about an unknown (NOTES.md).
    is_bilingual: bool | None = None  # speaks the local ethnic language and Mandarin (QH-BILINGUAL)
    is_on_staff: bool | None = None  # 在编在岗 (SC-STAFF)

    def __post_init__(self) -> None:
        _require(self.role, ROLES, "role")
        _require(self.party_status, PARTY_STATUSES, "party_status")
        _require(self.rank, RANKS, "rank")
        _require(self.unit_level, UNIT_LEVELS, "unit_level")
        _require(self.unit_kind, UNIT_KINDS, "unit_kind")
        if self.end is not None and self.end < self.start:
            raise ValueError("任职结束日期早于开始日期")

    def active_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class TeamFacts:
    """A team with its village's flags and its memberships."""

    term_start: datetime.date
    term_end: datetime.date | None
    members: Sequence[MemberFacts]
    is_registered_poor: bool = False
    is_weak_party_org: bool = False
    is_ethnic_area: bool = False
    is_deep_poverty: bool = False
    exited_on: datetime.date | None = None  # the village's poverty exit
    withdrawn_on: datetime.date | None = None  # the team left the village
    in_liangshan: bool = False
    is_stability_focus: bool = False
    has_no_industry: bool = False
    has_untapped_resources: bool = False  # 有特色资源、但挖掘利用不够的村 (JN-MATCH)
    # 全省扶贫工作重点村 or 脱贫难度较大的村: where JN-TEAM-ORIGIN applies (Jinan 000 （一）).
    is_key_village: bool = False
    name: str = ""


@dataclass(frozen=True)
class TrainingFacts:
    """One training a cadre attended in the year."""

    days: Decimal
    level: str  # the organiser's level, one of TRAINING_LEVELS
    concentrated: bool = True  # 集中培训 (Jinan counts concentrated training)

    def __post_init__(self) -> None:
        _require(self.level, TRAINING_LEVELS, "level")


@dataclass(frozen=True)
class MemberYearFacts:
    """What one cadre's year held, for the consequences of absence, recall and grades."""

    year: int
    grade: str | None = None
    unexcused_absence: bool = False  # found absent without excuse (无故脱岗) this year
    called_back_by_unit: bool = False  # put back to work by the home unit (被原单位抽调) this year
    recalled_on: datetime.date | None = None  # recalled (召回) this year for poor performance
    is_reserve: bool = False  # still listed as a reserve cadre
    incompetent_recall_on: datetime.date | None = None  # an earlier recall after a 不称职 grade
    promoted_on: datetime.date | None = None
    important_post_on: datetime.date | None = None  # moved to an important post at the same level

    def __post_init__(self) -> None:
        if self.grade is not None:
            _require(self.grade, GRADES, "grade")


@dataclass(frozen=True)
class UnitYearFacts:
    """A dispatching unit's year: its own annual grade and its cadres' records."""

    year: int
    leadership_grade: str | None = None  # the unit leadership's (or the unit's) annual grade
    head_grade: str | None = None  # the unit head's annual grade
    member_grades: Sequence[str] = field(default=())
    member_absent_or_called_back: bool = False


def _require(value: str, allowed: Sequence[str], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} 取值无效：{value!r}")
