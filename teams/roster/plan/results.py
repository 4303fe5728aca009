"""What a roster plan holds: the rows, the plan, and the things a file may create."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from teams.models import Region
from teams.roster.reader import Table

Progress = Callable[[float, str], None]

CADRE_FIELDS = ("name", "sex", "birth_date", "party_status", "rank", "phone", "is_bilingual", "is_on_staff")
# Optional columns that belong to the row's village, unit or team rather than to the cadre (issue 10):
# key → (what it belongs to, the word for it in messages). An empty cell leaves the stored value alone.
OWN_COLUMNS = {
    "is_key_village": ("village", "村"),  # JN-TEAM-ORIGIN
    "has_untapped_resources": ("village", "村"),  # JN-MATCH
    "staff_total": ("unit", "派出单位"),  # SC-QUOTA
    "withdrawn_on": ("team", "工作队"),  # ALL-NO-WITHDRAW
}
MEMBERSHIP_FIELDS = ("role", "is_leader", "dispatching_unit_id", "start", "end")


# --- things a file may create ---------------------------------------------------------------


# An existing record a new name is near to, which the user may map the name onto: (pk, name).
Match = tuple[int, str]


@dataclass(eq=False)
class NewTownship:
    name: str
    code: str = ""
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None


@dataclass(eq=False)
class NewVillage:
    township: int | NewTownship
    township_name: str
    name: str
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # OWN_COLUMNS given in the file


@dataclass(eq=False)
class NewUnit:
    name: str
    level: str
    kind: str
    region_id: int | None
    similar: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class NewTeam:
    village: int | NewVillage
    term_start: datetime.date
    term_end: datetime.date | None
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


def ref_pk(ref: int | NewTownship | NewVillage | NewUnit | NewTeam) -> int:
    pk = ref if isinstance(ref, int) else ref.pk
    assert pk is not None, "a new object is used before it was created"
    return pk


# --- rows -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Row:
    number: int
    cells: list[object]
    issues: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    cadre_pk: int | None = None
    cadre_changes: dict[str, Any] = field(default_factory=dict)
    township: int | NewTownship | None = None
    village: int | NewVillage | None = None
    unit: int | NewUnit | None = None
    team: int | NewTeam | None = None
    membership_pk: int | None = None
    membership_changes: dict[str, Any] = field(default_factory=dict)
    # The posting's (start, end) now and, for an existing membership, before: what derived data follows.
    spans: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    # OWN_COLUMNS this row gives, as they apply to its village, unit or team.
    own: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""  # created / updated / unchanged; "" while invalid

    @property
    def valid(self) -> bool:
        return not self.issues


@dataclass
class Plan:
    county: Region
    table: Table
    rows: list[Row]
    new_townships: list[NewTownship] = field(default_factory=list)
    new_villages: list[NewVillage] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    new_teams: list[NewTeam] = field(default_factory=list)
    # Changes of existing villages, units and teams from OWN_COLUMNS: kind → pk → {field: value}.
    own_changes: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def invalid(self) -> list[Row]:
        return [row for row in self.rows if row.issues]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)
