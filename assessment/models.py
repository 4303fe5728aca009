"""Annual assessment (年度考核): one round per county and year, an entry per cadre who served there, and
the recalls (召回) whose consequences follow the cadre into later rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from teams.choices import Role
from teams.scoping import ScopedQuerySet


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Grade(models.TextChoices):
    # The codes are teams.rules.facts.GRADES.
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASICALLY_COMPETENT = "basically_competent", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class AssessmentRoundQuerySet(ScopedQuerySet["AssessmentRound"]):
    # A township office reaches the round through its own entries; a unit through its cadres' entries.
    region_paths = ("county__path", "entries__township__path")
    unit_paths = ("entries__dispatching_unit",)
    cadre_paths = ("entries__cadre",)
    multi_valued = True


class AssessmentRound(models.Model):
    county = models.ForeignKey(
        "teams.Region",
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
    )
    year = models.PositiveSmallIntegerField("考核年度")
    status = models.CharField("状态", max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("发起时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结束人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Offices the policy sends the result to besides the units (JN-ANNUAL, ZMD-ANNUAL result_to), comma
    # separated, written on closing.
    result_to = models.CharField("结果报送", max_length=100, blank=True)

    objects = AssessmentRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-year", "county__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year"],
                name="assessment_round_once_per_year",
                violation_error_message="本县该年度的年度考核已发起",
            ),
            models.CheckConstraint(
                name="assessment_round_closed_has_closer",
                condition=Q(status=RoundStatus.OPEN, closed_at__isnull=True)
                | Q(status=RoundStatus.CLOSED, closed_at__isnull=False, closed_by__isnull=False),
                violation_error_message="已结束的年度考核须记录结束人和时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county.name}{self.year}年度考核"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class AssessmentEntryQuerySet(ScopedQuerySet["AssessmentEntry"]):
    # A township path lies under its county's: a county office reaches every entry of its round, a
    # township office only its own villages' cadres.
    region_paths = ("township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)


class AssessmentEntry(models.Model):
    round = models.ForeignKey(
        AssessmentRound, verbose_name="年度考核", on_delete=models.CASCADE, related_name="entries"
    )
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="assessment_entries"
    )
    # The cadre's latest posting in the year names the team, township, unit and role.
    team = models.ForeignKey("teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("队内职务", max_length=16, choices=Role.choices)
    service_days = models.PositiveSmallIntegerField("本年度驻村任职天数")
    period_days = models.PositiveSmallIntegerField("全年天数")
    proposed_grade = models.CharField("建议等次", max_length=24, choices=Grade.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    proposed_at = models.DateTimeField("提出时间", null=True, blank=True)
    proposed_comment = models.TextField("考核意见", blank=True)
    grade = models.CharField("确定等次", max_length=24, choices=Grade.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确定人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("确定时间", null=True, blank=True)
    decided_comment = models.TextField("确定意见", blank=True)
    # Scores the county enters (QH/SC: 工作总结与村民测评、村干部评议相结合), 0–100.
    village_score = models.DecimalField("村民测评得分", max_digits=5, decimal_places=2, null=True, blank=True)
    cadre_review_score = models.DecimalField(
        "村干部评议得分", max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = AssessmentEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "年度考核登记"
        verbose_name_plural = "年度考核登记"
        ordering = ["township__path", "team_id", "role", "cadre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "cadre"],
                name="assessment_entry_once_per_round",
                violation_error_message="该干部已在本次年度考核中",
            ),
            models.CheckConstraint(
                name="assessment_entry_scores_range",
                condition=(Q(village_score__isnull=True) | Q(village_score__gte=0, village_score__lte=100))
                & (
                    Q(cadre_review_score__isnull=True)
                    | Q(cadre_review_score__gte=0, cadre_review_score__lte=100)
                ),
                violation_error_message="测评得分应在0到100之间",
            ),
            models.CheckConstraint(
                name="assessment_entry_decided_has_decider",
                condition=Q(grade="", decided_at__isnull=True) | (~Q(grade="") & Q(decided_at__isnull=False)),
                violation_error_message="确定等次须记录确定人和时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.round}）"

    @property
    def is_first_secretary(self) -> bool:
        return self.role == Role.FIRST_SECRETARY


class ResultFilingQuerySet(ScopedQuerySet["ResultFiling"]):
    region_paths = ("round__county__path",)
    unit_paths = ("dispatching_unit",)


class ResultFiling(models.Model):
    """A closed round's results sent to one dispatching unit (备案): its cadres' grades. Shown on the unit's
    home page as a work item until the unit acknowledges it (签收); a filing, not an attendance
    notification (those belong to a leave request)."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name="年度考核", on_delete=models.CASCADE, related_name="filings"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("送达时间")
    # The unit's work item until it acknowledges receipt (签收) and files the results itself (备案).
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_at = models.DateTimeField("签收时间", null=True, blank=True)

    objects = ResultFilingQuerySet.as_manager()

    class Meta:
        verbose_name = "考核结果送达"
        verbose_name_plural = "考核结果送达"
        ordering = ["round", "dispatching_unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "dispatching_unit"], name="assessment_filing_once")
        ]

    def __str__(self) -> str:
        return f"{self.round}→{self.dispatching_unit}"


