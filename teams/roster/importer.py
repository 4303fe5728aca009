"""Importing a roster file into one county: check (dry run) and commit, each recorded on an ImportBatch.

The browser, the ``import_roster`` command and the Celery task all come through here.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from teams.choices import UnitKind, UnitLevel
from teams.models import ImportBatch, Region
from teams.rules import roster_limits

from . import columns, messages
from . import plan as planning
from .commit import apply
from .reader import UnreadableFile, read

log = logging.getLogger(__name__)
Status = ImportBatch.Status
RUNNING = (Status.PENDING, Status.CHECKING, Status.COMMITTING)
SHOWN_INVALID = 500


def progress_key(batch_id: int) -> str:
    return f"roster-import:{batch_id}:progress"


def read_progress(batch: ImportBatch) -> tuple[int, str]:
    found = cache.get(progress_key(batch.pk))
    if found:
        return found["percent"], found["text"]
    return batch.progress, batch.get_status_display()


class _Reporter:
    """Live progress for the polling page: in the cache (shared through Redis with the workers), since
    the rows written inside the commit's transaction stay invisible until it ends."""

    def __init__(
        self,
        batch: ImportBatch,
        low: float,
        high: float,
        *,
        to_db: bool,
        echo: Callable[[float, str], None] | None = None,
    ) -> None:
        self.batch, self.low, self.high, self.to_db, self.echo = batch, low, high, to_db, echo

    def __call__(self, fraction: float, text: str) -> None:
        percent = int(100 * (self.low + (self.high - self.low) * fraction))
        cache.set(progress_key(self.batch.pk), {"percent": percent, "text": text}, 3600)
        if self.to_db:
            ImportBatch.objects.filter(pk=self.batch.pk).update(progress=percent)
        if self.echo:
            self.echo(fraction, text)


