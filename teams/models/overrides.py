"""County policy settings: a county's own value for a configurable provision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from teams.choices import RegionLevel

from .regions import Region


class PolicyOverride(models.Model):
    """A county's value for one configurable provision; the newest row per key in force wins.

    Rows are never edited: a change is a new row, so who, when and why stay on record, and a request
    made before the change keeps the value it was judged by.
    """

    county = models.ForeignKey(
        Region,
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="policy_overrides",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    key = models.CharField("配置项", max_length=64)
    provision = models.CharField("条款编号", max_length=32)
    value = models.JSONField("取值", null=True)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "县级政策配置"
        verbose_name_plural = "县级政策配置"
        ordering = ["county", "key", "-created_at"]

    def __str__(self) -> str:
        return f"{self.county} {self.key}={self.value}"
