"""Background jobs of the teams app. Without REDIS_URL they run in-process (CELERY_TASK_ALWAYS_EAGER)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import ImportBatch
from .roster import messages
from .roster.importer import roster_check, roster_commit, roster_fail
from .rules import roster_limits

log = logging.getLogger(__name__)


@shared_task(
    name="teams.roster_import",
    acks_late=True,
    # Soft: raised inside the job, which rolls back and records the batch as failed. Hard: the worker child
    # is killed; the batch is then shown as failed once STALE_BATCH_MINUTES have passed (importer).
    soft_time_limit=roster_limits.TASK_SOFT_TIME_LIMIT,
    time_limit=roster_limits.TASK_TIME_LIMIT,
)
def roster_import(batch_id: int, commit: bool = False) -> str:
    """Check (dry run) or commit one uploaded roster; the batch records the outcome and the progress.

    Never raises: whatever happens, the batch ends as checked, refused, committed or failed with a reason,
    in a worker and in-process alike (an exception here would be a 500 for the uploading request)."""
    try:
        batch = ImportBatch.objects.select_related("county").get(pk=batch_id)
        if commit:
            roster_commit(batch=batch)
        else:
            roster_check(batch=batch)
    except ImportBatch.DoesNotExist:
        return "missing"
    except SoftTimeLimitExceeded:
        log.warning("roster import %s passed its time limit", batch_id)
        minutes = roster_limits.TASK_SOFT_TIME_LIMIT // 60
        roster_fail(batch_id=batch_id, message=messages.TIMED_OUT.format(minutes=minutes), replace=True)
    except Exception:
        # Recorded on the batch by the importer when it got that far (and logged with its traceback).
        log.exception("roster import %s ended in failure", batch_id)
        roster_fail(batch_id=batch_id, message=messages.FAILED)
    return ImportBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first() or "missing"
