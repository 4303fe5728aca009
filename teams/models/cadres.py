"""Cadres (驻村干部), the people sent."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from teams.choices import Expertise, PartyStatus, Rank, RegionLevel, Sex
from teams.scoping import ScopedQuerySet

from .base import Timestamped
from .regions import Region

ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"


class CadreQuerySet(ScopedQuerySet["Cadre"]):
    region_paths = ("county__path", "memberships__team__village__township__path")
    unit_paths = ("memberships__dispatching_unit",)
    cadre_paths = ("pk",)
    multi_valued = True


class Cadre(Timestamped):
    id_number = models.CharField(
        "公民身份号码",
        max_length=18,
        unique=True,
        validators=[RegexValidator(ID_NUMBER_PATTERN, "身份证号应为18位，末位为数字或X")],
    )
    name = models.CharField("姓名", max_length=32)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    party_status = models.CharField("政治面貌", max_length=16, choices=PartyStatus.choices)
    rank = models.CharField("职级", max_length=32, choices=Rank.choices, default=Rank.OTHER)
    is_reserve = models.BooleanField("后备干部", default=False)
    expertise = models.CharField("专长", max_length=16, choices=Expertise.choices, default=Expertise.OTHER)
    # Empty (None) means not recorded: the checks that read these say nothing rather than guess.
    is_bilingual = models.BooleanField(
        "懂“双语”",
        null=True,
        blank=True,
        help_text="懂民族语言和国家通用语言（QH-BILINGUAL）；未登记的留空",
    )
    is_on_staff = models.BooleanField(
        "在编在岗",
        null=True,
        blank=True,
        help_text="是否为在编在岗干部职工（SC-STAFF）；未登记的留空",
    )
    phone = models.CharField(
        "联系电话",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\-]{7,20}$", "电话号码格式不正确")],
    )
    county = models.ForeignKey(
        Region,
        verbose_name="管理县（市、区）",
        on_delete=models.PROTECT,
        related_name="cadres",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "驻村干部"
        verbose_name_plural = "驻村干部"
        ordering = ["name", "id_number"]
        constraints = [
            models.CheckConstraint(
                name="cadre_id_number_format",
                condition=Q(id_number__regex=ID_NUMBER_PATTERN),
                violation_error_message="身份证号应为18位，末位为数字或X",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:cadre_detail", args=[self.pk])

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday
