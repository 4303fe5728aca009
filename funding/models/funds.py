"""Work funds (工作经费) per team and year: allocations with their source and document number, and the
expenditures entered against them (a simple county approval). The floor for the year is the policy's
(QH-FUNDS / QH10-FUNDS / SC-FUNDS …) or the county's own ``work_funds_min`` setting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from teams.scoping import ScopedQuerySet


class FundSource(models.TextChoices):
    COUNTY_BUDGET = "county_budget", "县级财政"
    PROVINCE_DEEP_POVERTY = "province_deep_poverty", "省级财政转移支付（深度贫困县，QH10-FUNDS）"
    PROVINCE_ETHNIC_HARDSHIP = "province_ethnic_hardship", "省级财政（三类及以上民族地区艰苦县，SC-FUNDS）"
    OTHER = "other", "其他"


class ExpenditureCategory(models.TextChoices):
    # Transport: QH-FUNDS lets it be reimbursed from the work funds.
    TRANSPORT = "transport", "交通费"
    OFFICE = "office", "办公费"
    ACTIVITIES = "activities", "活动费"
    OTHER = "other", "其他"


class ExpenditureStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"


class WorkFundQuerySet(ScopedQuerySet["WorkFund"]):
    # A unit reads the funds of the teams it sends cadres to; a cadre those of their teams.
    region_paths = ("team__village__township__path",)
    unit_paths = ("team__memberships__dispatching_unit",)
    cadre_paths = ("team__memberships__cadre",)
    multi_valued = True


class WorkFund(models.Model):
    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="work_funds"
    )
    year = models.PositiveSmallIntegerField("年度")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = WorkFundQuerySet.as_manager()

    class Meta:
        verbose_name = "工作经费"
        verbose_name_plural = "工作经费"
        ordering = ["-year", "team__village__township__path", "team__village__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"],
                name="work_fund_once_per_team_year",
                violation_error_message="该工作队该年度的工作经费已登记",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}{self.year}年工作经费"


class FundAllocationQuerySet(ScopedQuerySet["FundAllocation"]):
    region_paths = ("fund__team__village__township__path",)
    unit_paths = ("fund__team__memberships__dispatching_unit",)
    cadre_paths = ("fund__team__memberships__cadre",)
    multi_valued = True


class FundAllocation(models.Model):
    fund = models.ForeignKey(
        WorkFund, verbose_name="工作经费", on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    source = models.CharField("来源", max_length=32, choices=FundSource.choices)
    allocated_on = models.DateField("拨付日期")
    document_number = models.CharField("文号", max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = FundAllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "经费拨付"
        verbose_name_plural = "经费拨付"
        ordering = ["allocated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="fund_allocation_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message="拨付金额必须大于0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}拨付{self.amount}元（{self.allocated_on}）"


class ExpenditureQuerySet(ScopedQuerySet["Expenditure"]):
    region_paths = ("fund__team__village__township__path",)
    unit_paths = ("fund__team__memberships__dispatching_unit",)
    cadre_paths = ("fund__team__memberships__cadre",)
    multi_valued = True


class Expenditure(models.Model):
    fund = models.ForeignKey(
        WorkFund, verbose_name="工作经费", on_delete=models.PROTECT, related_name="expenditures"
    )
    spent_on = models.DateField("支出日期")
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    category = models.CharField("类别", max_length=16, choices=ExpenditureCategory.choices)
    payee = models.CharField("收款方", max_length=100)
    description = models.TextField("用途说明", blank=True)
    receipt = models.FileField("票据", upload_to="funding/receipts/%Y/%m/", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ExpenditureStatus.choices, default=ExpenditureStatus.PENDING
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="expenditure_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message="支出金额必须大于0",
            ),
            models.CheckConstraint(
                name="expenditure_decided_has_decider",
                condition=Q(status=ExpenditureStatus.PENDING, decided_at__isnull=True)
                | (
                    ~Q(status=ExpenditureStatus.PENDING)
                    & Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                violation_error_message="已审批的支出须记录审批人和时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}支出{self.amount}元（{self.spent_on}）"

    @property
    def is_pending(self) -> bool:
        return self.status == ExpenditureStatus.PENDING
