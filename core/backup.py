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
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import errors
from .errors import BackupError

FORMAT = "zhucun-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Recreated by migrate (content types, permissions) or not worth keeping (sessions).
EXCLUDED_MODELS = ("contenttypes.contenttype", "auth.permission", "sessions.session")
READ_CHUNK = 2000  # rows per round trip when dumping
LOAD_BATCH = 500  # rows per INSERT when loading
_COPY_BUFFER = 1024 * 1024
_DB_MEMBER = re.compile(r"^db/\d{4}-[a-z0-9_]+\.[a-z0-9_]+\.jsonl$")


@dataclass
class BackupSummary:
    path: Path
    size: int
    rows: int
    files: int
    manifest: dict[str, Any] = field(repr=False)


@dataclass
class RestoreSummary:
    rows: int
    files: int
    flushed: bool


# --- what is backed up -----------------------------------------------------------------------


def dumped_models() -> list[type[models.Model]]:
    """Every model with a table of its own, in an order that loads: models with natural keys before
    the models that point at them by natural key."""
    app_list = []
    for app_config in apps.get_app_configs():
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.label_lower not in EXCLUDED_MODELS
        ]
        if chosen:
            app_list.append((app_config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _link_tables(model_list: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The many-to-many tables Django made (``accounts.user_groups``): loaded with their models."""
    links = []
    for model in model_list:
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if isinstance(through, type) and through._meta.auto_created:
                links.append(through)
    return links


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations of this code that the database has applied (rows of django_migrations naming a
    migration the code no longer has, such as an app run without migrations, do not count)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}" for app, name in loader.applied_migrations if (app, name) in loader.graph.nodes
    )


def _unapplied_migrations(using: str) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def app_version() -> str:
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_COPY_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT (links are not followed), by its POSIX path there."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory, name)
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix(), path


# --- backup ----------------------------------------------------------------------------------


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


# --- restore: reading and checking the archive -----------------------------------------------


def _safe_media_path(value: object) -> str | None:
    """The manifest's media path if it names a file strictly below MEDIA_ROOT, else None."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    pure = PurePosixPath(value)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in value.split("/")):
        return None
    return pure.as_posix()


@dataclass
class _Expected:
    kind: str  # "db" or "media"
    sha256: str
    label: str  # model label or media path
    staged: Path | None = None


def _parse_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(errors.BAD_MANIFEST.format(detail="不是有效的 JSON")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(errors.NOT_A_BACKUP)
    if manifest.get("format_version") != FORMAT_VERSION:
        found = str(manifest.get("format_version"))[:20]
        raise BackupError(errors.FORMAT_VERSION.format(found=found, supported=FORMAT_VERSION))
    shapes = {"migrations": list, "models": list, "link_tables": dict, "media": list}
    for key, shape in shapes.items():
        if not isinstance(manifest.get(key), shape):
            raise BackupError(errors.BAD_MANIFEST.format(detail=f"缺少或错误的 {key}"))
    return manifest


def _expected_members(manifest: dict[str, Any]) -> dict[str, _Expected]:
    expected: dict[str, _Expected] = {}

    def bad(detail: str) -> BackupError:
        return BackupError(errors.BAD_MANIFEST.format(detail=detail))

    for entry in manifest["models"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
            raise bad("models 条目不完整")
        if not isinstance(entry.get("rows"), int) or entry["rows"] < 0:
            raise bad(f"{entry['model']} 的行数")
        member = entry.get("member")
        if member is None:
            if entry["rows"]:
                raise bad(f"{entry['model']} 缺少数据文件")
            continue
        if not isinstance(member, str) or not _DB_MEMBER.match(member) or member in expected:
            raise BackupError(errors.UNSAFE_MEMBER.format(name=str(member)[:200]))
        expected[member] = _Expected("db", str(entry.get("sha256")), entry["model"])
    for entry in manifest["media"]:
        rel = _safe_media_path(entry.get("path")) if isinstance(entry, dict) else None
        if rel is None or entry.get("member") != f"media/{rel}" or f"media/{rel}" in expected:
            name = entry.get("path") if isinstance(entry, dict) else entry
            raise BackupError(errors.UNSAFE_MEMBER.format(name=str(name)[:200]))
        expected[f"media/{rel}"] = _Expected("media", str(entry.get("sha256")), rel)
    return expected


def _stage(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        while chunk := source.read(_COPY_BUFFER):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _read_archive(path: Path, staging: Path, *, using: str) -> tuple[dict[str, Any], dict[str, _Expected]]:
    """Read the archive as a stream: the manifest first, then every member it lists into ``staging``
    (under a number, never under the member's name), each checked against its SHA-256."""
    # gzip (not tarfile's own stream) checks the trailer: a cut or altered file fails at its end even
    # where every member before the cut is complete.
    with gzip.open(path, "rb") as stream, tarfile.open(fileobj=stream, mode="r|") as tar:
        first = tar.next()
        if first is None or first.name != MANIFEST or not first.isreg() or first.size > MANIFEST_MAX_BYTES:
            raise BackupError(errors.NOT_A_BACKUP)
        source = tar.extractfile(first)
        assert source is not None  # a regular file
        manifest = _parse_manifest(source.read())
        check_migrations(manifest, using=using)
        expected = _expected_members(manifest)
        number = 0
        while (member := tar.next()) is not None:
            number += 1
            wanted = expected.get(member.name)
            if wanted is None or wanted.staged is not None or not member.isreg():
                raise BackupError(errors.UNSAFE_MEMBER.format(name=member.name[:200]))
            source = tar.extractfile(member)
            assert source is not None
            wanted.staged = staging / f"{number:06d}"
            if _stage(source, wanted.staged) != wanted.sha256:
                raise BackupError(errors.CHECKSUM.format(name=member.name[:200]))
        while stream.read(_COPY_BUFFER):
            pass
    for name, wanted in expected.items():
        if wanted.staged is None:
            raise BackupError(errors.MISSING_MEMBER.format(name=name))
    return manifest, expected


def check_migrations(manifest: dict[str, Any], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse an archive made at another migration state, or naming models this code does not have."""
    backed_up = {str(m) for m in manifest["migrations"]}
    here = set(applied_migrations(using))
    parts = []
    if only_backup := sorted(backed_up - here):
        parts.append("备份中有而本数据库未执行的迁移 " + "、".join(only_backup[:5]))
    if only_here := sorted(here - backed_up):
        parts.append("本数据库已执行而备份中没有的迁移 " + "、".join(only_here[:5]))
    backup_models = {str(e.get("model")) for e in manifest["models"] if isinstance(e, dict)}
    here_models = {m._meta.label_lower for m in dumped_models()}
    here_links = {m._meta.label_lower for m in _link_tables(dumped_models())}
    links = manifest["link_tables"]
    if not parts and (backup_models != here_models or set(links) != here_links):
        differ = sorted((backup_models ^ here_models) | (set(links) ^ here_links))
        parts.append("备份与本程序的数据表不同：" + "、".join(differ[:5]))
    if not parts and not all(isinstance(n, int) and n >= 0 for n in links.values()):
        raise BackupError(errors.BAD_MANIFEST.format(detail="link_tables 的行数"))
    if parts:
        raise BackupError(errors.MIGRATIONS_DIFFER.format(detail="；".join(parts)))


def _first_nonempty_model(using: str) -> type[models.Model] | None:
    for model in dumped_models():
        if model._base_manager.using(using).exists():
            return model
    return None


def _media_targets(expected: dict[str, _Expected], *, force: bool) -> list[tuple[_Expected, Path]]:
    """Where each file goes; refuses a path that resolves outside MEDIA_ROOT (a link inside it) and,
    without ``force``, a different file already there."""
    root = Path(settings.MEDIA_ROOT).absolute()
    resolved_root = root.resolve()
    targets = []
    for wanted in expected.values():
        if wanted.kind != "media":
            continue
        target = root / wanted.label
        if not target.resolve().is_relative_to(resolved_root) or target.is_symlink():
            raise BackupError(errors.UNSAFE_MEMBER.format(name=f"media/{wanted.label}"))
        if target.exists():
            if not target.is_file():
                raise BackupError(errors.UNSAFE_MEMBER.format(name=f"media/{wanted.label}"))
            if _sha256_file(target) == wanted.sha256:
                continue
            if not force:
                raise BackupError(errors.MEDIA_CONFLICT.format(name=wanted.label))
        targets.append((wanted, target))
    return targets


# --- restore: loading ------------------------------------------------------------------------


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
