"""Roster import batches: an uploaded file kept for the import job, then committed with the user's
choices."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from teams import errors
from teams.choices import RegionLevel
from teams.models import ImportBatch, Region

from .base import require_editor, require_in_scope


def roster_batch_create(
    *, actor: User, county: Region, file_name: str, content: bytes, now: datetime.datetime | None = None
) -> ImportBatch:
    """Keep an uploaded roster for the import job to check (a dry run, queued by the caller)."""
    require_editor(actor)
    require_in_scope(actor, Region.objects.filter(level=RegionLevel.COUNTY), county, "县（市、区）", "county")
    return ImportBatch.objects.create(
        county=county,
        created_by=actor,
        file_name=file_name[:255],
        content=content,
        source=ImportBatch.Source.WEB,
        started_at=now or timezone.now(),
    )


# A batch the import job may be asked to commit: checked, refused (invalid rows to skip) or failed.
COMMITTABLE = (ImportBatch.Status.CHECKED, ImportBatch.Status.REFUSED, ImportBatch.Status.FAILED)


def roster_batch_commit(
    *,
    actor: User,
    batch: ImportBatch,
    aliases: dict[str, Any],
    skip_invalid: bool,
    now: datetime.datetime | None = None,
) -> ImportBatch:
    """Mark a checked batch to be committed (queued by the caller) with the user's choices: which
    existing township, village or unit a new name in the file stands for, and whether to skip invalid
    rows. A batch already imported or being processed is refused."""
    require_editor(actor)
    require_in_scope(actor, ImportBatch.objects.all(), batch, "导入批次", "batch")
    if batch.status not in COMMITTABLE:
        raise errors.ServiceError(errors.IMPORT_NOT_COMMITTABLE, errors.IMPORT_NOT_COMMITTABLE_MSG)
    batch.aliases = aliases
    batch.skip_invalid = skip_invalid
    batch.status, batch.progress, batch.started_at = ImportBatch.Status.PENDING, 0, now or timezone.now()
    batch.save(update_fields=["aliases", "skip_invalid", "status", "progress", "started_at"])
    return batch
