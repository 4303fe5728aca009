"""Logins: every user holds an office (职能) over a jurisdiction (a region, a dispatching unit or a cadre)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Office(models.TextChoices):
    COUNTY_ORG_DEPT = "county_org_dept", "县委组织部"
    COUNTY_RURAL_BUREAU = "county_rural_bureau", "县乡村振兴局"
    TOWNSHIP_COMMITTEE = "township_committee", "乡镇党委"
    DISPATCHING_UNIT = "dispatching_unit", "派出单位"
    CITY_OVERSIGHT = "city_oversight", "市委组织部 / 市乡村振兴局"
    PROVINCE_OVERSIGHT = "province_oversight", "省委组织部 / 省乡村振兴局"
    CADRE = "cadre", "驻村干部"


# Which region level each regional office governs.
REGION_OFFICES: dict[str, str] = {
    Office.COUNTY_ORG_DEPT: "county",
    Office.COUNTY_RURAL_BUREAU: "county",
    Office.TOWNSHIP_COMMITTEE: "township",
    Office.CITY_OVERSIGHT: "city",
    Office.PROVINCE_OVERSIGHT: "province",
}

# Offices that create and edit the county's teams, cadres, villages and units.
EDITING_OFFICES = frozenset({Office.COUNTY_ORG_DEPT})

# A regional office without a description reads as "<region name><suffix>": 西平县委组织部, 五沟营镇党委.
_REGION_OFFICE_SUFFIX: dict[str, str] = {
    Office.COUNTY_ORG_DEPT: "委组织部",
    Office.COUNTY_RURAL_BUREAU: "乡村振兴局",
    Office.TOWNSHIP_COMMITTEE: "党委",
    Office.CITY_OVERSIGHT: "委组织部",
    Office.PROVINCE_OVERSIGHT: "委组织部",
}

# Read-only offices that compare the counties below them (city, province).
OVERSIGHT_OFFICES = frozenset({Office.CITY_OVERSIGHT, Office.PROVINCE_OVERSIGHT})


class User(AbstractUser):
    """A login. People read a user as ``display_name``; the username is only typed at the login page and
    seen in the admin. ``first_name`` holds the office description (西平县五沟营镇党委) and ``last_name``
    the person's full name (王建国); a cadre's login takes the name from its cadre record."""

    # What the two name fields hold here (see display_name), so the admin and the audit trail say so.
    first_name = models.CharField("单位与职务", max_length=150, blank=True)
    last_name = models.CharField("姓名", max_length=150, blank=True)
    office = models.CharField("职能", max_length=32, choices=Office.choices, blank=True)
    region = models.ForeignKey(
        "teams.Region",
        verbose_name="管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    dispatching_unit = models.ForeignKey(
        "teams.DispatchingUnit",
        verbose_name="所属派出单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    cadre = models.OneToOneField(
        "teams.Cadre",
        verbose_name="对应驻村干部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )

    # Set when someone else chose the password (a one-time password from the county's account pages):
    # the user must choose their own before doing anything else.
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_office_matches_jurisdiction",
                condition=(
                    Q(office="", region__isnull=True, dispatching_unit__isnull=True, cadre__isnull=True)
                    | Q(
                        office__in=list(REGION_OFFICES),
                        region__isnull=False,
                        dispatching_unit__isnull=True,
                        cadre__isnull=True,
                    )
                    | Q(
                        office=Office.DISPATCHING_UNIT,
                        region__isnull=True,
                        dispatching_unit__isnull=False,
                        cadre__isnull=True,
                    )
                    | Q(
                        office=Office.CADRE,
                        region__isnull=True,
                        dispatching_unit__isnull=True,
                        cadre__isnull=False,
                    )
                ),
                violation_error_message="职能与管辖范围不一致",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def person_name(self) -> str:
        if self.last_name.strip():
            return self.last_name.strip()
        return self.cadre.name if self.cadre_id and self.cadre else ""

    @property
    def office_description(self) -> str:
        if self.first_name.strip():
            return self.first_name.strip()
        if self.office in _REGION_OFFICE_SUFFIX and self.region_id and self.region:
            return f"{self.region.name}{_REGION_OFFICE_SUFFIX[self.office]}"
        if self.office == Office.DISPATCHING_UNIT and self.dispatching_unit_id and self.dispatching_unit:
            return self.dispatching_unit.name
        if self.office:
            return Office(self.office).label
        return "系统管理员" if self.is_superuser else ""

    @property
    def display_name(self) -> str:
        """王建国（五沟营镇党委）, or the office alone where no person is known."""
        person, office = self.person_name, self.office_description
        if person and office:
            # A description that has its own brackets would nest them: 张三 · 李楼村第一书记（教育局选派）.
            return f"{person} · {office}" if "（" in office else f"{person}（{office}）"
        return person or office or self.username

    @property
    def can_edit_roster(self) -> bool:
        return self.is_superuser or self.office in EDITING_OFFICES

    @property
    def jurisdiction_label(self) -> str:
        if self.region_id:
            return str(self.region)
        if self.dispatching_unit_id:
            return str(self.dispatching_unit)
        if self.cadre_id:
            return str(self.cadre)
        return "全部" if self.is_superuser else "无"


class PasswordHistory(models.Model):
    """The hashes of a user's earlier passwords, so a new password may not repeat the last few (等保)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码（哈希）", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class ApiToken(models.Model):
    """One API token per device. Only a hash of the key is stored; the key is shown once, when made.
    A token expires, and is revoked by logout, by a password change or by its owner."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField("令牌（哈希）", max_length=64, unique=True)
    device = models.CharField("设备", max_length=100)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=50, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.device}"
