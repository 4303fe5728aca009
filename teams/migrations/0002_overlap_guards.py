"""Database guards for what must never happen and cannot be a portable Django constraint:

- one cadre in two overlapping memberships (``membership_no_overlap``);
- two teams of one village with overlapping terms (``team_no_overlap_in_village``).

PostgreSQL: exclusion constraints over date ranges (btree_gist). SQLite: triggers that abort with the
constraint's name. Both surface as IntegrityError naming the guard; services turn that into Chinese.
A NULL end means an open term.
"""

from django.db import migrations

from teams.db_guards import per_vendor_sql

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE teams_membership ADD CONSTRAINT membership_no_overlap EXCLUDE USING gist "
    "(cadre_id WITH =, daterange(start, \"end\", '[]') WITH &&)",
    "ALTER TABLE teams_team ADD CONSTRAINT team_no_overlap_in_village EXCLUDE USING gist "
    "(village_id WITH =, daterange(term_start, term_end, '[]') WITH &&)",
]
PG_DOWN = [
    "ALTER TABLE teams_membership DROP CONSTRAINT IF EXISTS membership_no_overlap",
    "ALTER TABLE teams_team DROP CONSTRAINT IF EXISTS team_no_overlap_in_village",
]


def _sqlite_trigger(name: str, table: str, key: str, start: str, end: str, event: str) -> str:
    not_self = "AND t.id <> NEW.id" if event == "UPDATE" else ""
    return (
        f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = NEW.{key} {not_self} "
        f"AND t.{start} <= COALESCE(NEW.{end}, '9999-12-31') "
        f"AND NEW.{start} <= COALESCE(t.{end}, '9999-12-31')) "
        f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
    )


SQLITE_UP = [
    _sqlite_trigger(name, table, key, start, end, event)
    for name, table, key, start, end in (
        ("membership_no_overlap", "teams_membership", "cadre_id", "start", '"end"'),
        ("team_no_overlap_in_village", "teams_team", "village_id", "term_start", "term_end"),
    )
    for event in ("INSERT", "UPDATE")
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}_{event}"
    for name in ("membership_no_overlap", "team_no_overlap_in_village")
    for event in ("insert", "update")
]


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]

    operations = [
        per_vendor_sql(
            {"postgresql": PG_UP, "sqlite": SQLITE_UP}, {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}
        ),
    ]
