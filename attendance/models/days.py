"""Attendance days (考勤): the days, check-ins, month certification and its audit, the county's work
calendar and the cadre × month summary. Spot checks (查岗) and absence explanations (情况说明) are in
``spot_checks``.

Re-exported by ``attendance.models`` so that the app's migrations see these models.

AttendanceDay is the big table (about 18 million rows per province-year): it is keyed by
(cadre, date) itself — no surrogate id, no second unique index — and its scoping foreign keys carry
no index of their own; reads go through the primary key (cadre, date).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from teams.scoping import ScopedQuerySet, scope_for

__all__ = [
    "STATUS_SHORT",
    "AttendanceChange",
    "AttendanceDay",
    "AttendanceSource",
    "AttendanceStatus",
    "CadreMonthSummary",
    "CheckIn",
    "MonthCertification",
    "WorkCalendarDay",
]


class AttendanceStatus(models.TextChoices):
    IN_VILLAGE = "in_village", "在村"
    LEAVE = "leave", "请假"
    BUSINESS = "business", "公务外出"
    ABSENT = "absent", "不在岗"


STATUS_SHORT = {"in_village": "在", "leave": "假", "business": "公", "absent": "缺"}


class AttendanceSource(models.TextChoices):
    GRID = "grid", "乡镇录入"
    CHECKIN = "checkin", "本人打卡"
    LEAVE = "leave", "请假审批"


class _CadreUnitScoped(ScopedQuerySet[Any]):
    """Rows of one cadre in one township, without a unit of their own: the township (and the regions
    above it) and the cadre reach them, and a dispatching unit reaches the cadres it sent."""

    region_paths = ("township__path",)
    cadre_paths = ("cadre",)

    def for_user(self, user: Any) -> Any:
        scoped = super().for_user(user)
        scope = scope_for(user)
        if scope.everything or not scope.unit_ids:
            return scoped
        from teams.models import Membership

        # Only for the period the cadre served on the unit's behalf (issue 16, item 9): after a move
        # to another unit's posting, the old unit no longer reads the cadre's new days.
        sent = Membership.objects.filter(dispatching_unit__in=scope.unit_ids, cadre_id=OuterRef("cadre_id"))
        return scoped | self.filter(Exists(self._served(sent)))

    def _served(self, sent: Any) -> Any:
        """The unit's postings of the row's cadre that cover the row's day."""
        return sent.filter(start__lte=OuterRef("date")).filter(
            Q(end__isnull=True) | Q(end__gte=OuterRef("date"))
        )


class AttendanceDayQuerySet(_CadreUnitScoped):
    pass


