"""Roster import batches and the records each one created or changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from teams.choices import RegionLevel
from teams.scoping import ScopedQuerySet

from .regions import Region


class ImportBatchQuerySet(ScopedQuerySet["ImportBatch"]):
    region_paths = ("county__path",)


class ImportBatch(models.Model):
    """One roster file imported (or checked) into one county: who, when, what file, what came of it."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        CHECKING = "checking", "校验中"
        CHECKED = "checked", "已校验，待确认导入"
        COMMITTING = "committing", "导入中"
        COMMITTED = "committed", "已导入"
        REFUSED = "refused", "未导入（存在无效行）"
        FAILED = "failed", "失败"

    class Source(models.TextChoices):
        WEB = "web", "网页"
        COMMAND = "command", "命令行"

    county = models.ForeignKey(
        Region,
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="import_batches",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # When the current check or import was queued or began: one running longer than
    # roster_limits.STALE_BATCH_MINUTES has died with its worker and is shown as failed (issue 16).
    started_at = models.DateTimeField("本次处理开始时间", null=True, blank=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.WEB)
    file_name = models.CharField("文件名", max_length=255)
    # Kept in the database, not on a web host's disk: any web or worker host can read it.
    content = models.BinaryField("文件内容", editable=False)
    skip_invalid = models.BooleanField("跳过无效行", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变化", default=0)
    invalid_count = models.PositiveIntegerField("无效", default=0)
    report = models.JSONField("校验报告", default=dict, blank=True)
    # Names in the file the user mapped onto existing records instead of creating near-duplicates:
    # {"townships": [{"name", "pk"}], "villages": [{"township", "name", "pk"}], "units": [{"name", "pk"}]}.
    aliases = models.JSONField("名称对应", default=dict, blank=True)
    message = models.TextField("说明", blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "花名册导入"
        verbose_name_plural = "花名册导入"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.created_at:%Y-%m-%d %H:%M}）" if self.created_at else self.file_name

    def get_absolute_url(self) -> str:
        return reverse("teams:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CHECKING, self.Status.COMMITTING)


class ImportRecord(models.Model):
    """A record an import created or changed, so every row can be traced back to its file."""

    class Action(models.TextChoices):
        CREATED = "created", "新增"
        UPDATED = "updated", "更新"

    batch = models.ForeignKey(
        ImportBatch, verbose_name="导入批次", on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("记录编号")
    action = models.CharField("操作", max_length=16, choices=Action.choices)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        indexes = [models.Index(fields=["content_type", "object_id"], name="import_record_object")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.content_type_id}:{self.object_id}"
