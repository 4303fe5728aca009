"""The archive format and what is backed up: which models, the migration state, every media file."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

FORMAT = "zhucun-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Recreated by migrate (content types, permissions) or not worth keeping (sessions).
EXCLUDED_MODELS = ("contenttypes.contenttype", "auth.permission", "sessions.session")
_COPY_BUFFER = 1024 * 1024


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
