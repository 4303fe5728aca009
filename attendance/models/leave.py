"""Leave and return (请销假): requests routed by the county's policy and substitute approvers. The
decisions and audit trail of a request are in ``leave_decisions``; in-app notifications in ``notifications``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from teams.rules import BY_ID, OFFICE_NAMES, Route, policy_for
from teams.rules.attendance import return_rule
from teams.rules.leave_days import leave_day_shares
from teams.scoping import ScopedQuerySet

__all__ = [
    "HOLDING_STATUSES",
    "ROUTE_OFFICES",
    "SUBSTITUTE_MAX_DAYS",
    "LeaveKind",
    "LeaveRequest",
    "LeaveRequestQuerySet",
    "LeaveStatus",
    "SubstituteApprover",
    "SubstituteApproverQuerySet",
    "half_day_slot",
]

# The offices that can appear in a leave route (teams.rules office codes = accounts.Office values).
ROUTE_OFFICES = tuple(OFFICE_NAMES)


class LeaveKind(models.TextChoices):
    PERSONAL = "personal", "事假"
    SICK = "sick", "病假"
    OTHER = "other", "其他"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已撤销"
    CLOSED = "closed", "已销假"


# A cadre holds at most one of these at any half day (the overlap guard looks only at them).
HOLDING_STATUSES = (LeaveStatus.PENDING, LeaveStatus.APPROVED, LeaveStatus.CLOSED)


def half_day_slot(day: datetime.date, afternoon: bool) -> int:
    """A half day as one integer: morning 2n, afternoon 2n+1 (n = the date's ordinal)."""
    return day.toordinal() * 2 + (1 if afternoon else 0)


def _substituted_condition(user: Any, today: datetime.date) -> Q | None:
    """Requests a user reaches only as a substitute approver today (None: none)."""
    if not getattr(user, "is_authenticated", False) or not user.office:
        return None
    active = SubstituteApprover.objects.active_on(today).filter(substitute=user, office=user.office)
    condition = Q(pk__in=[])
    found = False
    for region_path, unit_id in active.values_list("region__path", "dispatching_unit_id"):
        found = True
        if region_path:
            condition |= Q(township__path__startswith=region_path)
        if unit_id:
            condition |= Q(dispatching_unit_id=unit_id)
    return condition if found else None


class LeaveRequestQuerySet(ScopedQuerySet["LeaveRequest"]):
    # The township and unit are stored on the request when it is made, so scoping stays stable even
    # when the cadre later moves to another team.
    region_paths = ("township__path",)
    unit_paths = ("dispatching_unit",)
    cadre_paths = ("cadre",)

    def for_user(self, user: Any, *, include_substitutions: bool = True) -> LeaveRequestQuerySet:
        scoped = super().for_user(user)
        # A substitute approver also reaches the principal's requests for the period named.
        delegated = _substituted_condition(user, timezone.localdate()) if include_substitutions else None
        if delegated is None:
            return scoped
        return scoped | self.filter(delegated)

    def awaiting_office(self, office: str) -> LeaveRequestQuerySet:
        """Pending requests whose route names ``office`` and that ``office`` has not decided yet."""
        return self.filter(status=LeaveStatus.PENDING, route_approvers__contains=f",{office},").exclude(
            decisions__office=office
        )

    def filed_with_office(self, office: str) -> LeaveRequestQuerySet:
        return self.filter(route_filed_with__contains=f",{office},").exclude(status=LeaveStatus.PENDING)

    def overdue_on(self, today: datetime.date) -> LeaveRequestQuerySet:
        """Approved leaves whose return day has passed before ``today`` without a return report
        (the return day itself is left for reporting)."""
        return self.filter(status=LeaveStatus.APPROVED).filter(
            Q(half_day_end=False, end__lt=today - datetime.timedelta(days=1))
            | Q(half_day_end=True, end__lt=today)
        )


class LeaveRequest(models.Model):
    cadre = models.ForeignKey(
        "teams.Cadre", verbose_name="驻村干部", on_delete=models.PROTECT, related_name="leave_requests"
    )
    # Where the cadre served when asking: fixed for the request's life (scoping and routing).
    membership = models.ForeignKey(
        "teams.Membership", verbose_name="任职", on_delete=models.PROTECT, related_name="leave_requests"
    )
    county = models.ForeignKey(
        "teams.Region", verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "teams.Region", verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="+"
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit",
        verbose_name="派出单位",
        on_delete=models.PROTECT,
        related_name="leave_requests",
    )
    kind = models.CharField("请假类别", max_length=16, choices=LeaveKind.choices)
    reason = models.TextField("请假事由")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    half_day_start = models.BooleanField("首日下午开始", default=False)
    half_day_end = models.BooleanField("末日上午结束", default=False)
    days = models.DecimalField("请假天数", max_digits=5, decimal_places=1)
    # Half-day ordinals of the first and last half day: the overlap guard compares these.
    start_slot = models.BigIntegerField(editable=False)
    end_slot = models.BigIntegerField(editable=False)
    attachment = models.FileField("附件", upload_to="leave/%Y/%m/", blank=True)

    # The route as the county's policy gave it on the day of the request (never recomputed).
    requested_on = models.DateField("申请日期")
    policy_code = models.CharField("适用政策", max_length=16)
    # Office codes as ",a,b," so that "does the route name office X" is a portable LIKE (no code is
    # part of another).
    route_approvers = models.CharField("审批单位", max_length=200)
    route_filed_with = models.CharField("备案单位", max_length=200, blank=True)
    route_provision = models.CharField("依据条款", max_length=32)
    route_threshold = models.DecimalField("天数界限", max_digits=5, decimal_places=1, null=True, blank=True)
    route_upper = models.BooleanField("超过天数界限", default=False)
    route_is_county_value = models.BooleanField("县级设置的界限", default=False)

    status = models.CharField("状态", max_length=16, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    decided_at = models.DateTimeField("审批完成时间", null=True, blank=True)
    returned_on = models.DateField("返岗日期", null=True, blank=True)
    overdue_flagged_on = models.DateField("逾期提醒日期", null=True, blank=True)

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "请假申请"
        verbose_name_plural = "请假申请"
        ordering = ["-start", "-pk"]
        indexes = [
            models.Index(fields=["cadre", "start"]),
            models.Index(fields=["status", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="leave_end_not_before_start",
                condition=Q(end__gte=F("start")),
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                name="leave_days_positive",
                condition=Q(days__gt=0),
                violation_error_message="请假天数应大于0",
            ),
            models.CheckConstraint(
                name="leave_slots_ordered",
                condition=Q(end_slot__gte=F("start_slot")),
                violation_error_message="结束时间不能早于开始时间",
            ),
            models.CheckConstraint(
                name="leave_status_valid",
                condition=Q(status__in=LeaveStatus.values),
                violation_error_message="状态无效",
            ),
            models.CheckConstraint(
                name="leave_closed_has_return",
                condition=Q(status=LeaveStatus.CLOSED, returned_on__isnull=False)
                | (~Q(status=LeaveStatus.CLOSED) & Q(returned_on__isnull=True)),
                violation_error_message="销假须填写返岗日期",
            ),
            # Overlapping leaves of one cadre: exclusion constraint / trigger, see 0002_overlap_guard.
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} {self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}（{self.days}天）"

    def get_absolute_url(self) -> str:
        return reverse("attendance:leave_detail", args=[self.pk])

    @staticmethod
    def encode_offices(offices: frozenset[str] | set[str] | list[str]) -> str:
        ordered = [o for o in ROUTE_OFFICES if o in offices]
        return f",{','.join(ordered)}," if ordered else ""

    @property
    def approvers(self) -> list[str]:
        return [o for o in self.route_approvers.split(",") if o]

    @property
    def filed_with(self) -> list[str]:
        return [o for o in self.route_filed_with.split(",") if o]

    @property
    def route(self) -> Route:
        return Route(
            approvers=frozenset(self.approvers),
            filed_with=frozenset(self.filed_with),
            provision=self.route_provision,
            threshold_days=self.route_threshold,
            upper=self.route_upper,
            is_county_value=self.route_is_county_value,
            is_county_rule=self.route_is_county_rule,
        )

    @property
    def route_is_county_rule(self) -> bool:
        """The route is the county's own rule (本县规定): the policy names none (QH-LEAVE, SC-LEAVE)."""
        provision = BY_ID.get(self.route_provision)
        return provision is not None and "threshold_days" in provision.county_rule

    @property
    def return_citation(self) -> str:
        """Who asks for the return report (销假) under the policy the leave was routed by: "ALL-RETURN",
        or in Sichuan "本县规定，SC-LEAVE" (seed 003 has no 销假 clause; issue 10, correction 5)."""
        try:
            rule = return_rule(policy_for(self.policy_code, self.requested_on))
        except LookupError:
            rule = None
        return rule.citation if rule is not None else "本县规定"

    @property
    def route_description(self) -> str:
        return self.route.description

    def decided_offices(self) -> set[str]:
        return {d.office for d in self.decisions.all()}

    @property
    def awaiting(self) -> list[str]:
        """Route offices still to decide, in route order (empty unless pending)."""
        if self.status != LeaveStatus.PENDING:
            return []
        done = self.decided_offices()
        return [o for o in self.approvers if o not in done]

    @property
    def awaiting_names(self) -> list[str]:
        return [OFFICE_NAMES[o] for o in self.awaiting]

    @property
    def expected_return(self) -> datetime.date:
        """The day the cadre is due back in the village (the afternoon of ``end`` for a half day)."""
        return self.end if self.half_day_end else self.end + datetime.timedelta(days=1)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == LeaveStatus.APPROVED and today > self.expected_return

    @property
    def returned_late(self) -> bool:
        return self.returned_on is not None and self.returned_on > self.expected_return

    @property
    def period_label(self) -> str:
        first = f"{self.start:%Y-%m-%d}{'下午' if self.half_day_start else ''}"
        last = f"{self.end:%Y-%m-%d}{'上午' if self.half_day_end else ''}"
        return f"{first} 至 {last}"

    def leave_days_by_date(self) -> dict[datetime.date, Decimal]:
        """Each calendar date of the leave with the part of it taken (1 or 0.5), by convention 2."""
        return dict(
            leave_day_shares(
                start=self.start,
                end=self.end,
                half_day_start=self.half_day_start,
                half_day_end=self.half_day_end,
            )
        )


# The longest substitution, in calendar days counting both ends. A stand-in covers an absence of the
# principal (study, a long leave, a secondment); an arrangement longer than a year is a change of who
# holds the office, made by giving the person their own login, not a delegation. 366 so that a year
# containing 29 February still fits.
SUBSTITUTE_MAX_DAYS = 366


class SubstituteApproverQuerySet(ScopedQuerySet["SubstituteApprover"]):
    region_paths = ("region__path",)
    unit_paths = ("dispatching_unit",)

    def for_user(self, user: Any) -> SubstituteApproverQuerySet:
        # The office's own users see what it delegated; a substitute sees what was validly delegated to
        # them (a row naming a user of another county stays 404 to that user).
        scoped = super().for_user(user)
        if getattr(user, "is_authenticated", False):
            return scoped | self.valid().filter(substitute=user)
        return scoped

    def valid(self) -> SubstituteApproverQuerySet:
        """Rows that keep the substitution rules, checked again on every use: a row written before the
        rules, by the admin or behind the services' back grants nothing.

        The principal still holds the office over the delegated jurisdiction; the stand-in holds the
        same office inside it (a regional office: the same region or one below it; a dispatching unit:
        the same unit); the period is at most ``SUBSTITUTE_MAX_DAYS`` long."""
        same_office = Q(
            office__in=ROUTE_OFFICES, principal__office=F("office"), substitute__office=F("office")
        )
        regional = ~Q(office=Office.DISPATCHING_UNIT) & Q(
            region__isnull=False,
            principal__region=F("region"),
            substitute__region__path__startswith=F("region__path"),
        )
        unit = Q(
            office=Office.DISPATCHING_UNIT,
            dispatching_unit__isnull=False,
            principal__dispatching_unit=F("dispatching_unit"),
            substitute__dispatching_unit=F("dispatching_unit"),
        )
        bounded = LessThanOrEqual(F("end") - F("start"), datetime.timedelta(days=SUBSTITUTE_MAX_DAYS - 1))
        return self.filter(same_office & (regional | unit), bounded)

    def active_on(self, day: datetime.date) -> SubstituteApproverQuerySet:
        """Valid substitutions in force on ``day``."""
        return self.valid().filter(start__lte=day, end__gte=day, revoked_at__isnull=True)


class SubstituteApprover(models.Model):
    """An office's named stand-in: ``substitute`` decides for ``office`` over the principal's
    jurisdiction (``region`` or ``dispatching_unit``) from ``start`` to ``end``."""

    office = models.CharField("职能", max_length=32)
    region = models.ForeignKey(
        "teams.Region",
        verbose_name="管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit",
        verbose_name="派出单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="委托人", on_delete=models.PROTECT, related_name="+"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代理审批人",
        on_delete=models.PROTECT,
        related_name="substitutions",
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=200, blank=True)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = SubstituteApproverQuerySet.as_manager()

    class Meta:
        verbose_name = "代理审批人"
        verbose_name_plural = "代理审批人"
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="substitute_end_not_before_start",
                condition=Q(end__gte=F("start")),
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                name="substitute_not_self",
                condition=~Q(substitute=F("principal")),
                violation_error_message="不能指定本人为代理审批人",
            ),
            models.CheckConstraint(
                name="substitute_has_jurisdiction",
                condition=Q(region__isnull=False, dispatching_unit__isnull=True)
                | Q(region__isnull=True, dispatching_unit__isnull=False),
                violation_error_message="代理范围须为一个区域或一个派出单位",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute}代{self.principal}审批（{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}）"

    @property
    def office_name(self) -> str:
        return OFFICE_NAMES.get(self.office, self.office)

    @property
    def jurisdiction(self) -> str:
        return str(self.region or self.dispatching_unit)
