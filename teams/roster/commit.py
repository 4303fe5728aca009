"""Writing a checked plan: set-based inserts and updates in the caller's transaction.

Overlaps were checked in Python against everything the database held when the plan was built, in the same
transaction; the database guards (unique ID, overlap exclusion constraints / triggers) still check every
row, so a concurrent writer makes the whole import fail rather than slip through.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from teams.caches import roster_written
from teams.changes import Joined, import_saved
from teams.choices import RegionLevel
from teams.models import Cadre, DispatchingUnit, ImportBatch, ImportRecord, Membership, Region, Team, Village
from teams.services import memberships_changed

from .plan import Plan, ref_pk

BATCH = 2000
Progress = Callable[[float, str], None]


def apply(plan: Plan, batch: ImportBatch, progress: Progress) -> None:
    now = timezone.now()
    rows = [row for row in plan.rows if row.valid and row.outcome != "unchanged"]
    links: list[tuple[type[models.Model], int, str]] = []
    created = ImportRecord.Action.CREATED

    for township in plan.new_townships:
        region = Region(
            code=township.code, name=township.name, level=RegionLevel.TOWNSHIP, parent=plan.county
        )
        region.save()
        township.pk = region.pk
        links.append((Region, region.pk, created))
    creators: tuple[tuple[type[models.Model], list[Any], Callable[[Any], dict[str, Any]]], ...] = (
        (
            DispatchingUnit,
            plan.new_units,
            lambda u: {
                "name": u.name,
                "level": u.level,
                "kind": u.kind,
                "region_id": u.region_id,
                **u.values,
            },
        ),
        (
            Village,
            plan.new_villages,
            lambda v: {"township_id": ref_pk(v.township), "name": v.name, **v.values},
        ),
        (
            Team,
            plan.new_teams,
            lambda t: {
                "village_id": ref_pk(t.village),
                "term_start": t.term_start,
                "term_end": t.term_end,
                **t.values,
            },
        ),
    )
    for model, news, build in creators:
        for new, pk in zip(news, insert(model, [build(n) for n in news], now), strict=True):
            new.pk = pk
            links.append((model, pk, created))
    # Existing villages, units and teams whose own columns the file changed (plan.OWN_COLUMNS).
    for kind, model in (("village", Village), ("unit", DispatchingUnit), ("team", Team)):
        own = list(plan.own_changes.get(kind, {}).items())
        _update(model, own, now)
        links.extend((model, pk, ImportRecord.Action.UPDATED) for pk, _ in own)
    progress(0.55, "正在写入干部")

    new_cadres = [row for row in rows if row.cadre_pk is None]
    pks = insert(
        Cadre,
        [
            {"id_number": row.values["facts"].number, "county_id": plan.county.pk, **row.cadre_changes}
            for row in new_cadres
        ],
        now,
    )
    for row, pk in zip(new_cadres, pks, strict=True):
        row.cadre_pk = pk
        links.append((Cadre, pk, created))
    fresh = born = {id(row) for row in new_cadres}
    changed = [row for row in rows if row.cadre_changes and id(row) not in fresh]
    _update(Cadre, [(row.cadre_pk, row.cadre_changes) for row in changed], now)  # type: ignore[misc]
    links.extend((Cadre, row.cadre_pk, ImportRecord.Action.UPDATED) for row in changed)  # type: ignore[misc]
    progress(0.7, "正在写入任职")

    new_memberships = [row for row in rows if row.membership_pk is None]
    pks = insert(
        Membership,
        [
            {
                "cadre_id": row.cadre_pk,
                "team_id": ref_pk(row.team),  # type: ignore[arg-type]
                "dispatching_unit_id": ref_pk(row.unit),  # type: ignore[arg-type]
                "role": row.membership_changes["role"],
                "is_leader": row.membership_changes["is_leader"],
                "start": row.membership_changes["start"],
                "end": row.membership_changes["end"],
            }
            for row in new_memberships
        ],
        now,
    )
    for row, pk in zip(new_memberships, pks, strict=True):
        row.membership_pk = pk
        links.append((Membership, pk, created))
    updates: list[tuple[int, dict[str, Any]]] = []
    fresh = {id(row) for row in new_memberships}
    for row in rows:
        if row.membership_changes and id(row) not in fresh:
            changes = dict(row.membership_changes)
            if "dispatching_unit" in changes:
                changes["dispatching_unit_id"] = ref_pk(changes.pop("dispatching_unit"))
            updates.append((row.membership_pk, changes))  # type: ignore[arg-type]
            links.append((Membership, row.membership_pk, ImportRecord.Action.UPDATED))  # type: ignore[arg-type]
    _update(Membership, updates, now)
    # Values kept across requests that read the roster (issue 15): these bulk writes send no signal.
    roster_written()
    # Derived data (attendance summaries) follows the postings that changed; new cadres have none.
    memberships_changed(
        [
            (row.cadre_pk, lo, hi)  # type: ignore[misc]
            for row in rows
            if row.membership_changes and id(row) not in born
            for lo, hi in row.spans
        ]
    )
    # Each change of a team's members is filed (ZMD-CHANGE), by whoever imported the file, today.
    import_saved(
        actor=batch.created_by,
        county=plan.county,
        joined=[
            Joined(
                row.membership_pk,  # type: ignore[arg-type]
                ref_pk(row.team),  # type: ignore[arg-type]
                row.membership_changes["role"],
                row.membership_changes["start"],
            )
            for row in new_memberships
        ],
        updated=updates,
        batch_label=batch.file_name,
        today=timezone.localdate(now),
    )
    progress(0.85, "正在记录导入来源")

    types = ContentType.objects.get_for_models(*{model for model, _, _ in links}) if links else {}
    insert(
        ImportRecord,
        [
            {"batch_id": batch.pk, "content_type_id": types[model].pk, "object_id": pk, "action": action}
            for model, pk, action in links
        ],
        now,
        returning=False,
    )


def insert(
    model: type[models.Model], rows: list[dict[str, Any]], now: datetime.datetime, *, returning: bool = True
) -> list[int]:
    """Insert rows given as {attname: value}; returns their primary keys in order.

    PostgreSQL: keys drawn from the table's sequence, then one COPY (constraints and the overlap exclusion
    constraints check every row as usual). Elsewhere: bulk_create.
    """
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()  # "" for a text field without a default, else None
    if connection.vendor != "postgresql":
        objs = model._default_manager.bulk_create(
            [model(**(defaults | row)) for row in rows], batch_size=BATCH
        )
        return [obj.pk for obj in objs]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        pks: list[int] = []
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            pks = [pk for (pk,) in cursor.fetchall()]
        columns = ([str(meta.pk.column)] if returning else []) + [str(f.column) for f in fields]
        names = [f.attname for f in fields]
        lines = []
        for index, row in enumerate(rows):
            values = defaults | row
            cells = [str(pks[index])] if returning else []
            # The values are plain (str, int, bool, date, datetime, None): no per-field adaptation needed.
            cells.extend(_copy_text(values[name]) for name in names)
            lines.append("\t".join(cells))
        buffer = io.StringIO("\n".join(lines) + "\n")
        sql = f"COPY {qn(meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
        cursor.cursor.copy_expert(sql, buffer)
    return pks


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """A value in COPY's text format."""
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if isinstance(value, datetime.date):  # and datetime
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _update(model: type[models.Model], changes: list[tuple[int, dict[str, Any]]], now: Any) -> None:
    """Rows that change the same fields are updated together, with one statement per group and chunk."""
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
    for pk, fields in changes:
        groups.setdefault(tuple(sorted(fields)), []).append((pk, fields))
    for names, members in groups.items():
        objs = []
        for pk, fields in members:
            obj = model(pk=pk, updated_at=now, **fields)
            objs.append(obj)
        if connection.vendor == "postgresql":
            _pg_update(model, objs, [*names, "updated_at"])
        else:
            model._default_manager.bulk_update(objs, [*names, "updated_at"], batch_size=500)


def _pg_update(model: type[models.Model], objs: list[models.Model], names: list[str]) -> None:
    """UPDATE … FROM (VALUES …): linear, unlike bulk_update's CASE WHEN per row."""
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    columns = [str(f.column) for f in fields]  # type: ignore[union-attr]
    types = [f.db_type(connection) for f in fields]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c)} = v.{qn(c)}::{t}" for c, t in zip(columns, types, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            chunk = objs[start : start + BATCH]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(chunk))
            params: list[Any] = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(
                    f.get_db_prep_save(getattr(obj, f.attname), connection)  # type: ignore[union-attr]
                    for f in fields
                )
            cursor.execute(
                f"UPDATE {qn(meta.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {placeholders}) AS v(id, {', '.join(qn(c) for c in columns)}) "
                f"WHERE t.id = v.id::bigint",
                params,
            )
