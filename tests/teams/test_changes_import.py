"""The roster import files each change of members it makes (ZMD-CHANGE): joins, ends before the term's end."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from teams.models import MembershipChange

from .roster_files import new_id, row, xlsx

pytestmark = pytest.mark.django_db


def _import(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    call_command("import_roster", str(path), "--county", "411721")


def test_an_imported_new_member_is_a_join(tmp_path: Path) -> None:
    _import(tmp_path, xlsx([row(1)]))
    change = MembershipChange.objects.get(membership__cadre__id_number=new_id(1))
    assert (change.kind, change.source) == ("join", "import")
    assert change.reason.startswith("花名册导入")


def test_an_imported_early_end_is_a_leave(tmp_path: Path) -> None:
    _import(tmp_path, xlsx([row(1)]))
    _import(tmp_path, xlsx([row(1, 派驻结束日期=datetime.date(2026, 6, 30))]))
    kinds = list(
        MembershipChange.objects.filter(membership__cadre__id_number=new_id(1))
        .order_by("pk")
        .values_list("kind", "changed_on")
    )
    assert kinds == [("join", row(1)[12]), ("leave", datetime.date(2026, 6, 30))]


def test_the_filing_offices_are_recorded_as_a_list(tmp_path: Path) -> None:
    _import(tmp_path, xlsx([row(1), row(2, 派驻村="杨庄村")]))
    filed = MembershipChange.objects.filter(membership__cadre__id_number__in=[new_id(1), new_id(2)])
    assert [c.filed_with for c in filed] == [["county_org_dept", "county_rural_bureau"]] * 2
