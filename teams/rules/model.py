"""The value types of the rules package: provisions, their sources, overrides, routes and findings.

Everything here is immutable. A `Provision` is one row of PROVISIONS.md; the same class serves both as the
shipped data row and as the effective provision inside a `Policy` (narrowed to one policy, with the
county's overrides applied).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeAlias

Value: TypeAlias = Any
"""A provision value: int, Decimal, bool, str, date, None, a tuple of these or a mapping of these."""

EMPTY: Mapping[str, Any] = MappingProxyType({})


class Strength(StrEnum):
    HARD = "hard"  # 必须 / 不得 / 不少于 / 严禁: a violation is an error
    SOFT = "soft"  # 一般 / 原则上 / 优先: a violation is a warning that a named user may accept
    CONFIG = "config"  # the county sets the value; the shipped default is the safest reading
    INFO = "info"  # shown, never checked

    @property
    def label(self) -> str:
        return STRENGTH_LABELS[self]


STRENGTH_LABELS: Mapping[Strength, str] = MappingProxyType(
    {
        Strength.HARD: "刚性（必须）",
        Strength.SOFT: "一般性（原则上）",
        Strength.CONFIG: "县级配置",
        Strength.INFO: "说明",
    }
)

# Finding severities.
ERROR = "error"
WARNING = "warning"

# Office codes used by leave routes and filings.
TOWNSHIP_COMMITTEE = "township_committee"
COUNTY_ORG_DEPT = "county_org_dept"
COUNTY_RURAL_BUREAU = "county_rural_bureau"
DISPATCHING_UNIT = "dispatching_unit"

OFFICE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        TOWNSHIP_COMMITTEE: "乡镇（街道）党（工）委",
        COUNTY_ORG_DEPT: "县（区）委组织部",
        COUNTY_RURAL_BUREAU: "县（区）乡村振兴局",
        DISPATCHING_UNIT: "派出单位",
    }
)


@dataclass(frozen=True)
class Source:
    """A policy document."""

    code: str
    issuer: str
    title: str
    number: str  # 文号, "" where the document carries none
    date: datetime.date  # the date in the table of PROVISIONS.md
    in_force_from: datetime.date
    date_note: str = ""  # Chinese; why the date is what it is, where the seed is not exact

    @property
    def citation(self) -> str:
        """The document as a reader cites it, e.g. 川委办〔2018〕19号《…》（2018-06-01）."""
        number = self.number or self.issuer
        return f"{number}《{self.title}》（{self.date.isoformat()}）"


@dataclass(frozen=True)
class Citation:
    """Where one policy states a provision that several policies share (the ALL-* rows)."""

    source: Source
    wording: str


@dataclass(frozen=True)
class Override:
    """A county's value for one configuration key, with who set it, when and why (plain values)."""

    value: Value
    by: str = ""
    at: datetime.datetime | None = None
    reason: str = ""
    key: str = ""  # filled in by Policy.with_overrides
    default: Value = None  # the shipped value it replaced, filled in by Policy.with_overrides


@dataclass(frozen=True)
class Provision:
    """One provision: a row of PROVISIONS.md.

    `strength` is the row's strength; rows marked "hard / soft" in the digest (and rows with a
    county-configurable part) carry the strength of each differing value key in `part_strengths`.
    """

    id: str
    policies: tuple[str, ...]
    strength: Strength
    title: str  # Chinese
    wording: str  # quoted from the seed
    source: Source
    in_force_from: datetime.date
    in_force_until: datetime.date | None = None  # exclusive: superseded from this date
    values: Mapping[str, Value] = field(default_factory=lambda: EMPTY)
    part_strengths: Mapping[str, Strength] = field(default_factory=lambda: EMPTY)
    also: Mapping[str, Citation] = field(
        default_factory=lambda: EMPTY
    )  # other policies' wording of a shared row
    overrides: tuple[Override, ...] = ()
    note: str = ""  # Chinese; reading or scope remarks shown beside the provision
    # Value keys that no seed sets: the county's own rule (本县规定), shipped with a product default and
    # shown as such, never as the document's wording (QH-LEAVE, SC-LEAVE; NOTES.md "Readings chosen").
    county_rule: frozenset[str] = frozenset()

    def strength_of(self, key: str) -> Strength:
        """Strength of one value key (the row's strength unless the row splits it)."""
        return self.part_strengths.get(key, self.strength)

    @property
    def strengths(self) -> frozenset[Strength]:
        return frozenset({self.strength, *self.part_strengths.values()})

    @property
    def strength_label(self) -> str:
        """E.g. "hard" or "hard / soft" as in PROVISIONS.md."""
        order = [s for s in Strength if s in self.strengths]
        return " / ".join(s.value for s in order)

    @property
    def override(self) -> Override | None:
        """The county's most recent override of this provision, or None when it is the shipped text."""
        return self.overrides[-1] if self.overrides else None

    def in_force_on(self, on: datetime.date) -> bool:
        return self.in_force_from <= on and (self.in_force_until is None or on < self.in_force_until)

    def value(self, key: str) -> Value:
        return self.values[key]

    def for_policy(self, code: str) -> Provision:
        """This row as one policy states it (its own wording, source and date for shared rows)."""
        if code not in self.policies:
            raise KeyError(code)
        citation = self.also.get(code)
        if citation is None:
            return dataclasses.replace(self, policies=(code,), also=EMPTY)
        return dataclasses.replace(
            self,
            policies=(code,),
            also=EMPTY,
            wording=citation.wording,
            source=citation.source,
            in_force_from=citation.source.in_force_from,
        )


@dataclass(frozen=True)
class Route:
    """Who approves a leave request and who gets it on file."""

    approvers: frozenset[str]
    filed_with: frozenset[str]
    provision: str
    threshold_days: Decimal | None  # None: no threshold set, every leave takes the upper route
    upper: bool  # True when the leave is longer than the threshold (or there is none)
    is_county_value: bool = False  # the threshold comes from a county override
    # The route is the county's own rule (本县规定), the document being silent (QH-LEAVE, SC-LEAVE),
    # whether the county has set it or the product default applies.
    is_county_rule: bool = False

    @property
    def description(self) -> str:
        """Chinese, e.g. "由县（区）委组织部批准" with the filing offices if any."""
        names = "、".join(OFFICE_NAMES[o] for o in sorted(self.approvers))
        text = f"由{names}{'共同' if len(self.approvers) > 1 else ''}批准"
        if self.filed_with:
            text += "，并报" + "、".join(OFFICE_NAMES[o] for o in sorted(self.filed_with)) + "备案"
        return text


@dataclass(frozen=True)
class Finding:
    """One broken rule: `severity` is "error" for hard provisions, "warning" for soft ones."""

    provision: str
    severity: str
    message: str  # Simplified Chinese, ends with the provision id in full-width brackets

    @property
    def text(self) -> str:
        """The message without its trailing "（id）", for pages that show the id beside it as a badge:
        a finding names its provision once (issue 10, correction 11)."""
        suffix = f"（{self.provision}）"
        return self.message[: -len(suffix)] if self.message.endswith(suffix) else self.message
