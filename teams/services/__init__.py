"""Writes of the teams domain, one module per sub-domain (villages, units, cadres, teams, memberships,
roster import batches) and re-exported here: callers write ``services.cadre_save``. Each service is
keyword-only, checks its invariants with a Chinese message first, and runs in one transaction; the
database constraints stay as the last guard."""

from .base import KEEP, Keep
from .batches import COMMITTABLE, roster_batch_commit, roster_batch_create
from .cadres import cadre_check_identity, cadre_save
from .memberships import membership_end, membership_save, memberships_changed
from .teams import team_save
from .units import unit_editable_by, unit_save
from .villages import village_save

__all__ = [
    "COMMITTABLE",
    "KEEP",
    "Keep",
    "cadre_check_identity",
    "cadre_save",
    "membership_end",
    "membership_save",
    "memberships_changed",
    "roster_batch_commit",
    "roster_batch_create",
    "team_save",
    "unit_editable_by",
    "unit_save",
    "village_save",
]
