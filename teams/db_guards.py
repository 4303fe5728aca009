"""Migration helper for database guards that differ per vendor (exclusion constraints on PostgreSQL,
triggers on SQLite). Imported by migrations, so keep it small and stable."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import migrations


def _execute(statements_by_vendor: Mapping[str, Sequence[str]]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"no database guard for vendor {vendor!r}")
        for sql in statements_by_vendor[vendor]:
            schema_editor.execute(sql)

    return run


def per_vendor_sql(
    up: Mapping[str, Sequence[str]], down: Mapping[str, Sequence[str]]
) -> migrations.RunPython:
    """A reversible operation running ``up[vendor]`` forwards and ``down[vendor]`` backwards."""
    return migrations.RunPython(_execute(up), _execute(down))
