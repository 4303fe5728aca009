"""Health of the background machinery: a task a worker runs to prove it reaches the database."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.apps import apps
from django.db import connection
from django.utils import timezone


@shared_task(name="zhucun.health_check")
def health_check() -> dict[str, Any]:
    """Run by a worker: reports its database and clock, so operators see a live, connected worker."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "database": connection.vendor,
        "regions": apps.get_model("teams", "Region").objects.count(),
        "time": timezone.now().isoformat(),
    }
