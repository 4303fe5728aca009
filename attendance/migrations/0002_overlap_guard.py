"""Database guard: one cadre never holds two overlapping leaves (pending, approved or returned).

Leaves are compared by half-day slots (``start_slot``/``end_slot``), so a leave ending at noon and
the next one starting that afternoon do not overlap. PostgreSQL: a partial exclusion constraint over
int8 ranges (btree_gist, created by teams 0002). SQLite: triggers that abort with the guard's name.
"""

from django.db import migrations

from teams.db_guards import per_vendor_sql

HOLDING = "('pending', 'approved', 'closed')"

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE attendance_leaverequest ADD CONSTRAINT leave_no_overlap EXCLUDE USING gist "
    f"(cadre_id WITH =, int8range(start_slot, end_slot, '[]') WITH &&) WHERE (status IN {HOLDING})",
]
PG_DOWN = ["ALTER TABLE attendance_leaverequest DROP CONSTRAINT IF EXISTS leave_no_overlap"]


def _sqlite_trigger(event: str) -> str:
    not_self = "AND t.id <> NEW.id" if event == "UPDATE" else ""
    return (
        f"CREATE TRIGGER leave_no_overlap_{event.lower()} BEFORE {event} ON attendance_leaverequest "
        f"WHEN NEW.status IN {HOLDING} AND EXISTS (SELECT 1 FROM attendance_leaverequest t "
        f"WHERE t.cadre_id = NEW.cadre_id {not_self} AND t.status IN {HOLDING} "
        f"AND t.start_slot <= NEW.end_slot AND NEW.start_slot <= t.end_slot) "
        f"BEGIN SELECT RAISE(ABORT, 'leave_no_overlap'); END"
    )


SQLITE_UP = [_sqlite_trigger("INSERT"), _sqlite_trigger("UPDATE")]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS leave_no_overlap_{e}" for e in ("insert", "update")]


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial"), ("teams", "0002_overlap_guards")]

    operations = [
        per_vendor_sql(
            {"postgresql": PG_UP, "sqlite": SQLITE_UP}, {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}
        ),
    ]
