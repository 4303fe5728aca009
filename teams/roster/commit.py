"""Writing a checked plan: set-based inserts and updates in the caller's transaction.

Overlaps were checked in Python against everything the database held when the plan was built, in the same
transaction; the database guards (unique ID, overlap exclusion constraints / triggers) still check every
row, so a concurrent writer makes the whole import fail rather than slip through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from teams.choices import RegionLevel
from teams.models import Cadre, DispatchingUnit, ImportBatch, ImportRecord, Membership, Region, Team, Village

from .plan import Plan, ref_pk

BATCH = 2000
Progress = Callable[[float, str], None]


def apply(plan: Plan, batch: ImportBatch, progress: Progress) -> None:
    now = timezone.now()
    rows = [row for row in plan.rows if row.valid and row.outcome != "unchanged"]
    links: list[tuple[type[models.Model], int, str]] = []

    for township in plan.new_townships:
        region = Region(code=township.code, name=township.name, level=RegionLevel.TOWNSHIP, parent=plan.county)
        region.save()
        township.pk = region.pk
        links.append((Region, region.pk, ImportRecord.Action.CREATED))
    _create(DispatchingUnit, plan.new_units, links, lambda u: DispatchingUnit(
        name=u.name, level=u.level, kind=u.kind, region_id=u.region_id))
    _create(Village, plan.new_villages, links, lambda v: Village(township_id=ref_pk(v.township), name=v.name))
    _create(Team, plan.new_teams, links, lambda t: Team(
        village_id=ref_pk(t.village), term_start=t.term_start, term_end=t.term_end))
    progress(0.55, "正在写入干部")

    new_cadres = [row for row in rows if row.cadre_pk is None]
    created = Cadre.objects.bulk_create(
        [Cadre(id_number=row.values["facts"].number, county_id=plan.county.pk, **row.cadre_changes)
         for row in new_cadres], batch_size=BATCH)
    for row, cadre in zip(new_cadres, created, strict=True):
        row.cadre_pk = cadre.pk
        links.append((Cadre, cadre.pk, ImportRecord.Action.CREATED))
    fresh = {id(row) for row in new_cadres}
    changed = [row for row in rows if row.cadre_changes and id(row) not in fresh]
    _update(Cadre, [(row.cadre_pk, row.cadre_changes) for row in changed], now)  # type: ignore[misc]
    links.extend((Cadre, row.cadre_pk, ImportRecord.Action.UPDATED) for row in changed)  # type: ignore[misc]
    progress(0.7, "正在写入任职")

    new_memberships = [row for row in rows if row.membership_pk is None]
    made = Membership.objects.bulk_create([
        Membership(
            cadre_id=row.cadre_pk, team_id=ref_pk(row.team), dispatching_unit_id=ref_pk(row.unit),  # type: ignore[arg-type]
            role=row.membership_changes["role"], is_leader=row.membership_changes["is_leader"],
            start=row.membership_changes["start"], end=row.membership_changes["end"],
        ) for row in new_memberships
    ], batch_size=BATCH)
    for row, membership in zip(new_memberships, made, strict=True):
        row.membership_pk = membership.pk
        links.append((Membership, membership.pk, ImportRecord.Action.CREATED))
    updates: list[tuple[int, dict[str, Any]]] = []
    fresh = {id(row) for row in new_memberships}
    for row in rows:
        if row.membership_changes and id(row) not in fresh:
            changes = dict(row.membership_changes)
            if "dispatching_unit" in changes:
                changes["dispatching_unit_id"] = ref_pk(changes.pop("dispatching_unit"))
            updates.append((row.membership_pk, changes))
            links.append((Membership, row.membership_pk, ImportRecord.Action.UPDATED))
    _update(Membership, updates, now)
    progress(0.85, "正在记录导入来源")

    types = ContentType.objects.get_for_models(*{model for model, _, _ in links}) if links else {}
    ImportRecord.objects.bulk_create(
        [ImportRecord(batch=batch, content_type=types[model], object_id=pk, action=action)
         for model, pk, action in links],
        batch_size=BATCH * 5,
    )


def _create(model: type[models.Model], news: list[Any], links: list[Any], build: Callable[[Any], Any]) -> None:
    if not news:
        return
    objs = model._default_manager.bulk_create([build(n) for n in news], batch_size=BATCH)
    for new, obj in zip(news, objs, strict=True):
        new.pk = obj.pk
        links.append((model, obj.pk, ImportRecord.Action.CREATED))


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
    columns = [f.column for f in fields]  # type: ignore[union-attr]
    types = [f.db_type(connection) for f in fields]  # type: ignore[union-attr]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c)} = v.{qn(c)}::{t}" for c, t in zip(columns, types, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            chunk = objs[start: start + BATCH]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(chunk))
            params: list[Any] = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection)  # type: ignore[union-attr]
                              for f in fields)
            cursor.execute(
                f"UPDATE {qn(meta.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {placeholders}) AS v(id, {', '.join(qn(c) for c in columns)}) "
                f"WHERE t.id = v.id::bigint",
                params,
            )
