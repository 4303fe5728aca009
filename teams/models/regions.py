"""Administrative regions: province → city → county → township."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from teams.choices import PolicyCode, RegionLevel
from teams.scoping import ScopedQuerySet

from .base import Timestamped


class RegionQuerySet(ScopedQuerySet["Region"]):
    region_paths = ("path",)


class Region(Timestamped):
    """省 → 市 → 县（市、区）→ 乡镇（街道）, keyed by the national administrative-division code."""

    code = models.CharField(
        "区划代码", max_length=12, unique=True, validators=[RegexValidator(r"^[0-9]{6}([0-9]{3})?$")]
    )
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Codes of the ancestors and itself, each followed by "/": a subtree is a prefix match.
    path = models.CharField("路径", max_length=64, unique=True, editable=False)
    policy_code = models.CharField("适用政策", max_length=16, choices=PolicyCode.choices, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                name="region_county_has_policy",
                condition=(Q(level=RegionLevel.COUNTY) & ~Q(policy_code=""))
                | (~Q(level=RegionLevel.COUNTY) & Q(policy_code="")),
                violation_error_message="县（市、区）必须指定适用政策，其他层级不指定",
            ),
            models.CheckConstraint(
                name="region_root_is_province",
                condition=Q(level=RegionLevel.PROVINCE, parent__isnull=True)
                | (~Q(level=RegionLevel.PROVINCE) & Q(parent__isnull=False)),
                violation_error_message="只有省级区划没有上级",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    @property
    def parent_pk(self) -> int:
        """The parent's id, which every region below the province has (region_root_is_province): a
        township's county without a query."""
        if self.parent_id is None:
            raise ValueError(f"region {self.code} has no parent")
        return self.parent_id

    @property
    def county(self) -> Region | None:
        """The county this region is or lies in (None above county level)."""
        if self.level == RegionLevel.COUNTY:
            return self
        if self.level == RegionLevel.TOWNSHIP:
            return self.parent
        return None
