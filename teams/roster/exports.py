"""Exports to xlsx: the roster (in the import template's layout, so it imports back unchanged) and each
list page (the same filtered queryset the page shows)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.typing import AuthedHttpRequest
from teams import masking
from teams.choices import PartyStatus, Rank, Sex, UnitKind, UnitLevel
from teams.models import Cadre, Membership

from . import columns, xlsx
from .cells import role_label, yes_no_label


def response(file_name: str, content: bytes) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=xlsx.XLSX_CONTENT_TYPE,
        headers={
            "Content-Disposition": content_disposition_header(True, file_name),
            "Cache-Control": "no-store",
        },
    )


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


# --- the roster ------------------------------------------------------------------------------


def roster_rows(memberships: QuerySet[Membership], *, reader: Any) -> Iterator[list[object]]:
    """One row per membership, in the template's column order; ID numbers as ``reader`` (a user, or
    ``masking.SYSTEM``) may read them."""
    sexes, parties, ranks = dict(Sex.choices), dict(PartyStatus.choices), dict(Rank.choices)
    fields = (
        "cadre__name",
        "cadre__id_number",
        "cadre__sex",
        "cadre__birth_date",
        "cadre__party_status",
        "cadre__rank",
        "cadre__phone",
        "dispatching_unit__name",
        "team__village__township__parent__name",
        "team__village__township__name",
        "team__village__name",
        "role",
        "is_leader",
        "start",
        "end",
        "cadre__is_bilingual",
        "cadre__is_on_staff",
        "team__village__is_key_village",
        "team__village__has_untapped_resources",
        "dispatching_unit__staff_total",
        "team__withdrawn_on",
    )
    ordered = memberships.order_by(
        "team__village__township__path", "team__village__name", "-is_leader", "role", "cadre__name", "pk"
    )
    for (
        name,
        number,
        sex,
        born,
        party,
        rank,
        phone,
        unit,
        county,
        township,
        village,
        role,
        leader,
        start,
        end,
        bilingual,
        on_staff,
        key_village,
        untapped,
        staff_total,
        withdrawn_on,
    ) in ordered.values_list(*fields).iterator(chunk_size=5000):
        yield [
            name,
            masking.id_number_for(reader, number),
            sexes.get(sex, sex),
            born,
            parties.get(party, party),
            ranks.get(rank, rank),
            phone,
            unit,
            county,
            township,
            village,
            role_label(role, leader),
            start,
            end,
            yes_no_label(bilingual),
            yes_no_label(on_staff),
            # A village flag is recorded either way: 否 rather than empty, so it imports back unchanged.
            yes_no_label(key_village),
            yes_no_label(untapped),
            staff_total,
            withdrawn_on,
        ]


def roster(memberships: QuerySet[Membership], *, reader: Any, title: str = "花名册") -> bytes:
    return xlsx.write(
        columns.HEADERS,
        roster_rows(memberships, reader=reader),
        title=title,
        text_columns=xlsx.ROSTER_TEXT_COLUMNS,
        widths={7: 24},
    )


def roster_response(request: AuthedHttpRequest, *, today: datetime.date | None = None) -> HttpResponse:
    """The current roster of the user's jurisdiction: memberships in force today."""
    today = today or timezone.localdate()
    memberships = Membership.objects.for_user(request.user).active_on(today)
    return response(f"驻村干部花名册_{today:%Y%m%d}.xlsx", roster(memberships, reader=request.user))


# --- list pages ------------------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return "是" if flag else ""


def _iterate(queryset: QuerySet[Any]) -> Iterable[Any]:
    # Prefetches run per chunk, so a province-sized list stays within SQLite's parameter limit.
    return queryset.iterator(chunk_size=2000)


def villages(request: AuthedHttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
    header = [
        "乡镇（街道）",
        "村名",
        "村级区划代码",
        "建档立卡贫困村",
        "软弱涣散村",
        "维稳重点村",
        "深度贫困村",
        "民族地区",
        "缺乏产业",
        "特色资源挖掘利用不够",
        "省扶贫工作重点村",
        "脱贫退出日期",
        "工作队数",
    ]
    rows = (
        [
            v.township.name,
            v.name,
            v.code,
            _yes(v.is_registered_poor),
            _yes(v.is_weak_party_org),
            _yes(v.is_stability_focus),
            _yes(v.is_deep_poverty),
            _yes(v.is_ethnic_area),
            _yes(v.has_no_industry),
            _yes(v.has_untapped_resources),
            _yes(v.is_key_village),
            v.poverty_exit_date,
            getattr(v, "team_count", None),
        ]
        for v in _iterate(queryset)
    )
    return response(f"村_{_stamp()}.xlsx", xlsx.write(header, rows, title="村", text_columns=[2]))


def teams(request: AuthedHttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
    header = [
        "乡镇（街道）",
        "派驻村",
        "本期开始",
        "本期结束",
        "撤离日期",
        "第一书记",
        "队长",
        "在驻队员",
        "在驻人数",
    ]
    rows = []
    for team in _iterate(queryset):
        members = getattr(team, "current_members", [])
        rows.append(
            [
                team.village.township.name,
                team.village.name,
                team.term_start,
                team.term_end,
                team.withdrawn_on,
                "、".join(m.cadre.name for m in members if m.role == "first_secretary"),
                "、".join(m.cadre.name for m in members if m.is_leader),
                "、".join(m.cadre.name for m in members),
                getattr(team, "size", len(members)),  # the team's size, not only the visible members
            ]
        )
    return response(f"驻村工作队_{_stamp()}.xlsx", xlsx.write(header, rows, title="驻村工作队"))


def cadres(request: AuthedHttpRequest, queryset: QuerySet[Cadre]) -> HttpResponse:
    header = [
        "姓名",
        "身份证号",
        "性别",
        "出生日期",
        "政治面貌",
        "职级",
        "后备干部",
        "懂双语",
        "在编在岗",
        "联系电话",
        "当前任职",
        "派出单位",
    ]
    rows = (
        [
            c.name,
            masking.id_number_for(request.user, c),
            c.get_sex_display(),
            c.birth_date,
            c.get_party_status_display(),
            c.get_rank_display(),
            _yes(c.is_reserve),
            yes_no_label(c.is_bilingual),
            yes_no_label(c.is_on_staff),
            c.phone,
            "、".join(
                f"{m.team.village.name}{role_label(m.role, m.is_leader)}"
                for m in getattr(c, "current_memberships", [])
            ),
            "、".join(m.dispatching_unit.name for m in getattr(c, "current_memberships", [])),
        ]
        for c in _iterate(queryset)
    )
    return response(
        f"驻村干部_{_stamp()}.xlsx", xlsx.write(header, rows, title="驻村干部", text_columns=[1, 9])
    )


def units(request: AuthedHttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
    levels, kinds = dict(UnitLevel.choices), dict(UnitKind.choices)
    header = ["单位名称", "层级", "性质", "干部职工人数", "在编人数", "所在区划", "在驻干部数"]
    rows = (
        [
            u.name,
            levels.get(u.level, u.level),
            kinds.get(u.kind, u.kind),
            u.staff_total,
            u.headcount,
            u.region.name if u.region else "",
            getattr(u, "serving", None),
        ]
        for u in _iterate(queryset)
    )
    return response(f"派出单位_{_stamp()}.xlsx", xlsx.write(header, rows, title="派出单位", widths={0: 30}))
