"""Accident insurance (人身意外伤害保险) and the annual health check (定期体检) per cadre and year.

The documents ask for both but set no figure, so PROVISIONS.md has no id for them; the pages cite the
documents (``funding.insurance_selectors.SOURCES``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from teams.scoping import ScopedQuerySet

MAX_INSURED = Decimal("10000000.00")


class _CadreYearQuerySet(ScopedQuerySet[Any]):
    region_paths = ("county__path", "cadre__memberships__team__village__township__path")
    unit_paths = ("cadre__memberships__dispatching_unit",)
    cadre_paths = ("cadre",)
    multi_valued = True


class CadreInsuranceQuerySet(_CadreYearQuerySet):
    pass


class HealthCheckQuerySet(_CadreYearQuerySet):
    pass


class CadreInsurance(models.Model):
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="insurances"
    )
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    insurer = models.CharField("承保机构", max_length=100)
    amount = models.DecimalField("保险金额（元）", max_digits=11, decimal_places=2)
    start = models.DateField("保险起期")
    end = models.DateField("保险止期")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间")

    objects = CadreInsuranceQuerySet.as_manager()

    class Meta:
        verbose_name = "人身意外伤害保险"
        verbose_name_plural = "人身意外伤害保险"
        ordering = ["-year", "cadre"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="insurance_once_per_year",
                violation_error_message="该干部本年度的人身意外伤害保险已登记",
            ),
            models.CheckConstraint(
                name="insurance_amount_bounded",
                condition=Q(amount__gt=0, amount__lte=MAX_INSURED),
                violation_error_message="保险金额应大于0且不超过1000万元",
            ),
            models.CheckConstraint(
                name="insurance_period_ordered",
                condition=Q(end__gte=F("start")),
                violation_error_message="保险止期不能早于起期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year} {self.insurer}"


class HealthCheck(models.Model):
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="health_checks"
    )
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    date = models.DateField("体检日期")
    institution = models.CharField("体检机构", max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间")

    objects = HealthCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "定期体检"
        verbose_name_plural = "定期体检"
        ordering = ["-year", "cadre"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="health_check_once_per_year",
                violation_error_message="该干部本年度的体检已登记",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year} {self.date}"
