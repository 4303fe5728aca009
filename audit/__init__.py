"""The audit trail (issue 16, 网络安全法 第二十一条): every create, change and delete of the domain's records,
logins, failed logins and logouts — who, as which office, when, from which address, before → after.

Decisions a reviewer should know:

- **Library.** django-auditlog: one table for every model (a county reads one list, one place is made
  append-only, one place is pruned), diffs of the changed fields only, actor, address and correlation id
  from its middleware, and a swappable entry model, so ``AuditEntry`` adds the columns the county page
  filters by. django-pghistory is PostgreSQL-only (triggers), and the embedded default is SQLite;
  django-simple-history keeps a full copy of the row per change in one shadow table per model (an
  attendance-day history as large as the attendance itself, twenty tables to union for one page).
- **Logins** are entries of the same table (action ACCESS, ``auth_event`` login / logout / login_failed,
  ``username`` as typed) rather than a model of their own: one list, one retention, one guard.
- **County of an entry**, fixed when written: the county of the record (its own county column, or through
  its township, village, team, request or unit); for a record above any county (a city-level unit, a
  city's login) the county of the user who acted. Entries of no county only the system administrator reads.
- **Bulk writes** send no model signals: the attendance grid records one entry per changed cell
  (``recording.record_attendance_cells``); the roster import records its batch (each status change, with
  the counts in ``additional_data``) and ImportRecord lists every row it wrote.
- **Append-only**: no add, change or delete in the admin, for superusers too; in the database, a trigger
  refuses every UPDATE and every DELETE of an entry younger than the legal minimum (guards.py says how the
  whole-database ``flush`` of the tests and of a restore still works on both databases).
- **Retention**: ``AUDIT_RETENTION_DAYS`` (default 365), never under ``AUDIT_RETENTION_MIN_DAYS`` (184,
  teams/rules/retention.py): a system check refuses to start, ``audit_prune`` refuses to delete.
"""
