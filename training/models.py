"""Training (培训): events organised at some level, the cadres who attended them (records), and the
imports of attendance sheets that create records in bulk."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact

from teams.scoping import ScopedQuerySet


class TrainingLevel(models.TextChoices):
    # The codes are teams.rules.facts.TRAINING_LEVELS, so check_training_year / check_training_split
    # take them unchanged.
    CENTRAL = "central", "中央"
    PROVINCE = "province", "省级"
    CITY = "city", "市（州）级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"


class TrainingKind(models.TextChoices):
    PRE_SERVICE = "pre_service", "任前培训"
    ROTATION = "rotation", "轮训"
    OTHER = "other", "其他"


class RecordSource(models.TextChoices):
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "表格导入"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "待确认"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "失败"


class TrainingEventQuerySet(ScopedQuerySet["TrainingEvent"]):
    # Shared like dispatching units: a county sees the events of its own county and townships
    # (prefix) and those of its city and province (exact ancestors); a unit or cadre the events its
    # cadres / they attended.
    region_paths = ("region__path",)
    ancestor_paths = ("region__path",)
    unit_paths = ("records__cadre__memberships__dispatching_unit",)
    cadre_paths = ("records__cadre",)
    multi_valued = True


class TrainingEvent(models.Model):
    region = models.ForeignKey(
        "teams.Region",
        verbose_name="组织区划",
        on_delete=models.PROTECT,
        related_name="training_events",
        help_text="组织培训的省、市（州）、县或乡镇；中央组织的培训记在录入的县",
    )
    level = models.CharField("组织层级", max_length=16, choices=TrainingLevel.choices)
    title = models.CharField("培训名称", max_length=128)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    days = models.DecimalField("培训天数", max_digits=4, decimal_places=1, help_text="可填半天，如2.5")
    concentrated = models.BooleanField("集中培训", default=True)
    kind = models.CharField(
        "培训类别", max_length=16, choices=TrainingKind.choices, default=TrainingKind.ROTATION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间")

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = "培训班次"
        ordering = ["-start", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                name="training_event_dates_ordered",
                condition=Q(end__gte=F("start")),
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                name="training_event_days_positive",
                condition=Q(days__gt=Decimal(0)),
                violation_error_message="培训天数应大于0",
            ),
            models.CheckConstraint(
                name="training_event_days_half",
                # Whole or half days only.
                condition=Exact(Mod(F("days") * 2, 1), 0),
                violation_error_message="培训天数只能是整天或半天",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.start:%Y-%m-%d}）"

    @property
    def span_days(self) -> int:
        return (self.end - self.start).days + 1


class TrainingRecordQuerySet(ScopedQuerySet["TrainingRecord"]):
    # Like the cadre itself: the managing county, the townships of its postings, its units, the cadre.
    region_paths = ("cadre__county__path", "cadre__memberships__team__village__township__path")
    unit_paths = ("cadre__memberships__dispatching_unit",)
    cadre_paths = ("cadre",)
    multi_valued = True


class TrainingRecord(models.Model):
    event = models.ForeignKey(
        TrainingEvent, verbose_name="培训班次", on_delete=models.PROTECT, related_name="records"
    )
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="training_records"
    )
    days = models.DecimalField("参训天数", max_digits=4, decimal_places=1)
    source = models.CharField("来源", max_length=8, choices=RecordSource.choices, default=RecordSource.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间")

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-event__start", "cadre__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "cadre"],
                name="training_record_once_per_event",
                violation_error_message="该干部已在本次培训的参训名单中",
            ),
            models.CheckConstraint(
                name="training_record_days_positive",
                condition=Q(days__gt=Decimal(0)),
                violation_error_message="参训天数应大于0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}：{self.event.title}"


class TrainingImportQuerySet(ScopedQuerySet["TrainingImport"]):
    # The office that uploaded it (a county reaches its townships' uploads), not the event's
    # organiser: a provincial event is shared by every county of the province, an upload is not.
    region_paths = ("created_by__region__path",)


class TrainingImport(models.Model):
    """An attendance sheet uploaded for one event: previewed, then committed all or nothing."""

    event = models.ForeignKey(
        TrainingEvent, verbose_name="培训班次", on_delete=models.PROTECT, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间")
    file_name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("文件内容")
    status = models.CharField(
        "状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    report = models.JSONField("检查结果", default=dict, blank=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)

    objects = TrainingImportQuerySet.as_manager()

    class Meta:
        verbose_name = "培训名单导入"
        verbose_name_plural = "培训名单导入"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="training_import_committed_has_time",
                condition=Q(status=ImportStatus.COMMITTED, committed_at__isnull=False)
                | (~Q(status=ImportStatus.COMMITTED) & Q(committed_at__isnull=True)),
                violation_error_message="已导入的名单须记录导入时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.event.title}）"
