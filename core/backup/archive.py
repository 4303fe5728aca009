"""Reading a backup archive into a private staging directory and checking it before anything is written."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models

from core import errors
from core.errors import BackupError

from .contents import (
    _COPY_BUFFER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    _link_tables,
    _sha256_file,
    applied_migrations,
    dumped_models,
)

MANIFEST_MAX_BYTES = 64 * 1024 * 1024
_DB_MEMBER = re.compile(r"^db/\d{4}-[a-z0-9_]+\.[a-z0-9_]+\.jsonl$")


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
