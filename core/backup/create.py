"""Writing a backup archive from a consistent snapshot of the database and the media files."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from core import errors
from core.errors import BackupError

from .contents import (
    EXCLUDED_MODELS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    _link_tables,
    _media_files,
    _sha256_file,
    _unapplied_migrations,
    app_version,
    applied_migrations,
    dumped_models,
)

READ_CHUNK = 2000  # rows per round trip when dumping


@dataclass
class BackupSummary:
    path: Path
    size: int
    rows: int
    files: int
    manifest: dict[str, Any] = field(repr=False)


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent view of every table while they are read (PostgreSQL: REPEATABLE READ; SQLite:
    the transaction holds the write lock, so writers wait until the rows are read)."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(serializers.get_serializer("jsonl")):  # type: ignore[misc]
    """Django's JSON Lines serializer, writing each row with one ``json.dumps`` (the C encoder)
    instead of ``json.dump``'s many small writes, and times to the microsecond."""

    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = _Encoder

    def end_object(self, obj: models.Model) -> None:
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))
        self.stream.write("\n")
        self._current = None


def _rows(model: type[models.Model], using: str) -> Iterator[models.Model]:
    """Every row by primary key, with the rows it names by natural key fetched in the same query."""
    by_natural_key = [
        f.name
        for f in model._meta.local_concrete_fields
        if f.is_relation and f.related_model is not None and hasattr(f.related_model, "natural_key")
    ]
    queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
    if by_natural_key:
        queryset = queryset.select_related(*by_natural_key)
    return queryset.iterator(READ_CHUNK)


def _counted(rows: Iterable[models.Model], counter: list[int]) -> Iterator[models.Model]:
    for row in rows:
        counter[0] += 1
        yield row


def backup_create(*, path: Path | str, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the whole database and MEDIA_ROOT to a new ``.tar.gz`` at ``path``."""
    target = Path(path).absolute()
    if target.exists():
        raise BackupError(errors.TARGET_EXISTS.format(path=target))
    if not target.parent.is_dir():
        raise BackupError(errors.TARGET_DIR_MISSING.format(path=target.parent))
    if unapplied := _unapplied_migrations(using):
        raise BackupError(errors.UNMIGRATED.format(migrations="、".join(unapplied[:5])))
    media_root = Path(settings.MEDIA_ROOT).absolute()
    created_at = timezone.now()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work_dir:
        work = Path(work_dir)
        model_entries: list[dict[str, Any]] = []
        link_counts: dict[str, int] = {}
        with _snapshot(using):
            migrations = applied_migrations(using)
            model_list = dumped_models()
            for number, model in enumerate(model_list, start=1):
                label = model._meta.label_lower
                member = f"db/{number:04d}-{label}.jsonl"
                local = work / f"{number:04d}.jsonl"
                counter = [0]
                with open(local, "w", encoding="utf-8") as fh:
                    _Serializer().serialize(
                        _counted(_rows(model, using), counter), stream=fh, use_natural_foreign_keys=True
                    )
                entry: dict[str, Any] = {"model": label, "rows": counter[0], "member": None, "sha256": None}
                if counter[0]:
                    entry |= {"member": member, "sha256": _sha256_file(local), "local": local}
                model_entries.append(entry)
            for through in _link_tables(model_list):
                link_counts[through._meta.label_lower] = through._base_manager.using(using).count()
        media_entries: list[dict[str, Any]] = [
            {"path": rel, "member": f"media/{rel}", "size": src.stat().st_size, "sha256": _sha256_file(src)}
            for rel, src in _media_files(media_root)
            if src.absolute() != target
        ]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "app_version": app_version(),
            "django_version": django.get_version(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "excluded_models": list(EXCLUDED_MODELS),
            "models": [{k: v for k, v in e.items() if k != "local"} for e in model_entries],
            "link_tables": link_counts,
            "media": media_entries,
        }
        partial = work / "archive.tar.gz"
        mtime = int(created_at.timestamp())
        with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add_member(tar, MANIFEST, len(manifest_bytes), mtime, io.BytesIO(manifest_bytes))
            for entry in model_entries:
                if entry["member"]:
                    with open(entry["local"], "rb") as fh:
                        _add_member(tar, entry["member"], entry["local"].stat().st_size, mtime, fh)
            for media in media_entries:
                with open(media_root / media["path"], "rb") as fh:
                    _add_member(tar, media["member"], media["size"], mtime, fh)
        os.replace(partial, target)
    rows = sum(e["rows"] for e in model_entries)
    return BackupSummary(
        path=target, size=target.stat().st_size, rows=rows, files=len(media_entries), manifest=manifest
    )


def _add_member(tar: tarfile.TarFile, name: str, size: int, mtime: int, fh: Any) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    tar.addfile(info, fh)
