"""Work log (驻村日志), households and their visits, meetings (例会), linked leaders (联点领导), the dispatching
unit's support (听取汇报 / 到村调研) and the five must-visits (五必访).

One record, entered once: a household visit is a `LogEntry` of kind visit with its households, a meeting
attended is read from `Meeting.attendees`, a must-visit is closed by its care-visit `SupportVisit`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from teams.rules.facts import CARE_SITUATIONS
from teams.rules.wording import CARE_NAMES
from teams.scoping import ScopedQuerySet

SUMMARY_MAX_CHARS = 2000
TEXT_MAX_CHARS = 5000


class EntryKind(models.TextChoices):
    VISIT = "visit", "走访入户"
    MEETING = "meeting", "会议"
    PROJECT = "project", "项目"
    MEDIATION = "mediation", "矛盾调解"
    SERVICE = "service", "为民服务"
    OTHER = "other", "其他"


class MeetingLevel(models.TextChoices):
    COUNTY = "county", "县级工作队队长（第一书记）会议"
    TOWNSHIP = "township", "乡镇驻村干部会议"


class SupportKind(models.TextChoices):
    LINK_VISIT = "link_visit", "联点领导到村"
    UNIT_HEARING = "unit_hearing", "派出单位听取工作队汇报"
    UNIT_HEAD_VISIT = "unit_head_visit", "派出单位主要负责同志到村调研"
    UNIT_LEADER_VISIT = "unit_leader_visit", "分管领导和其他班子成员到村调研"
    CARE_VISIT = "care_visit", "五必访走访"


# The keys of QH10-CARE's situations (teams.rules.facts), labelled as the checks name them.
CARE_SITUATION_CHOICES = [(key, CARE_NAMES[key]) for key in CARE_SITUATIONS]


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    region_paths = ("village__township__path",)
    unit_paths = ("village__teams__memberships__dispatching_unit",)
    cadre_paths = ("village__teams__memberships__cadre",)
    multi_valued = True


class Household(models.Model):
    village = models.ForeignKey(
        "teams.Village", verbose_name="村", on_delete=models.PROTECT, related_name="households"
    )
    head_name = models.CharField("户主姓名", max_length=32)
    doorplate = models.CharField("门牌/组", max_length=64, blank=True)
    is_must_be_there = models.BooleanField("四必到", default=False)
    is_must_visit = models.BooleanField("四必访", default=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = "农户"
        verbose_name_plural = "农户"
        ordering = ["village", "doorplate", "head_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "head_name", "doorplate"],
                name="worklog_household_once_per_village",
                violation_error_message="本村已有该户主和门牌的农户",
            ),
            models.CheckConstraint(
                name="worklog_household_head_name_not_blank",
                condition=~Q(head_name=""),
                violation_error_message="户主姓名不能为空",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.doorplate}）" if self.doorplate else self.head_name


class VillageHouseholdsQuerySet(ScopedQuerySet["VillageHouseholds"]):
    region_paths = ("village__township__path",)
    unit_paths = ("village__teams__memberships__dispatching_unit",)
    cadre_paths = ("village__teams__memberships__cadre",)
    multi_valued = True


class VillageHouseholds(models.Model):
    """The number of households of a village (SC-HOUSEHOLDS coverage denominator), entered by the county."""

    village = models.OneToOneField(
        "teams.Village", verbose_name="村", on_delete=models.PROTECT, related_name="household_count"
    )
    count = models.PositiveIntegerField("户数")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("登记时间", auto_now=True)

    objects = VillageHouseholdsQuerySet.as_manager()

    class Meta:
        verbose_name = "村户数"
        verbose_name_plural = "村户数"
        ordering = ["village"]
        constraints = [
            models.CheckConstraint(
                name="worklog_village_households_positive",
                condition=Q(count__gt=0),
                violation_error_message="户数应大于0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village.name}：{self.count}户"


class LogEntryQuerySet(ScopedQuerySet["LogEntry"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("team__memberships__dispatching_unit",)
    cadre_paths = ("team__memberships__cadre",)
    multi_valued = True


class LogEntry(models.Model):
    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="log_entries"
    )
    # Empty: an entry of the team as a whole.
    cadre = models.ForeignKey(
        "teams.Cadre",
        verbose_name="驻村干部",
        on_delete=models.PROTECT,
        related_name="log_entries",
        null=True,
        blank=True,
    )
    kind = models.CharField("类别", max_length=16, choices=EntryKind.choices)
    date = models.DateField("日期")
    place = models.CharField("地点", max_length=100, blank=True)
    summary = models.TextField("工作内容", max_length=SUMMARY_MAX_CHARS)
    people = models.TextField("涉及人员", max_length=TEXT_MAX_CHARS, blank=True)
    households = models.ManyToManyField(
        Household, verbose_name="走访农户", related_name="log_entries", blank=True
    )
    attachment = models.FileField("附件", upload_to="worklog/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "驻村日志"
        verbose_name_plural = "驻村日志"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["team", "date"], name="worklog_entry_team_date")]
        constraints = [
            models.CheckConstraint(
                name="worklog_entry_summary_bounded",
                condition=~Q(summary="") & Q(LessThanOrEqual(Length("summary"), SUMMARY_MAX_CHARS)),
                violation_error_message=f"工作内容不能为空，且不超过{SUMMARY_MAX_CHARS}字",
            ),
        ]

    def __str__(self) -> str:
        who = self.cadre.name if self.cadre_id and self.cadre else "工作队"
        return f"{self.date} {who} {self.get_kind_display()}"


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    region_paths = ("region__path",)
    cadre_paths = ("attendees",)
    multi_valued = True


class Meeting(models.Model):
    level = models.CharField("会议类别", max_length=16, choices=MeetingLevel.choices)
    # The county or the township that held it.
    region = models.ForeignKey(
        "teams.Region", verbose_name="召开单位", on_delete=models.PROTECT, related_name="worklog_meetings"
    )
    date = models.DateField("日期")
    title = models.CharField("会议名称", max_length=100)
    minutes = models.TextField("会议纪要", max_length=TEXT_MAX_CHARS, blank=True)
    attendees = models.ManyToManyField(
        "teams.Cadre", verbose_name="参会驻村干部", related_name="worklog_meetings", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "例会"
        verbose_name_plural = "例会"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["region", "level", "date"], name="worklog_meeting_region_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class LinkLeaderQuerySet(ScopedQuerySet["LinkLeader"]):
    region_paths = ("village__township__path",)
    unit_paths = ("village__teams__memberships__dispatching_unit",)
    cadre_paths = ("village__teams__memberships__cadre",)
    multi_valued = True


class LinkLeader(models.Model):
    """联点领导 (QH10-LINK): a city, county or township leader linked to a village."""

    village = models.ForeignKey(
        "teams.Village", verbose_name="联点村", on_delete=models.PROTECT, related_name="link_leaders"
    )
    name = models.CharField("姓名", max_length=32)
    position = models.CharField("单位与职务", max_length=100)
    start = models.DateField("联点开始")
    end = models.DateField("联点结束", null=True, blank=True)

    objects = LinkLeaderQuerySet.as_manager()

    class Meta:
        verbose_name = "联点领导"
        verbose_name_plural = "联点领导"
        ordering = ["village", "-start"]
        constraints = [
            models.CheckConstraint(
                name="worklog_link_leader_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message="联点结束日期不能早于开始日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"


class CareCaseQuerySet(ScopedQuerySet["CareCase"]):
    region_paths = ("cadre__county__path", "cadre__memberships__team__village__township__path")
    unit_paths = ("cadre__memberships__dispatching_unit",)
    cadre_paths = ("cadre",)
    multi_valued = True


class CareCase(models.Model):
    """五必访 (QH10-CARE): a cadre in one of the situations, opened by whoever learns of it and closed by a
    care visit (a `SupportVisit` of kind care_visit)."""

    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="care_cases"
    )
    situation = models.CharField("情形", max_length=24, choices=CARE_SITUATION_CHOICES)
    opened_on = models.DateField("发现日期")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("情况说明", max_length=TEXT_MAX_CHARS, blank=True)
    closed_on = models.DateField("走访日期", null=True, blank=True)

    objects = CareCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "五必访"
        verbose_name_plural = "五必访"
        ordering = ["closed_on", "-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="worklog_care_case_closed_after_opened",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                violation_error_message="走访日期不能早于发现日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}：{self.get_situation_display()}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class SupportVisitQuerySet(ScopedQuerySet["SupportVisit"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("dispatching_unit", "team__memberships__dispatching_unit")
    cadre_paths = ("team__memberships__cadre",)
    multi_valued = True


class SupportVisit(models.Model):
    kind = models.CharField("类别", max_length=24, choices=SupportKind.choices)
    date = models.DateField("日期")
    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="support_visits"
    )
    link_leader = models.ForeignKey(
        LinkLeader,
        verbose_name="联点领导",
        on_delete=models.PROTECT,
        related_name="visits",
        null=True,
        blank=True,
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit",
        verbose_name="派出单位",
        on_delete=models.PROTECT,
        related_name="support_visits",
        null=True,
        blank=True,
    )
    visitor = models.CharField("到村人员", max_length=64, blank=True)
    note = models.TextField("情况", max_length=TEXT_MAX_CHARS, blank=True)
    care_case = models.ForeignKey(
        CareCase,
        verbose_name="五必访事项",
        on_delete=models.PROTECT,
        related_name="visits",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = SupportVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "领导到村"
        verbose_name_plural = "领导到村"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["team", "kind", "date"], name="worklog_support_team_kind_date")]
        constraints = [
            models.CheckConstraint(
                name="worklog_support_link_visit_has_leader",
                condition=~Q(kind="link_visit") | Q(link_leader__isnull=False),
                violation_error_message="联点领导到村须选择联点领导",
            ),
            models.CheckConstraint(
                name="worklog_support_care_visit_has_case",
                condition=~Q(kind="care_visit") | Q(care_case__isnull=False),
                violation_error_message="五必访走访须选择五必访事项",
            ),
            models.CheckConstraint(
                name="worklog_support_unit_kinds_have_unit",
                condition=~Q(kind__in=["unit_hearing", "unit_head_visit", "unit_leader_visit"])
                | Q(dispatching_unit__isnull=False),
                violation_error_message="派出单位听取汇报和到村调研须选择派出单位",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
