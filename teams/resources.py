"""django-import-export resources: the admin's import and export of single tables.

The county roster (cadres, units, villages, teams and memberships from one sheet) goes through
``teams.roster`` instead: measured on 50,000 rows, Resource.import_data with default options takes about
70 s, the roster pipeline under 10 s with the same checks. These resources share its cell parsers, so an
ID typed as a number or a sex that disagrees with the ID is refused here too, with the same message.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets
from tablib import Dataset

from . import masking, services
from .errors import ServiceError
from .models import Cadre, DispatchingUnit, Membership, Region, Team, Village
from .roster import cells
from .roster.exports import roster_rows


class SafeExportMixin:
    """Cells that a spreadsheet could run as formulas (= + - @ tab CR) get a leading apostrophe."""

    def export(self, *args: Any, **kwargs: Any) -> Dataset:
        dataset: Dataset = super().export(*args, **kwargs)  # type: ignore[misc]
        neutral = Dataset(headers=[cells.neutralise(h) for h in dataset.headers or []])
        for row in dataset:
            neutral.append([cells.neutralise(value) for value in row])
        return neutral


class CadreResource(SafeExportMixin, resources.ModelResource):
    id_number = fields.Field(attribute="id_number", column_name="身份证号")
    name = fields.Field(attribute="name", column_name="姓名")
    sex = fields.Field(attribute="sex", column_name="性别")
    birth_date = fields.Field(
        attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget("%Y-%m-%d")
    )
    party_status = fields.Field(attribute="party_status", column_name="政治面貌")
    rank = fields.Field(attribute="rank", column_name="职级")
    phone = fields.Field(attribute="phone", column_name="联系电话")
    county = fields.Field(
        attribute="county", column_name="县区代码", widget=widgets.ForeignKeyWidget(Region, "code")
    )

    class Meta:
        model = Cadre
        import_id_fields = ("id_number",)
        fields = ("id_number", "name", "sex", "birth_date", "party_status", "rank", "phone", "county")
        skip_unchanged = True
        report_skipped = False

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        """Normalise as the roster importer does; a bad ID or a disagreeing sex/birth date is a row error."""
        try:
            facts = cells.id_number(row.get("身份证号"))
            if row.get("性别"):
                row["性别"] = cells.sex(row["性别"])
            if row.get("政治面貌"):
                row["政治面貌"] = cells.party_status(row["政治面貌"])
            if row.get("职级"):
                row["职级"] = cells.rank(row["职级"])
            born = cells.full_date(row["出生日期"]) if row.get("出生日期") else None
            services.cadre_check_identity(
                id_number=facts.number, sex=row.get("性别") or None, birth_date=born
            )
        except (cells.CellError, ServiceError) as exc:
            raise ValueError(getattr(exc, "message", str(exc))) from None
        row["身份证号"], row["性别"] = facts.number, facts.sex
        row["出生日期"] = f"{facts.birth_date:%Y-%m-%d}"

    def dehydrate_sex(self, cadre: Cadre) -> str:
        return cadre.get_sex_display()

    def dehydrate_party_status(self, cadre: Cadre) -> str:
        return cadre.get_party_status_display()

    def dehydrate_rank(self, cadre: Cadre) -> str:
        return cadre.get_rank_display()


class VillageResource(SafeExportMixin, resources.ModelResource):
    township = fields.Field(
        attribute="township", column_name="乡镇代码", widget=widgets.ForeignKeyWidget(Region, "code")
    )
    name = fields.Field(attribute="name", column_name="村名")
    code = fields.Field(attribute="code", column_name="村级区划代码")

    class Meta:
        model = Village
        import_id_fields = ("township", "name")
        fields = (
            "township",
            "name",
            "code",
            "is_registered_poor",
            "is_weak_party_org",
            "is_stability_focus",
            "is_deep_poverty",
            "is_ethnic_area",
            "has_no_industry",
            "has_untapped_resources",
            "is_key_village",
            "poverty_exit_date",
        )
        skip_unchanged = True
        use_bulk = True


class DispatchingUnitResource(SafeExportMixin, resources.ModelResource):
    region = fields.Field(
        attribute="region", column_name="所在区划代码", widget=widgets.ForeignKeyWidget(Region, "code")
    )

    class Meta:
        model = DispatchingUnit
        import_id_fields = ("name",)
        fields = ("name", "level", "kind", "staff_total", "headcount", "region")
        skip_unchanged = True
        use_bulk = True


class TeamResource(SafeExportMixin, resources.ModelResource):
    """Export only: a team's term is checked against the village's other teams by ``team_save``."""

    village = fields.Field(attribute="village__name", column_name="派驻村")
    township = fields.Field(attribute="village__township__name", column_name="乡镇")

    class Meta:
        model = Team
        fields = ("id", "township", "village", "term_start", "term_end", "withdrawn_on", "note")


class RosterResource(SafeExportMixin, resources.ModelResource):
    """Memberships in the roster's layout (the import template's columns): export only."""

    class Meta:
        model = Membership
        fields = ()

    def export(self, queryset: Any = None, **kwargs: Any) -> Dataset:
        from .roster.columns import HEADERS

        queryset = queryset if queryset is not None else Membership.objects.all()
        dataset = Dataset(headers=list(HEADERS))
        for row in roster_rows(queryset, reader=masking.SYSTEM):
            dataset.append([cells.neutralise(v) for v in row])
        return dataset