class RecallQuerySet(ScopedQuerySet["Recall"]):
    region_paths = ("county__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)


class Recall(models.Model):
    """召回 (QH-RECALL): the cadre's year loses 优秀; after a 不称职 grade (QH10-BAN) two years of bans."""

    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="被召回干部", on_delete=models.PROTECT, related_name="recalls"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    recalled_on = models.DateField("召回日期")
    reasons = models.TextField("召回理由")
    after_incompetent = models.BooleanField("因年度考核不称职召回", default=False)
    unit_action = models.TextField("派出单位处理情况", blank=True)
    replacement = models.ForeignKey(
        "teams.Cadre",
        verbose_name="接替干部",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    head_interviewed_on = models.DateField("约谈派出单位负责人日期", null=True, blank=True)
    head_interview_note = models.TextField("约谈情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RecallQuerySet.as_manager()

    class Meta:
        verbose_name = "召回"
        verbose_name_plural = "召回"
        ordering = ["-recalled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre.name}召回（{self.recalled_on}）"


class ReviewMethod(models.TextChoices):
    # The codes are teams.rules.facts.REVIEW_METHODS (QH-ENDTERM).
    WORK_REPORT = "work_report", "工作述职"
    DOCUMENT_REVIEW = "document_review", "查阅资料"
    SITE_VISIT = "site_visit", "实地察看"
    VILLAGER_VISITS = "villager_visits", "走访群众"
    DEMOCRATIC_EVALUATION = "democratic_evaluation", "民主测评"


class TermReviewQuerySet(ScopedQuerySet["TermReview"]):
    region_paths = ("membership__team__village__township__path",)
    unit_paths = ("membership__dispatching_unit",)
    cadre_paths = ("membership__cadre",)


class TermReview(models.Model):
    """期满考核/考察 (JN-ENDTERM, QH-ENDTERM): the county organisation department with the dispatching
    unit reviews a membership at its end; the result goes into the cadre's file; under Qinghai it is
    published to the villagers (公示) for a period."""

    membership = models.OneToOneField(
        "teams.Membership", verbose_name="队员任职", on_delete=models.PROTECT, related_name="term_review"
    )
    reviewed_on = models.DateField("考核日期")
    # Comma separated ReviewMethod codes.
    methods = models.CharField("考核方式", max_length=200, blank=True)
    result = models.CharField("考核结果", max_length=24, choices=Grade.choices)
    summary = models.TextField("考核评语", blank=True)
    in_personal_file = models.BooleanField("已存入个人档案", default=False)
    published_from = models.DateField("公示开始", null=True, blank=True)
    published_to = models.DateField("公示结束", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = TermReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "期满考核"
        verbose_name_plural = "期满考核"
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="term_review_publication_dates",
                condition=Q(published_from__isnull=True, published_to__isnull=True)
                | Q(
                    published_from__isnull=False,
                    published_to__isnull=False,
                    published_to__gte=models.F("published_from"),
                ),
                violation_error_message="公示须有开始和结束日期，结束不早于开始",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.cadre.name}期满考核（{self.reviewed_on}）"

    @property
    def method_codes(self) -> list[str]:
        return [m for m in self.methods.split(",") if m]

    @property
    def method_labels(self) -> list[str]:
        names = dict(ReviewMethod.choices)
        return [names.get(m, m) for m in self.method_codes]


class TeamTargetQuerySet(ScopedQuerySet["TeamTarget"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("team__memberships__dispatching_unit",)
    cadre_paths = ("team__memberships__cadre",)
    multi_valued = True


class TeamTarget(models.Model):
    """目标责任书 (SC-TARGET): the county sets a team's targets for the year at its start; the main basis
    of the team's assessment, shown beside its cadres' entries."""

    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("年度")
    signed_on = models.DateField("签订日期")
    targets = models.TextField("目标任务及主要标准")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = TeamTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "目标责任书"
        verbose_name_plural = "目标责任书"
        ordering = ["-year", "team"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="team_target_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.team}{self.year}年目标责任书"


# --- team reports (年承诺、季报告 / 季度报告 / 半年报告 / 重大问题报告) --------------------------------------


class ReportKind(models.TextChoices):
    # The periodic kinds are teams.rules.duties' report duty kinds.
    COMMITMENT = "commitment", "年初帮扶工作承诺"
    QUARTERLY = "quarterly", "季度报告"
    HALF_YEAR = "half_year", "半年报告"
    INCIDENT = "incident", "重大问题报告"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    ACKNOWLEDGED = "acknowledged", "已确认"
    RETURNED = "returned", "已退回"


# A report's body: a few pages of text, not a book (the form and the service refuse more).
REPORT_BODY_MAX = 20000


class TeamReportQuerySet(ScopedQuerySet["TeamReport"]):
    region_paths = ("team__village__township__path",)
    unit_paths = ("team__memberships__dispatching_unit",)
    cadre_paths = ("team__memberships__cadre",)
    multi_valued = True


class TeamReport(models.Model):
    """A team's report for a period, drafted from the period's records, edited and submitted by the team,
    acknowledged or returned by the office the policy names (teams.rules.duties.REPORT_RECEIVER)."""

    team = models.ForeignKey(
        "teams.Team", verbose_name="工作队", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField("报告类别", max_length=16, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    period = models.PositiveSmallIntegerField("期次", null=True, blank=True)
    provision = models.CharField("依据条款", max_length=32)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", max_length=REPORT_BODY_MAX)
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    receiving_office = models.CharField("接收单位", max_length=32)
    receiving_region = models.ForeignKey(
        "teams.Region", verbose_name="接收单位所在区划", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    comment = models.CharField("处理意见", max_length=500, blank=True)

    objects = TeamReportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作队报告"
        verbose_name_plural = "工作队报告"
        ordering = ["-year", "-period", "team", "-pk"]
        indexes = [models.Index(fields=["year", "kind"], name="team_report_year_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "year", "period"],
                condition=Q(kind__in=["quarterly", "half_year"]),
                name="team_report_once_per_period",
                violation_error_message="该工作队本期报告已存在",
            ),
            # A commitment has no period (NULL): its own constraint, as NULLs are distinct in a unique index.
            models.UniqueConstraint(
                fields=["team", "year"],
                condition=Q(kind="commitment"),
                name="team_report_one_commitment_a_year",
                violation_error_message="该工作队本年度的帮扶工作承诺已存在",
            ),
            models.CheckConstraint(
                name="team_report_period_fits_kind",
                condition=Q(kind="quarterly", period__gte=1, period__lte=4)
                | Q(kind="half_year", period__gte=1, period__lte=2)
                | Q(kind__in=["commitment", "incident"], period__isnull=True),
                violation_error_message="报告期次与报告类别不符",
            ),
            models.CheckConstraint(
                name="team_report_submitted_has_submitter",
                condition=Q(status="draft") | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                violation_error_message="已提交的报告须记录提交人和时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def receiving_office_name(self) -> str:
        from teams.rules import OFFICE_NAMES

        return f"{self.receiving_region.name}（{OFFICE_NAMES.get(self.receiving_office, '')}）"
