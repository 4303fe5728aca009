"""Membership.end_reason and ImportBatch.aliases.

On SQLite, adding (or removing) a NOT NULL column rebuilds the table, and the rebuilt teams_membership
would lose the overlap triggers of 0002_overlap_guards: they are created again after the rebuild (and
after the rebuild of a rollback). PostgreSQL adds the column in place and keeps its exclusion constraint.
"""

import importlib

from django.db import migrations, models

from teams.db_guards import per_vendor_sql

_guards = importlib.import_module("teams.migrations.0002_overlap_guards")
_RECREATE = [
    *(f"DROP TRIGGER IF EXISTS membership_no_overlap_{event}" for event in ("insert", "update")),
    *(sql for sql in _guards.SQLITE_UP if " ON teams_membership " in sql),
]
_recreate_triggers = {"postgresql": [], "sqlite": _RECREATE}
_nothing: dict[str, list[str]] = {"postgresql": [], "sqlite": []}


class Migration(migrations.Migration):
    dependencies = [("teams", "0003_roster_import")]

    operations = [
        per_vendor_sql(_nothing, _recreate_triggers),
        migrations.AddField(
            model_name="membership",
            name="end_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="结束原因"),
        ),
        per_vendor_sql(_recreate_triggers, _nothing),
        migrations.AddField(
            model_name="importbatch",
            name="aliases",
            field=models.JSONField(blank=True, default=dict, verbose_name="名称对应"),
        ),
    ]
