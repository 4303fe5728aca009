"""Logins: every user holds an office (职能) over a jurisdiction (a region, a dispatching unit or a cadre)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Office(models.TextChoices):
    COUNTY_ORG_DEPT = "county_org_dept", "县委组织部"
    COUNTY_RURAL_BUREAU = "county_rural_bureau", "县乡村振兴局"
    TOWNSHIP_COMMITTEE = "township_committee", "乡镇党委"
    DISPATCHING_UNIT = "dispatching_unit", "派出单位"
    CITY_OVERSIGHT = "city_oversight", "市委组织部 / 市乡村振兴局"
    CADRE = "cadre", "驻村干部"


# Which region level each regional office governs.
REGION_OFFICES: dict[str, str] = {
    Office.COUNTY_ORG_DEPT: "county",
    Office.COUNTY_RURAL_BUREAU: "county",
    Office.TOWNSHIP_COMMITTEE: "township",
    Office.CITY_OVERSIGHT: "city",
}

# Offices that create and edit the county's teams, cadres, villages and units.
EDITING_OFFICES = frozenset({Office.COUNTY_ORG_DEPT})


class User(AbstractUser):
    office = models.CharField("职能", max_length=32, choices=Office.choices, blank=True)
    region = models.ForeignKey(
        "teams.Region",
        verbose_name="管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit",
        verbose_name="所属派出单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    cadre = models.OneToOneField(
        "teams.Cadre",
        verbose_name="对应驻村干部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_office_matches_jurisdiction",
                condition=(
                    Q(office="", region__isnull=True, dispatching_unit__isnull=True, cadre__isnull=True)
                    | Q(
                        office__in=list(REGION_OFFICES),
                        region__isnull=False,
                        dispatching_unit__isnull=True,
                        cadre__isnull=True,
                    )
                    | Q(
                        office=Office.DISPATCHING_UNIT,
                        region__isnull=True,
                        dispatching_unit__isnull=False,
                        cadre__isnull=True,
                    )
                    | Q(
                        office=Office.CADRE,
                        region__isnull=True,
                        dispatching_unit__isnull=True,
                        cadre__isnull=False,
                    )
                ),
                violation_error_message="职能与管辖范围不一致",
            ),
        ]

    @property
    def can_edit_roster(self) -> bool:
        return self.is_superuser or self.office in EDITING_OFFICES

    @property
    def jurisdiction_label(self) -> str:
        if self.region_id:
            return str(self.region)
        if self.dispatching_unit_id:
            return str(self.dispatching_unit)
        if self.cadre_id:
            return str(self.cadre)
        return "全部" if self.is_superuser else "无"
