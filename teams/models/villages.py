"""Villages, the places work teams are sent to."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from teams.choices import RegionLevel
from teams.scoping import ScopedQuerySet

from .base import Timestamped
from .regions import Region


class VillageQuerySet(ScopedQuerySet["Village"]):
    region_paths = ("township__path",)
    unit_paths = ("teams__memberships__dispatching_unit",)
    cadre_paths = ("teams__memberships__cadre",)
    multi_valued = True


class Village(Timestamped):
    township = models.ForeignKey(
        Region,
        verbose_name="乡镇（街道）",
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"level": RegionLevel.TOWNSHIP},
    )
    name = models.CharField("村名", max_length=64)
    code = models.CharField(
        "村级区划代码",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{12}$", "村级区划代码为12位数字")],
    )
    is_registered_poor = models.BooleanField("建档立卡贫困村", default=False)
    is_weak_party_org = models.BooleanField("软弱涣散村", default=False)
    is_stability_focus = models.BooleanField("维稳重点村", default=False)
    is_deep_poverty = models.BooleanField("深度贫困村", default=False)
    is_ethnic_area = models.BooleanField("民族地区", default=False)
    has_no_industry = models.BooleanField("缺乏产业", default=False)
    # Jinan 000 （一）: 驻村工作队重点派驻全省扶贫工作重点村中涉及我市的村及脱贫难度较大的村 — the villages
    # where every member should come from a county-level or higher unit (JN-TEAM-ORIGIN).
    is_key_village = models.BooleanField(
        "省扶贫工作重点村（含脱贫难度较大的村）",
        default=False,
        help_text="济南：派驻这些村的工作队队员均应为县级以上机关、企事业单位选派（JN-TEAM-ORIGIN）；"
        "其他贫困村可从乡镇（街道）年轻干部中选拔队员",
    )
    # Jinan 000: 对有特色资源、但挖掘利用不够的村，选派有头脑懂经营善管理的干部 (JN-MATCH).
    has_untapped_resources = models.BooleanField(
        "特色资源挖掘利用不够",
        default=False,
        help_text="有特色资源、但挖掘利用不够的村，应选派懂经营善管理的干部（JN-MATCH）",
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    poverty_exit_date = models.DateField("脱贫退出日期", null=True, blank=True)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = "村"
        verbose_name_plural = "村"
        ordering = ["township__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="village_unique_name_in_township",
                violation_error_message="该乡镇已有同名的村",
            ),
            models.CheckConstraint(
                name="village_latitude_range",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                violation_error_message="纬度应在-90到90之间",
            ),
            models.CheckConstraint(
                name="village_longitude_range",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                violation_error_message="经度应在-180到180之间",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:village_detail", args=[self.pk])
