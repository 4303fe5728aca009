"""The admin's django-import-export resources: same checks as the roster importer, safe exports."""

from __future__ import annotations

import pytest
from tablib import Dataset

from teams import idcard
from teams.models import Cadre
from teams.resources import CadreResource, RosterResource

from .roster_files import new_id

pytestmark = pytest.mark.django_db


def _dataset(*rows: list[object]) -> Dataset:
    return Dataset(
        *rows, headers=["身份证号", "姓名", "性别", "出生日期", "政治面貌", "职级", "联系电话", "县区代码"]
    )


def test_a_cadre_import_normalises_and_checks_the_id() -> None:
    messy = " " + new_id(7).lower() + " "
    result = CadreResource().import_data(
        _dataset([messy, "管理员导入", "男", "1960-01-01", "党员", "科级", "", "411721"])
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Cadre.objects.get(id_number=new_id(7)).party_status == "member"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (float(new_id(8)), idcard.ERR_SCIENTIFIC),
        (new_id(9), "性别与身份证号不符"),
    ],
)
def test_a_cadre_import_refuses_a_bad_row(number: object, message: str) -> None:
    result = CadreResource().import_data(
        _dataset([number, "甲", "女", "", "党员", "", "", "411721"]), raise_errors=False
    )
    assert result.has_errors()
    assert message in str(result.row_errors()[0][1][0].error)
    assert not Cadre.objects.filter(name="甲").exists()


def test_admin_exports_are_neutralised() -> None:
    cadre = Cadre.objects.first()
    assert cadre is not None
    Cadre.objects.filter(pk=cadre.pk).update(name="=1+1")
    dataset = CadreResource().export(Cadre.objects.filter(pk=cadre.pk))
    assert dataset[0][1] == "'=1+1"
    roster = RosterResource().export()
    assert roster.headers[:2] == ["姓名", "身份证号"] and len(roster) > 0


def test_the_admin_import_page_is_there(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("admin")
    assert client.get("/admin/teams/cadre/import/").status_code == 200
    assert client.get("/admin/teams/membership/export/").status_code == 200
