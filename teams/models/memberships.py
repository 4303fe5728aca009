"""Work teams and their members' postings (任职)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from teams.choices import Role
from teams.scoping import ScopedQuerySet

from .base import Timestamped
from .cadres import Cadre
from .units import DispatchingUnit
from .villages import Village


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