def _json(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value


def _report(result: planning.Plan) -> dict[str, Any]:
    table = result.table
    levels, kinds = dict(UnitLevel.choices), dict(UnitKind.choices)
    return {
        "header_row": table.header_row,
        "header": table.header,
        "columns": {key: table.label(key) for key in table.index},
        "ignored_columns": table.ignored,
        "missing_columns": [c.header for c in columns.COLUMNS if c.key not in table.index],
        "new_townships": [
            {"name": t.name, "code": t.code, "similar": t.similar, "matches": _matches(t.matches)}
            for t in result.new_townships
        ],
        "new_villages": [
            {
                "township": v.township_name,
                "name": v.name,
                "similar": v.similar,
                "matches": _matches(v.matches),
            }
            for v in result.new_villages
        ],
        "new_units": [
            {
                "name": u.name,
                "level": levels.get(u.level, u.level),
                "kind": kinds.get(u.kind, u.kind),
                "similar": u.similar,
                "matches": _matches(u.matches),
            }
            for u in result.new_units
        ],
        "new_teams": len(result.new_teams),
        **_invalid(result.invalid),
    }


def _invalid(rows: list[planning.Row]) -> dict[str, Any]:
    """The invalid rows the report keeps, up to a count and a size, and how many more there are."""
    kept: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        if (
            len(kept) >= roster_limits.REPORT_MAX_INVALID_ROWS
            or size > roster_limits.REPORT_MAX_INVALID_CHARS
        ):
            break
        cells = [_json(c) for c in row.cells]
        size += sum(len(str(c)) for c in cells) + sum(len(c) + len(r) for c, r in row.issues)
        kept.append({"row": row.number, "issues": row.issues, "cells": cells})
    return {"invalid": kept, "invalid_omitted": len(rows) - len(kept)}


def _matches(matches: list[planning.Match]) -> list[dict[str, Any]]:
    return [{"pk": pk, "name": name} for pk, name in matches]


def _counts(batch: ImportBatch, result: planning.Plan, *, written: bool = True) -> None:
    batch.total_rows = len(result.rows)
    batch.invalid_count = len(result.invalid)
    batch.created_count = result.count("created") if written else 0
    batch.updated_count = result.count("updated") if written else 0
    batch.unchanged_count = result.count("unchanged") if written else 0


def _fail(batch: ImportBatch, message: str) -> None:
    batch.status, batch.message, batch.finished_at, batch.progress = (
        Status.FAILED,
        message,
        timezone.now(),
        100,
    )
    batch.save(update_fields=["status", "message", "finished_at", "progress"])
    cache.delete(progress_key(batch.pk))


def roster_fail(*, batch_id: int, message: str, replace: bool = False) -> None:
    """Record a check or import that ended without recording its outcome (an error outside the importer,
    a time limit) as failed; one that finished meanwhile is left as it is. ``replace``: also give a batch
    the importer already recorded as failed this more precise reason."""
    statuses = (*RUNNING, Status.FAILED) if replace else RUNNING
    ImportBatch.objects.filter(pk=batch_id, status__in=statuses).update(
        status=Status.FAILED, message=message, finished_at=timezone.now(), progress=100
    )
    cache.delete(progress_key(batch_id))


def roster_expire_stale(*, batches: QuerySet[ImportBatch]) -> int:
    """Mark as failed (超时) the ``batches`` still queued or running STALE_BATCH_MINUTES after they began:
    their worker died (killed at its time limit, out of memory, restarted) or never came. Called when a
    batch is read, so nobody waits on "校验中" forever."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=roster_limits.STALE_BATCH_MINUTES)
    stale = list(
        batches.filter(status__in=RUNNING)
        .filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
        .values_list("pk", flat=True)
    )
    if not stale:
        return 0
    message = messages.STALE.format(minutes=roster_limits.STALE_BATCH_MINUTES)
    count = ImportBatch.objects.filter(pk__in=stale, status__in=RUNNING).update(
        status=Status.FAILED, message=message, finished_at=now, progress=100
    )
    cache.delete_many([progress_key(pk) for pk in stale])
    return count


def _start(batch: ImportBatch, status: str) -> None:
    batch.status, batch.progress, batch.started_at = status, 0, timezone.now()
    batch.save(update_fields=["status", "progress", "started_at"])


def roster_check(
    *, batch: ImportBatch, echo: Callable[[float, str], None] | None = None
) -> planning.Plan | None:
    """Dry run: what the file would do. Writes only the batch's report and counts."""
    _start(batch, Status.CHECKING)
    progress = _Reporter(batch, 0, 1, to_db=True, echo=echo)
    try:
        progress(0.02, "正在读取文件")
        table = read(bytes(batch.content), batch.file_name)
        result = planning.build(table, batch.county, progress=progress, aliases=batch.aliases)
    except UnreadableFile as exc:
        _fail(batch, str(exc))
        return None
    except Exception:
        log.exception("roster check %s failed", batch.pk)
        _fail(batch, messages.FAILED)
        raise
    batch.report = _report(result)
    _counts(batch, result)
    batch.status, batch.progress, batch.finished_at = Status.CHECKED, 100, timezone.now()
    batch.message = ""
    batch.save()
    cache.delete(progress_key(batch.pk))
    return result


def roster_commit(
    *, batch: ImportBatch, echo: Callable[[float, str], None] | None = None
) -> planning.Plan | None:
    """Check again (the database may have moved on) and write, all or nothing unless ``skip_invalid``."""
    if (
        not ImportBatch.objects.filter(pk=batch.pk)
        .exclude(status=Status.COMMITTED)
        .update(status=Status.COMMITTING, progress=0, started_at=timezone.now())
    ):
        return None  # committed already (a second click, a redelivered task)
    batch.status, batch.progress = Status.COMMITTING, 0
    progress = _Reporter(batch, 0, 1, to_db=False, echo=echo)
    try:
        progress(0.02, "正在读取文件")
        table = read(bytes(batch.content), batch.file_name)
    except UnreadableFile as exc:
        _fail(batch, str(exc))
        return None
    try:
        with transaction.atomic():
            # One import per county at a time; everyone else keeps writing (the row is not otherwise locked).
            Region.objects.select_for_update().filter(pk=batch.county_id).first()
            if ImportBatch.objects.select_for_update().get(pk=batch.pk).status == Status.COMMITTED:
                return None
            result = planning.build(
                table,
                batch.county,
                progress=_Reporter(batch, 0, 0.5, to_db=False, echo=echo),
                aliases=batch.aliases,
            )
            batch.report = _report(result)
            if result.invalid and not batch.skip_invalid:
                _counts(batch, result, written=False)
                batch.status, batch.message = (
                    Status.REFUSED,
                    messages.REFUSED.format(count=len(result.invalid)),
                )
            else:
                apply(result, batch, _Reporter(batch, 0, 1, to_db=False, echo=echo))
                _counts(batch, result)
                batch.status, batch.message = Status.COMMITTED, ""
            batch.progress, batch.finished_at = 100, timezone.now()
            batch.save()
    except IntegrityError:
        log.warning("roster import %s lost a race with another writer", batch.pk, exc_info=True)
        _fail(batch, messages.CONCURRENT)
        return None
    except Exception:
        log.exception("roster import %s failed", batch.pk)
        _fail(batch, messages.FAILED)
        raise
    cache.delete(progress_key(batch.pk))
    return result