class AttendanceDay(models.Model):
    pk = models.CompositePrimaryKey("cadre_id", "date")
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="attendance_days"
    )
    date = models.DateField("日期")
    status = models.CharField("状态", max_length=10, choices=AttendanceStatus.choices)
    # ZMD-WEEK counts nights as well as days.
    night_in_village = models.BooleanField("在村住宿", default=False)
    # Where the cadre served that day: fixed when written, so scoping stays stable after a move.
    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    county = models.ForeignKey(
        "teams.Region",
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    township = models.ForeignKey(
        "teams.Region",
        verbose_name="乡镇（街道）",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    source = models.CharField("来源", max_length=8, choices=AttendanceSource.choices)

    objects = AttendanceDayQuerySet.as_manager()

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        ordering = ["cadre", "date"]
        constraints = [
            models.CheckConstraint(
                name="attendance_status_valid",
                condition=Q(status__in=AttendanceStatus.values),
                violation_error_message="考勤状态无效",
            ),
            models.CheckConstraint(
                name="attendance_source_valid",
                condition=Q(source__in=AttendanceSource.values),
                violation_error_message="考勤来源无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.date:%Y-%m-%d} {self.get_status_display()}"


class CheckInQuerySet(_CadreUnitScoped):
    pass


class CheckIn(models.Model):
    """A cadre's check-in from a phone: where, how precisely, how far from the village."""

    class Review(models.TextChoices):
        NONE = "", "无需审核"
        PENDING = "pending", "待乡镇审核"
        ACCEPTED = "accepted", "认可在村"
        REJECTED = "rejected", "不予认可"

    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="checkins"
    )
    team = models.ForeignKey("teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("打卡时间")
    date = models.DateField("日期")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6)
    accuracy = models.FloatField("定位精度（米）")
    distance_m = models.PositiveIntegerField("距村距离（米）", null=True, blank=True)
    far = models.BooleanField("距村过远", default=False)
    review = models.CharField("审核", max_length=10, choices=Review.choices, blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核说明", max_length=200, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = "打卡"
        verbose_name_plural = "打卡"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["cadre", "date"]), models.Index(fields=["township", "review"])]
        constraints = [
            models.CheckConstraint(
                name="checkin_latitude_range",
                condition=Q(latitude__gte=-90, latitude__lte=90),
                violation_error_message="纬度应在-90到90之间",
            ),
            models.CheckConstraint(
                name="checkin_longitude_range",
                condition=Q(longitude__gte=-180, longitude__lte=180),
                violation_error_message="经度应在-180到180之间",
            ),
            models.CheckConstraint(
                name="checkin_far_needs_review",
                condition=Q(far=False) | ~Q(review=""),
                violation_error_message="距村过远的打卡须经乡镇审核",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.at:%Y-%m-%d %H:%M}"


class MonthCertificationQuerySet(ScopedQuerySet["MonthCertification"]):
    region_paths = ("township__path",)


class MonthCertification(models.Model):
    """SC-ATT / QH10-ALLOWANCE: the township certifies a month's attendance; the month is then locked."""

    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("确认时间", auto_now_add=True)

    objects = MonthCertificationQuerySet.as_manager()

    class Meta:
        verbose_name = "考勤月度确认"
        verbose_name_plural = "考勤月度确认"
        ordering = ["-year", "-month", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "month"],
                name="certification_once_per_month",
                violation_error_message="该乡镇本月考勤已确认",
            ),
            models.CheckConstraint(
                name="certification_month_valid",
                condition=Q(month__gte=1, month__lte=12),
                violation_error_message="月份应在1到12之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}年{self.month}月"


class AttendanceChangeQuerySet(_CadreUnitScoped):
    pass


class AttendanceChange(models.Model):
    """The audit of a change to a certified month: only the county office may make it."""

    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("日期")
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    old_status = models.CharField("原状态", max_length=10, blank=True)
    new_status = models.CharField("新状态", max_length=10, blank=True)
    old_night = models.BooleanField("原在村住宿", null=True)
    new_night = models.BooleanField("新在村住宿", null=True)
    reason = models.TextField("理由")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("修改时间", auto_now_add=True)

    objects = AttendanceChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "已确认考勤的修改记录"
        verbose_name_plural = "已确认考勤的修改记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.date:%Y-%m-%d} {self.old_status}→{self.new_status}"


class WorkCalendarDayQuerySet(ScopedQuerySet["WorkCalendarDay"]):
    region_paths = ("county__path",)


class WorkCalendarDay(models.Model):
    """A county's own change to China's official calendar: an extra holiday or a 调休 make-up day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("说明", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    objects = WorkCalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = "县级工作日调整"
        verbose_name_plural = "县级工作日调整"
        ordering = ["county", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "date"], name="calendar_day_once", violation_error_message="该日期已设置"
            ),
            models.CheckConstraint(
                name="calendar_kind_valid",
                condition=Q(kind__in=["holiday", "workday"]),
                violation_error_message="类型无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.date:%Y-%m-%d} {self.get_kind_display()}"


class CadreMonthSummaryQuerySet(_CadreUnitScoped):
    def _served(self, sent: Any) -> Any:
        """A month's summary: postings covering any day of the month, compared as year * 100 + month."""
        month = OuterRef("year") * 100 + OuterRef("month")
        return sent.annotate(
            first=ExtractYear("start") * 100 + ExtractMonth("start"),
            last=Coalesce(ExtractYear("end") * 100 + ExtractMonth("end"), Value(999999)),
        ).filter(first__lte=month, last__gte=month)


class CadreMonthSummary(models.Model):
    """One cadre's month, kept current by every write to AttendanceDay (same transaction).

    ``required`` is the policy's (pro-rated) monthly minimum, NULL where the policy sets none;
    ``compliant`` is NULL then too.
    """

    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    county = models.ForeignKey(
        "teams.Region",
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    township = models.ForeignKey(
        "teams.Region",
        verbose_name="乡镇（街道）",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    in_village = models.PositiveSmallIntegerField("在村天数", default=0)
    leave = models.PositiveSmallIntegerField("请假天数", default=0)
    business = models.PositiveSmallIntegerField("公务外出天数", default=0)
    absent = models.PositiveSmallIntegerField("不在岗天数", default=0)
    nights = models.PositiveSmallIntegerField("在村住宿夜数", default=0)
    assigned_days = models.PositiveSmallIntegerField("任职天数", default=0)
    required = models.PositiveSmallIntegerField("应在村天数", null=True, blank=True)
    compliant = models.BooleanField("达标", null=True)

    objects = CadreMonthSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = "干部月度考勤汇总"
        verbose_name_plural = "干部月度考勤汇总"
        ordering = ["year", "month", "cadre"]
        indexes = [
            models.Index(fields=["year", "month", "county"], name="summary_month_county"),
            # The county's attendance page: one county's month (or year).
            models.Index(fields=["county", "year", "month"], name="summary_county_month"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year", "month"], name="summary_once_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.year}-{self.month:02d}"
