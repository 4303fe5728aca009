"""Validation and diffing: what a roster file would create, change or leave alone, row by row.

All database reads happen up front in a handful of set-based queries; rows are then checked in Python,
so a 50,000-row file costs the same few queries as a 5-row one.

- ``results``: what a plan holds (rows, the plan, the new townships, villages, units and teams);
- ``rows``: parsing and checking one row on its own, and IDs repeated across rows;
- ``world``: what the database already holds, read up front;
- ``matching``: ``build`` — each row matched against the database, the plan put together;
- ``names``: near-duplicate names, and a new unit's level and kind guessed from its name.
"""

from .matching import build
from .results import (
    CADRE_FIELDS,
    MEMBERSHIP_FIELDS,
    OWN_COLUMNS,
    Match,
    NewTeam,
    NewTownship,
    NewUnit,
    NewVillage,
    Plan,
    Progress,
    Row,
    ref_pk,
)

__all__ = [
    "Progress",
    "CADRE_FIELDS",
    "OWN_COLUMNS",
    "MEMBERSHIP_FIELDS",
    "Match",
    "NewTownship",
    "NewVillage",
    "NewUnit",
    "NewTeam",
    "ref_pk",
    "Row",
    "Plan",
    "build",
]
