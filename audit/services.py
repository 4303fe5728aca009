from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from teams.rules.retention import AUDIT_RETENTION_MIN_DAYS

from .models import AuditEntry

RETENTION_TOO_SHORT = "retention_too_short"
RETENTION_TOO_SHORT_MSG = (
    "审计记录须至少保存{minimum}天（网络安全法第二十一条：网络日志留存不少于六个月），不能按{days}天清理"
)


class RetentionError(ValueError):
    code = RETENTION_TOO_SHORT


def audit_prune(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete the entries older than ``days`` (default AUDIT_RETENTION_DAYS) and nothing else; a
    retention shorter than the legal minimum is refused before anything is deleted."""
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    if days < AUDIT_RETENTION_MIN_DAYS:
        raise RetentionError(RETENTION_TOO_SHORT_MSG.format(minimum=AUDIT_RETENTION_MIN_DAYS, days=days))
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = AuditEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
