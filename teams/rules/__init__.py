"""teams.rules: every provision of the Jinan, Qinghai, Sichuan and Zhumadian documents as cited, dated data.

Plain Python, no Django. The Django side turns rows into the small frozen fact classes of `facts`, asks a
`Policy` (from `policy_for(code, on)`, with the county's `with_overrides(...)`) and acts on the answer.
Every finding and every value names its provision id from PROVISIONS.md.
"""

from . import defaults
from .config import CONFIG_BY_KEY, CONFIG_KEYS, ConfigKey
from .facts import (
    BASICALLY_COMPETENT,
    COMPETENT,
    EXCELLENT,
    FIRST_SECRETARY,
    GRADES,
    INCOMPETENT,
    MEMBER,
    MemberFacts,
    MemberYearFacts,
    TeamFacts,
    TrainingFacts,
    UnitYearFacts,
)
from .model import (
    COUNTY_ORG_DEPT,
    COUNTY_RURAL_BUREAU,
    DISPATCHING_UNIT,
    ERROR,
    OFFICE_NAMES,
    TOWNSHIP_COMMITTEE,
    WARNING,
    Citation,
    Finding,
    Override,
    Provision,
    Route,
    Source,
    Strength,
)
from .policy import Configurable, Policy, UnknownPolicy, UnknownProvision, leave_days, policy_for, prorate
from .provisions import BY_ID, PROVISION_IDS, PROVISIONS
from .registry import CHECKS, UNDECIDABLE, decided_by
from .sources import POLICY_CODES, POLICY_NAMES, SOURCES
from .wording import GRADE_NAMES

__all__ = [
    "BASICALLY_COMPETENT",
    "BY_ID",
    "CHECKS",
    "COMPETENT",
    "CONFIG_BY_KEY",
    "CONFIG_KEYS",
    "COUNTY_ORG_DEPT",
    "COUNTY_RURAL_BUREAU",
    "Citation",
    "ConfigKey",
    "Configurable",
    "DISPATCHING_UNIT",
    "ERROR",
    "EXCELLENT",
    "FIRST_SECRETARY",
    "Finding",
    "GRADES",
    "GRADE_NAMES",
    "INCOMPETENT",
    "MEMBER",
    "MemberFacts",
    "MemberYearFacts",
    "OFFICE_NAMES",
    "Override",
    "POLICY_CODES",
    "POLICY_NAMES",
    "PROVISIONS",
    "PROVISION_IDS",
    "Policy",
    "Provision",
    "Route",
    "SOURCES",
    "Source",
    "Strength",
    "TOWNSHIP_COMMITTEE",
    "TeamFacts",
    "TrainingFacts",
    "UNDECIDABLE",
    "UnitYearFacts",
    "UnknownPolicy",
    "UnknownProvision",
    "WARNING",
    "decided_by",
    "defaults",
    "leave_days",
    "policy_for",
    "prorate",
]
