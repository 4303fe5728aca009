"""The teams domain: regions, villages, dispatching units, cadres, teams and memberships."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .choices import (
    Expertise,
    PartyStatus,
    PolicyCode,
    Rank,
    RegionLevel,
    Role,
    Sex,
    UnitKind,
    UnitLevel,
)
from .scoping import ScopedQuerySet

ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"


class Timestamped(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


# --- regions --------------------------------------------------------------------------------


class RegionQuerySet(ScopedQuerySet["Region"]):
    region_paths = ("path",)


class Region(Timestamped):
    """省 → 市 → 县（市、区）→ 乡镇（街道）, keyed by the national administrative-division code."""

    code = models.CharField(
        "区划代码", max_length=12, unique=True, validators=[RegexValidator(r"^[0-9]{6}([0-9]{3})?$")]
    )
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Codes of the ancestors and itself, each followed by "/": a subtree is a prefix match.
    path = models.CharField("路径", max_length=64, unique=True, editable=False)
    policy_code = models.CharField("适用政策", max_length=16, choices=PolicyCode.choices, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                name="region_county_has_policy",
                condition=(Q(level=RegionLevel.COUNTY) & ~Q(policy_code=""))
                | (~Q(level=RegionLevel.COUNTY) & Q(policy_code="")),
                violation_error_message="县（市、区）必须指定适用政策，其他层级不指定",
            ),
            models.CheckConstraint(
                name="region_root_is_province",
                condition=Q(level=RegionLevel.PROVINCE, parent__isnull=True)
                | (~Q(level=RegionLevel.PROVINCE) & Q(parent__isnull=False)),
                violation_error_message="只有省级区划没有上级",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    @property
    def parent_pk(self) -> int:
        """The parent's id, which every region below the province has (region_root_is_province): a
        township's county without a query."""
        if self.parent_id is None:
            raise ValueError(f"region {self.code} has no parent")
        return self.parent_id

    @property
    def county(self) -> Region | None:
        """The county this region is or lies in (None above county level)."""
        if self.level == RegionLevel.COUNTY:
            return self
        if self.level == RegionLevel.TOWNSHIP:
            return self.parent
        return None


# --- villages and units ---------------------------------------------------------------------


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


class DispatchingUnitQuerySet(ScopedQuerySet["DispatchingUnit"]):
    region_paths = ("region__path", "memberships__team__village__township__path")
    ancestor_paths = ("region__path",)
    unplaced_path = "region"
    unit_paths = ("pk",)
    cadre_paths = ("memberships__cadre",)
    multi_valued = True


class DispatchingUnit(Timestamped):
    name = models.CharField("单位名称", max_length=128, unique=True)
    level = models.CharField("层级", max_length=16, choices=UnitLevel.choices)
    kind = models.CharField("性质", max_length=16, choices=UnitKind.choices)
    headcount = models.PositiveIntegerField(
        "在编人数", null=True, blank=True, help_text="编制内在编人员数，仅作记录"
    )
    # Sichuan 003: 按照干部职工人数…选派 — all cadres and staff, not only the establishment (SC-QUOTA).
    staff_total = models.PositiveIntegerField(
        "干部职工人数",
        null=True,
        blank=True,
        help_text="全部干部职工人数（不限于在编人数）；四川省直等单位按此确定应选派人数（SC-QUOTA），未填则不作判断",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="所在区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="中央单位可不填",
    )

    objects = DispatchingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "派出单位"
        verbose_name_plural = "派出单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:unit_detail", args=[self.pk])


# --- cadres ---------------------------------------------------------------------------------


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


# --- teams and memberships ------------------------------------------------------------------


class TeamQuerySet(ScopedQuerySet["Team"]):
    region_paths = ("village__township__path",)
    unit_paths = ("memberships__dispatching_unit",)
    cadre_paths = ("memberships__cadre",)
    multi_valued = True

    def active_on(self, day: datetime.date) -> TeamQuerySet:
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day)


