"""Backup and restore of everything: every app's rows and every uploaded file, in one .tar.gz.

The archive (format version 1)::

    manifest.json                      first member: what follows, with counts and SHA-256
    db/0001-accounts.user.jsonl        one JSON Lines file per model (Django's ``jsonl`` serializer)
    ...
    media/leave/2026/11/note.pdf       every regular file under MEDIA_ROOT, by its path there

The database part is Django's own portable serialization, so a SQLite backup restores into PostgreSQL
and back. Content types, permissions and sessions are left out: ``migrate`` creates the first two in
every database (with ids of its own), rows pointing at them are written with natural keys
(``["attendance", "leaverequest"]``), and sessions only log everyone out. Primary keys are kept, so
every other reference stays as it was.

Memory stays bounded on both sides: rows are read with ``iterator()`` and written line by line to files
on disk, then into the archive; a restore reads the archive as a stream into a private staging
directory (never by the member's own name), checks every SHA-256 against the manifest, and loads each
file line by line in batches.

A restore is refused, before anything is written, when the archive is not a backup, is damaged, holds a
member the manifest does not list (``..``, absolute paths, links), was made at another migration state,
or when the database holds data (unless ``force``: then it is flushed first, in the same transaction).
The rows go in in one transaction (the overlap guards of teams and attendance check every row as it
comes in; loaded rows were valid when they were written); counts are compared with the manifest and
foreign keys checked before the commit; PostgreSQL sequences are moved past the loaded ids. Files are
put in place only after all that, still inside the transaction, and removed again if it fails.

- ``contents``: the format, what is backed up (models, migrations, media files);
- ``create``: writing an archive (``backup_create``);
- ``archive``: reading and checking an archive before anything is written;
- ``restore``: loading an archive into the database and media (``backup_restore``).
"""

from .archive import MANIFEST_MAX_BYTES, check_migrations
from .contents import (
    EXCLUDED_MODELS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    app_version,
    applied_migrations,
    dumped_models,
)
from .create import READ_CHUNK, BackupSummary, backup_create
from .restore import LOAD_BATCH, RestoreSummary, backup_restore

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "EXCLUDED_MODELS",
    "dumped_models",
    "applied_migrations",
    "app_version",
    "READ_CHUNK",
    "BackupSummary",
    "backup_create",
    "MANIFEST_MAX_BYTES",
    "check_migrations",
    "LOAD_BATCH",
    "RestoreSummary",
    "backup_restore",
]
