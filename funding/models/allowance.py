"""Living allowance payments (生活补助发放): what a dispatching unit paid one cadre for one month.

The amount due is not stored: it is computed from the certified month (``attendance.models.
CadreMonthSummary`` and ``MonthCertification``) at the policy's rate (``funding.allowance_selectors``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from teams.scoping import ScopedQuerySet

# A month's allowance at 1000 yuan a day (the county setting's upper bound) for 31 days.
MAX_PAYMENT = Decimal("31000.00")


class AllowancePaymentQuerySet(ScopedQuerySet["AllowancePayment"]):
    region_paths = ("township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)


class AllowancePayment(models.Model):
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="allowance_payments"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="发放单位", on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField("发放日期")
    amount = models.DecimalField("发放金额（元）", max_digits=9, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间")

    objects = AllowancePaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "生活补助发放"
        verbose_name_plural = "生活补助发放"
        ordering = ["-year", "-month", "cadre"]
        indexes = [models.Index(fields=["county", "year", "month"], name="allowance_pay_county_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "month"],
                name="allowance_paid_once_per_month",
                violation_error_message="该干部本月的生活补助已录入发放记录",
            ),
            models.CheckConstraint(
                name="allowance_amount_bounded",
                condition=Q(amount__gt=0, amount__lte=MAX_PAYMENT),
                violation_error_message="发放金额应大于0且不超过31000元",
            ),
            models.CheckConstraint(name="allowance_month_valid", condition=Q(month__gte=1, month__lte=12)),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year}-{self.month:02d} {self.amount}"