class Team(Timestamped):
    village = models.ForeignKey(
        Village, verbose_name="派驻村", on_delete=models.PROTECT, related_name="teams"
    )
    term_start = models.DateField("本期开始")
    term_end = models.DateField("本期结束", null=True, blank=True)
    # The day the team left the village (ALL-NO-WITHDRAW: 脱贫攻坚期内贫困村退出的，驻村工作队不得撤离).
    withdrawn_on = models.DateField(
        "撤离日期", null=True, blank=True, help_text="工作队撤离派驻村的日期；未撤离的留空"
    )
    note = models.TextField("备注", blank=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "驻村工作队"
        verbose_name_plural = "驻村工作队"
        ordering = ["village__township__path", "village__name", "-term_start"]
        constraints = [
            models.CheckConstraint(
                name="team_term_end_after_start",
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                violation_error_message="本期结束日期不能早于开始日期",
            ),
            # "two active teams in one village" (terms overlapping) is enforced by an exclusion
            # constraint on PostgreSQL and a trigger on SQLite: see migrations/0002_overlap_guards.
        ]

    def __str__(self) -> str:
        return f"{self.village.name}驻村工作队"

    def get_absolute_url(self) -> str:
        return reverse("teams:team_detail", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)

    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class Membership(Timestamped):
    cadre = models.ForeignKey(
        Cadre, verbose_name="驻村干部", on_delete=models.PROTECT, related_name="memberships"
    )
    team = models.ForeignKey(
        Team, verbose_name="工作队", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("队内职务", max_length=16, choices=Role.choices)
    is_leader = models.BooleanField("任队长", default=False)
    dispatching_unit = models.ForeignKey(
        DispatchingUnit, verbose_name="派出单位", on_delete=models.PROTECT, related_name="memberships"
    )
    start = models.DateField("派驻开始")
    end = models.DateField("派驻结束", null=True, blank=True)
    # Why a posting ended before its term did (teams.services.membership_end); empty otherwise.
    end_reason = models.CharField("结束原因", max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "队员任职"
        verbose_name_plural = "队员任职"
        ordering = ["team", "-is_leader", "role", "start"]
        constraints = [
            models.CheckConstraint(
                name="membership_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message="派驻结束日期不能早于开始日期",
            ),
            # Overlapping memberships of one cadre: exclusion constraint / trigger, see 0002_overlap_guards.
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.team}）"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


# --- county policy settings ----------------------------------------------------------------


class PolicyOverride(models.Model):
    """A county's value for one configurable provision; the newest row per key in force wins.

    Rows are never edited: a change is a new row, so who, when and why stay on record, and a request
    made before the change keeps the value it was judged by.
    """

    county = models.ForeignKey(
        Region,
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="policy_overrides",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    key = models.CharField("配置项", max_length=64)
    provision = models.CharField("条款编号", max_length=32)
    value = models.JSONField("取值", null=True)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "县级政策配置"
        verbose_name_plural = "县级政策配置"
        ordering = ["county", "key", "-created_at"]

    def __str__(self) -> str:
        return f"{self.county} {self.key}={self.value}"


# --- roster imports -------------------------------------------------------------------------


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


# --- member changes and aid pairings (ZMD-CHANGE, SC-AID) ------------------------------------


class MembershipChangeQuerySet(ScopedQuerySet["MembershipChange"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("membership__dispatching_unit",)
    cadre_paths = ("membership__cadre",)


class MembershipChange(models.Model):
    """One change of a team's members, filed the day it was entered (ZMD-CHANGE: 调整后3天内…备案). Kept in
    every county — the ledger (台账) serves all — and judged late only where ZMD-CHANGE is in force."""

    class Kind(models.TextChoices):
        JOIN = "join", "新增队员"
        LEAVE = "leave", "队员离队"
        SWAP = "swap", "队员调换"
        ROLE = "role", "职务调整"

    class Source(models.TextChoices):
        FORM = "form", "表单"
        IMPORT = "import", "花名册导入"
        RECALL = "recall", "召回"

    team = models.ForeignKey(Team, verbose_name="工作队", on_delete=models.PROTECT, related_name="changes")
    # The posting that changed; for a swap the one that ended, with the successor's beside it.
    membership = models.ForeignKey(
        Membership, verbose_name="任职", on_delete=models.PROTECT, related_name="changes"
    )
    successor = models.ForeignKey(
        Membership,
        verbose_name="接替任职",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("调整类型", max_length=8, choices=Kind.choices)
    changed_on = models.DateField("调整日期")
    reason = models.CharField("调整原因", max_length=200, blank=True)
    filed_on = models.DateField("备案日期")
    # The offices the county's policy files the change with (ZMD-CHANGE filed_with); empty elsewhere.
    filed_with = models.JSONField("备案单位", default=list, blank=True)
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = MembershipChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "队员调整备案"
        verbose_name_plural = "队员调整备案"
        ordering = ["-changed_on", "-pk"]
        indexes = [models.Index(fields=["team", "changed_on"], name="membership_change_team_day")]
        constraints = [
            models.CheckConstraint(
                name="membership_change_swap_has_successor",
                condition=Q(kind="swap", successor__isnull=False)
                | (~Q(kind="swap") & Q(successor__isnull=True)),
                violation_error_message="队员调换须记录接替的任职",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.get_kind_display()}（{self.changed_on}）"

    def get_absolute_url(self) -> str:
        return reverse("teams:change_detail", args=[self.pk])


class AidPairingQuerySet(ScopedQuerySet["AidPairing"]):
    region_paths = ("aiding_county__path", "aided_county__path")


class AidPairing(models.Model):
    """SC-AID: an aiding county (对口帮扶) sends people to an aided Tibetan/Yi county (受扶县)."""

    aiding_county = models.ForeignKey(
        Region, verbose_name="帮扶县（市、区）", on_delete=models.PROTECT, related_name="aid_given"
    )
    aided_county = models.ForeignKey(
        Region, verbose_name="受扶县", on_delete=models.PROTECT, related_name="aid_received"
    )

    objects = AidPairingQuerySet.as_manager()

    class Meta:
        verbose_name = "对口帮扶关系"
        verbose_name_plural = "对口帮扶关系"
        ordering = ["aiding_county__path", "aided_county__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["aiding_county", "aided_county"],
                name="aid_pairing_unique",
                violation_error_message="该对口帮扶关系已登记",
            ),
            models.CheckConstraint(
                name="aid_pairing_two_counties",
                condition=~Q(aiding_county=F("aided_county")),
                violation_error_message="帮扶县与受扶县不能相同",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aiding_county}→{self.aided_county}"
