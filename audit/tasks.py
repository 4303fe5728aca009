from __future__ import annotations

from celery import shared_task

from .services import audit_prune


@shared_task
def prune() -> int:
    """Celery beat, daily: entries older than AUDIT_RETENTION_DAYS go."""
    return audit_prune()
