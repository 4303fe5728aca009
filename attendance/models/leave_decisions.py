"""The record of a leave request (请销假): each office's decision and the audit trail of what happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Office
from teams.rules import OFFICE_NAMES
from teams.scoping import ScopedQuerySet

from .leave import ROUTE_OFFICES, LeaveRequest

__all__ = [
    "Decision",
    "EventAction",
    "LeaveDecision",
    "LeaveDecisionQuerySet",
    "LeaveEvent",
    "LeaveEventQuerySet",
]


class Decision(models.TextChoices):
    APPROVE = "approve", "批准"
    REJECT = "reject", "不批准"


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", "提交申请"
    APPROVED = "approved", "批准"
    REJECTED = "rejected", "不批准"
    FILED = "filed", "备案"
    CANCELLED = "cancelled", "撤销"
    RETURNED = "returned", "销假"
    OVERDUE = "overdue", "逾期未销假"


class LeaveDecisionQuerySet(ScopedQuerySet["LeaveDecision"]):
    region_paths = ("request__township__path",)
    unit_paths = ("request__dispatching_unit",)
    cadre_paths = ("request__cadre",)


class LeaveDecision(models.Model):
    """One office's final word on one request. One per office: the database says so too."""

    request = models.ForeignKey(
        LeaveRequest, verbose_name="请假申请", on_delete=models.CASCADE, related_name="decisions"
    )
    office = models.CharField("审批单位", max_length=32)
    decision = models.CharField("意见", max_length=16, choices=Decision.choices)
    comment = models.TextField("审批意见", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.PROTECT, related_name="+"
    )
    # Set when ``user`` decided as a substitute approver named by this principal.
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="委托人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", auto_now_add=True)

    objects = LeaveDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "审批意见"
        verbose_name_plural = "审批意见"
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "office"],
                name="leave_decision_once_per_office",
                violation_error_message="该单位已对此申请作出审批",
            ),
            models.CheckConstraint(
                name="leave_decision_office_valid",
                condition=Q(office__in=ROUTE_OFFICES),
                violation_error_message="审批单位无效",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_name}：{self.get_decision_display()}"

    @property
    def office_name(self) -> str:
        return OFFICE_NAMES.get(self.office, self.office)


class LeaveEventQuerySet(ScopedQuerySet["LeaveEvent"]):
    region_paths = ("request__township__path",)
    unit_paths = ("request__dispatching_unit",)
    cadre_paths = ("request__cadre",)


class LeaveEvent(models.Model):
    """The audit trail: every step of a request, who took it, as which office, when and why."""

    request = models.ForeignKey(
        LeaveRequest, verbose_name="请假申请", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=EventAction.choices)
    office = models.CharField("职能", max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="委托人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    objects = LeaveEventQuerySet.as_manager()

    class Meta:
        verbose_name = "请销假记录"
        verbose_name_plural = "请销假记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def office_name(self) -> str:
        return Office(self.office).label if self.office in Office.values else ""
