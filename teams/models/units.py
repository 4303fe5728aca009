"""Dispatching units (派出单位), the bodies that send cadres."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from teams.choices import UnitKind, UnitLevel
from teams.scoping import ScopedQuerySet

from .base import Timestamped
from .regions import Region


class DispatchingUnitQuerySet(ScopedQuerySet["DispatchingUnit"]):
    region_paths = ("region__path", "memberships__team__village__township__path")
    ancestor_paths = ("region__path",)
    unplaced_path = "region"
    unit_paths = ("pk",)
    cadre_paths = ("memberships__cadre",)
    multi_valued = True


class DispatchingUnit(Timestamped):
    name = models.CharField("单位名称", max_length=128, unique=True)
    level = models.CharField("层级", max_length=16, choices=UnitLevel.choices)
    kind = models.CharField("性质", max_length=16, choices=UnitKind.choices)
    headcount = models.PositiveIntegerField(
        "在编人数", null=True, blank=True, help_text="编制内在编人员数，仅作记录"
    )
    # Sichuan 003: 按照干部职工人数…选派 — all cadres and staff, not only the establishment (SC-QUOTA).
    staff_total = models.PositiveIntegerField(
        "干部职工人数",
        null=True,
        blank=True,
        help_text="全部干部职工人数（不限于在编人数）；四川省直等单位按此确定应选派人数（SC-QUOTA），未填则不作判断",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="所在区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="中央单位可不填",
    )

    objects = DispatchingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "派出单位"
        verbose_name_plural = "派出单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:unit_detail", args=[self.pk])
