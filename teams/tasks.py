"""Background jobs of the teams app. Without REDIS_URL they run in-process (CELERY_TASK_ALWAYS_EAGER)."""

from __future__ import annotations

import logging

from celery import shared_task

from .models import ImportBatch
from .roster.importer import roster_check, roster_commit

log = logging.getLogger(__name__)


@shared_task(name="teams.roster_import", acks_late=True)
def roster_import(batch_id: int, commit: bool = False) -> str:
    """Check (dry run) or commit one uploaded roster; the batch records the outcome and the progress."""
    batch = ImportBatch.objects.select_related("county").get(pk=batch_id)
    try:
        if commit:
            roster_commit(batch=batch)
        else:
            roster_check(batch=batch)
    except Exception:
        # Already recorded on the batch as failed (with a Chinese message) and logged with its traceback.
        log.warning("roster import %s ended in failure", batch_id)
    return ImportBatch.objects.values_list("status", flat=True).get(pk=batch_id)
