"""Choice vocabularies shared by models, forms, the importer and the rules adapter."""

from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（市、区）"
    TOWNSHIP = "township", "乡镇（街道）"


class PolicyCode(models.TextChoices):
    JINAN = "jinan", "济南市"
    QINGHAI = "qinghai", "青海省"
    SICHUAN = "sichuan", "四川省"
    ZHUMADIAN = "zhumadian", "驻马店市"


class UnitLevel(models.TextChoices):
    CENTRAL = "central", "中央"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"


class UnitKind(models.TextChoices):
    ORGAN = "organ", "机关"
    ENTERPRISE = "enterprise", "企业"
    INSTITUTION = "institution", "事业单位"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PartyStatus(models.TextChoices):
    MEMBER = "member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE = "league", "共青团员"
    DEMOCRATIC = "democratic", "民主党派"
    NONE = "none", "群众"


class Rank(models.TextChoices):
    DEPARTMENT = "department", "厅级"
    DIVISION = "division", "处级"
    SECTION = "section", "科级"
    BELOW_SECTION = "below_section", "科级以下"
    ENTERPRISE_MANAGER = "enterprise_manager", "企事业单位中层"
    OTHER = "other", "其他"


class Expertise(models.TextChoices):
    PARTY_MASS = "party_mass", "党群工作"
    ECONOMIC = "economic", "经济工作"
    BUSINESS = "business", "经营管理"
    MEDIATION = "mediation", "矛盾调解"
    SOCIAL = "social", "社会工作"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", "第一书记"
    MEMBER = "member", "队员"
