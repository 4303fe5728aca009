"""Loading a checked archive: the rows in one transaction, then the media files."""

from __future__ import annotations

import contextlib
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, models, transaction

from core import errors
from core.errors import BackupError

from .archive import _first_nonempty_model, _media_targets, _read_archive

LOAD_BATCH = 500  # rows per INSERT when loading


@dataclass
class RestoreSummary:
    rows: int
    files: int
    flushed: bool


def _disable_audit() -> contextlib.AbstractContextManager[Any]:
    """Loading is not an edit: django-auditlog (when installed) records nothing while rows go in."""
    try:
        from auditlog.context import disable_auditlog
    except ImportError:
        return contextlib.nullcontext()
    return disable_auditlog()


def _insert_raw(model: type[models.Model], batch: list[models.Model], using: str) -> None:
    """Insert rows exactly as serialized (ids and timestamps kept: no auto_now, no signals)."""
    if not batch:
        return
    fields = list(model._meta.local_concrete_fields)
    size = max(1, min(LOAD_BATCH, connections[using].ops.bulk_batch_size(fields, batch)))
    for start in range(0, len(batch), size):
        model._base_manager.using(using)._insert(batch[start : start + size], fields=fields, raw=True)  # type: ignore[attr-defined]
    batch.clear()


def _load_file(
    path: Path, model: type[models.Model], using: str, deferred: list[Any]
) -> set[type[models.Model]]:
    loaded: set[type[models.Model]] = set()
    batch: list[models.Model] = []
    with open(path, encoding="utf-8") as fh:
        for item in serializers.deserialize("jsonl", fh, using=using, handle_forward_references=True):
            obj_model = type(item.object)
            loaded.add(obj_model)
            if obj_model is model and not item.deferred_fields and not any((item.m2m_data or {}).values()):
                batch.append(item.object)
                if len(batch) >= LOAD_BATCH:
                    _insert_raw(model, batch, using)
                continue
            _insert_raw(model, batch, using)
            item.save(using=using)
            if item.deferred_fields:
                deferred.append(item)
    _insert_raw(model, batch, using)
    return loaded


def _verify_counts(manifest: dict[str, Any], using: str) -> None:
    wanted = [(e["model"], e["rows"]) for e in manifest["models"]] + list(manifest["link_tables"].items())
    for label, rows in wanted:
        model = apps.get_model(label)
        found = model._base_manager.using(using).count()
        if found != rows:
            name = f"{model._meta.verbose_name}（{label}）"
            raise BackupError(errors.COUNT_MISMATCH.format(model=name, found=found, expected=rows))


def _reset_sequences(loaded: set[type[models.Model]], using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(loaded, key=lambda m: m._meta.label))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _put_file(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(staged, partial)
    os.replace(partial, target)


def backup_restore(*, path: Path | str, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Restore an archive written by :func:`backup_create` into an empty database (``force``: the
    database is flushed first, in the same transaction) and put its files back under MEDIA_ROOT."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(errors.NOT_FOUND.format(path=source))
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="zhucun-restore-") as staging_dir:
        try:
            manifest, expected = _read_archive(source, Path(staging_dir), using=using)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise BackupError(errors.CORRUPT.format(detail=type(exc).__name__)) from exc
        if not force and (model := _first_nonempty_model(using)) is not None:
            raise BackupError(errors.NOT_EMPTY.format(model=model._meta.verbose_name))
        media_targets = _media_targets(expected, force=force)
        db_members = {e["member"]: e["model"] for e in manifest["models"] if e["member"]}
        try:
            with _disable_audit(), transaction.atomic(using=using):
                if force:
                    # CASCADE on PostgreSQL: a table outside the models that points at theirs is
                    # emptied with them instead of failing the whole flush.
                    try:
                        call_command(
                            "flush", interactive=False, verbosity=0, database=using, allow_cascade=True
                        )
                    except (CommandError, DatabaseError) as exc:
                        raise BackupError(
                            errors.FLUSH_FAILED.format(detail=str(exc.__cause__ or exc)[:300])
                        ) from exc
                if (model := _first_nonempty_model(using)) is not None:
                    raise BackupError(errors.NOT_EMPTY.format(model=model._meta.verbose_name))
                loaded: set[type[models.Model]] = set()
                deferred: list[Any] = []
                try:
                    for member, label in db_members.items():
                        staged = expected[member].staged
                        assert staged is not None
                        loaded |= _load_file(staged, apps.get_model(label), using, deferred)
                    for item in deferred:
                        item.save_deferred_fields(using=using)
                    connections[using].check_constraints(
                        table_names=[m._meta.db_table for m in loaded] or None
                    )
                except (DatabaseError, IntegrityError, serializers.base.DeserializationError) as exc:
                    raise BackupError(errors.LOAD_FAILED.format(detail=str(exc)[:300])) from exc
                _verify_counts(manifest, using)
                _reset_sequences(loaded, using)
                for wanted, target in media_targets:
                    assert wanted.staged is not None
                    _put_file(wanted.staged, target)
                    written.append(target)
        except BaseException:
            for target in written:
                target.unlink(missing_ok=True)
            raise
    rows = sum(int(e["rows"]) for e in manifest["models"])
    return RestoreSummary(rows=rows, files=len(manifest["media"]), flushed=force)
