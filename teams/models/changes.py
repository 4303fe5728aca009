"""Member changes filed with the county (ZMD-CHANGE) and aid pairings between counties (SC-AID)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from teams.scoping import ScopedQuerySet

from .memberships import Membership, Team
from .regions import Region


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
