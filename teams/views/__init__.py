"""Pages of the teams domain: lists, details and the county office's forms, one module per page group.

The views are re-exported here for teams/urls.py.
"""

from .cadres import cadre_create, cadre_detail, cadre_edit, cadre_list
from .teams import (
    membership_create,
    membership_edit,
    membership_end,
    team_create,
    team_detail,
    team_edit,
    team_list,
)
from .units import unit_create, unit_detail, unit_edit, unit_list
from .villages import VILLAGE_FLAGS, village_create, village_detail, village_edit, village_list

__all__ = [
    "village_list",
    "VILLAGE_FLAGS",
    "village_detail",
    "village_create",
    "village_edit",
    "team_list",
    "team_detail",
    "team_create",
    "team_edit",
    "membership_create",
    "membership_edit",
    "membership_end",
    "cadre_list",
    "cadre_detail",
    "cadre_create",
    "cadre_edit",
    "unit_list",
    "unit_detail",
    "unit_create",
    "unit_edit",
]
