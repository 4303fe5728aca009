"""Spot checks (查岗, QH-CHECK) and the absence explanations (情况说明, ZMD-ABSENT) an unexcused absence
found by one opens. Re-exported by ``attendance.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from teams.scoping import ScopedQuerySet

__all__ = ["AbsenceExplanation", "ExplanationState", "SpotCheck"]


class SpotCheckQuerySet(ScopedQuerySet["SpotCheck"]):
    region_paths = ("township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)


class SpotCheck(models.Model):
    """查岗 (QH-CHECK): by phone or on site, who checked, when, what was found."""

    class Method(models.TextChoices):
        PHONE = "phone", "电话查岗"
        ON_SITE = "on_site", "实地查岗"

    class Result(models.TextChoices):
        PRESENT = "present", "在岗"
        EXCUSED = "excused", "不在岗（已请假或因公外出）"
        UNEXCUSED = "unexcused", "无故不在岗"

    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("查岗时间")
    method = models.CharField("方式", max_length=8, choices=Method.choices)
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    note = models.TextField("情况", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查岗人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = SpotCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "查岗"
        verbose_name_plural = "查岗"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.at:%Y-%m-%d} {self.get_result_display()}"


class ExplanationState(models.TextChoices):
    PENDING = "pending", "待本人说明"
    WRITTEN = "written", "待派出单位负责人签字"
    SIGNED = "signed", "已签字，待报送"
    SENT = "sent", "已报县"


class AbsenceExplanationQuerySet(ScopedQuerySet["AbsenceExplanation"]):
    region_paths = ("township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)


class AbsenceExplanation(models.Model):
    """ZMD-ABSENT: an unexcused absence found in a check → written by the cadre → signed by the
    dispatching unit's head → sent to the county; the county collects each month's by the 25th."""

    spot_check = models.OneToOneField(
        SpotCheck, verbose_name="查岗记录", on_delete=models.PROTECT, related_name="explanation"
    )
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    # The month whose collection (due on the policy's summary day) this explanation belongs to.
    collection_year = models.PositiveSmallIntegerField("汇总年")
    collection_month = models.PositiveSmallIntegerField("汇总月")
    due = models.DateField("汇总截止日期")
    state = models.CharField(
        "状态", max_length=8, choices=ExplanationState.choices, default=ExplanationState.PENDING
    )
    text = models.TextField("情况说明", blank=True)
    written_at = models.DateTimeField("说明时间", null=True, blank=True)
    signer_name = models.CharField("签字负责人", max_length=32, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签字登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签字时间", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField("报送时间", null=True, blank=True)
    reminded_on = models.DateField("提醒日期", null=True, blank=True)

    objects = AbsenceExplanationQuerySet.as_manager()

    class Meta:
        verbose_name = "不在岗情况说明"
        verbose_name_plural = "不在岗情况说明"
        ordering = ["-collection_year", "-collection_month", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="explanation_state_valid",
                condition=Q(state__in=ExplanationState.values),
                violation_error_message="状态无效",
            ),
            models.CheckConstraint(
                name="explanation_signed_after_written",
                condition=Q(state="pending") | Q(written_at__isnull=False),
                violation_error_message="情况说明须先由本人写出",
            ),
            models.CheckConstraint(
                name="explanation_sent_after_signed",
                condition=Q(state__in=["pending", "written"]) | Q(signed_at__isnull=False),
                violation_error_message="情况说明须经派出单位负责人签字",
            ),
            models.CheckConstraint(
                name="explanation_signed_not_before_written",
                condition=Q(signed_at__isnull=True) | Q(signed_at__gte=F("written_at")),
                violation_error_message="签字时间不能早于说明时间",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.cadre_id} {self.collection_year}-{self.collection_month:02d} {self.get_state_display()}"
        )

    def get_absolute_url(self) -> str:
        return reverse("attendance:explanation_detail", args=[self.pk])
