from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from teams.rules.retention import AUDIT_RETENTION_MIN_DAYS


@register()
def retention_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    """AUDIT_RETENTION_DAYS below the law's six months is refused at start (网络安全法 第二十一条)."""
    days = getattr(settings, "AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS)
    if not isinstance(days, int) or days < AUDIT_RETENTION_MIN_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS={days!r}：审计记录须至少保存{AUDIT_RETENTION_MIN_DAYS}天"
                "（网络安全法第二十一条，不少于六个月）",
                id="audit.E001",
            )
        ]
    return []
