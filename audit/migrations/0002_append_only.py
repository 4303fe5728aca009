"""The audit trail is append-only in the database itself (audit/guards.py says why each piece is so).

Every UPDATE of an entry is refused, and every DELETE of an entry younger than the legal retention
(teams.rules.retention.AUDIT_RETENTION_MIN_DAYS, 网络安全法 第二十一条). Older entries may go
(``audit_prune``). A later migration that rebuilds audit_auditentry on SQLite must create the triggers
again (see teams/migrations/0004 for the pattern): tests/audit/test_append_only.py notices if it does not.
"""

from django.db import migrations

from teams.db_guards import per_vendor_sql
from teams.rules.retention import AUDIT_RETENTION_MIN_DAYS

_MSG = "审计记录不可修改，保存期内不可删除"

POSTGRES_UP = [
    f"""
    CREATE OR REPLACE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' OR OLD.timestamp > now() - interval '{AUDIT_RETENTION_MIN_DAYS} days' THEN
            RAISE EXCEPTION '{_MSG}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END
    $$
    """,
    "CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON audit_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_guard()",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_entry_guard ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_entry_guard()",
]
SQLITE_UP = [
    f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    f"BEGIN SELECT RAISE(ABORT, '{_MSG}'); END",
    f"CREATE TRIGGER audit_entry_no_young_delete BEFORE DELETE ON audit_auditentry "
    f"WHEN zhucun_audit_locked(old.timestamp) BEGIN SELECT RAISE(ABORT, '{_MSG}'); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_young_delete",
]


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        per_vendor_sql(
            {"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP},
            {"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN},
        )
    ]
