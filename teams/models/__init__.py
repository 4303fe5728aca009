"""The teams domain: regions, villages, dispatching units, cadres, teams and memberships.

One module per sub-domain; everything is re-exported here, so `from teams.models import Team` keeps working.
"""

from .base import Timestamped
from .cadres import ID_NUMBER_PATTERN, Cadre, CadreQuerySet
from .changes import AidPairing, AidPairingQuerySet, MembershipChange, MembershipChangeQuerySet
from .imports import ImportBatch, ImportBatchQuerySet, ImportRecord
from .memberships import Membership, MembershipQuerySet, Team, TeamQuerySet
from .overrides import PolicyOverride
from .regions import Region, RegionQuerySet
from .units import DispatchingUnit, DispatchingUnitQuerySet
from .villages import Village, VillageQuerySet

__all__ = [
    "Timestamped",
    "RegionQuerySet",
    "Region",
    "VillageQuerySet",
    "Village",
    "DispatchingUnitQuerySet",
    "DispatchingUnit",
    "ID_NUMBER_PATTERN",
    "CadreQuerySet",
    "Cadre",
    "TeamQuerySet",
    "Team",
    "MembershipQuerySet",
    "Membership",
    "PolicyOverride",
    "ImportBatchQuerySet",
    "ImportBatch",
    "ImportRecord",
    "MembershipChangeQuerySet",
    "MembershipChange",
    "AidPairingQuerySet",
    "AidPairing",
]
