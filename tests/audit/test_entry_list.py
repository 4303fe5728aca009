"""/audit/: the county organisation department reads its own county's trail; nobody else reads it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from audit.models import AuditEntry
from audit.views import HEADER, entries_for
from audit.views import Filters as AuditFilters
from teams.models import Cadre, Region

from .test_recording import _cadre_post

pytestmark = pytest.mark.django_db
URL = reverse("audit:entry_list")


def _edit_phone(as_user: Any, username: str, county_code: str, phone: str) -> Cadre:
    cadre = Cadre.objects.filter(county__code=county_code).order_by("pk").first()
    assert cadre is not None
    response = as_user(username).post(
        reverse("teams:cadre_edit", args=[cadre.pk]), _cadre_post(cadre, phone=phone)
    )
    assert response.status_code == 302
    return cadre


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_county_reads_who_office_when_where_and_what_changed_in_chinese(as_user: Any) -> None:
    cadre = _edit_phone(as_user, "county", "411721", "13800004444")
    kind = ContentType.objects.get_for_model(Cadre).pk
    body = as_user("county").get(URL, {"who": "王建国", "kind": kind, "action": "update"}).content.decode()
    assert "王建国（西平县委组织部）" in body and "县委组织部" in body and "127.0.0.1" in body
    assert f"联系电话：{cadre.phone} → 13800004444" in body and "驻村干部" in body and "修改" in body


def test_another_countys_entries_never_appear(as_user: Any) -> None:
    _edit_phone(as_user, "county2", "370124", "13900009999")
    theirs = AuditEntry.objects.get(actor__username="county2", action=AuditEntry.Action.UPDATE)
    county = User.objects.get(username="county")
    assert not entries_for(county, AuditFilters()).filter(pk=theirs.pk).exists()
    assert "13900009999" not in as_user("county").get(URL, {"who": "孙丽"}).content.decode()
    assert _sheet(as_user("county").get(URL, {"who": "孙丽", "format": "xlsx"})) == [tuple(HEADER)]
    assert "13900009999" in as_user("county2").get(URL, {"who": "孙丽"}).content.decode()


@pytest.mark.parametrize("username", ["bureau", "township", "unit", "cadre", "city"])
def test_other_offices_are_refused(as_user: Any, username: str) -> None:
    assert as_user(username).get(URL).status_code == 403
    assert as_user(username).get(URL, {"format": "xlsx"}).status_code == 403


def test_the_xlsx_is_the_filtered_list_with_formulas_neutralised(as_user: Any) -> None:
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Cadre),
        object_pk="1",
        object_repr='=HYPERLINK("http://evil/","点我")',
        action=AuditEntry.Action.UPDATE,
        changes={"name": ["张三", "=1+1"]},
        actor_name="测试导出人",
        county=Region.objects.get(code="411721"),
    )
    response = as_user("county").get(URL, {"who": "测试导出人", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = _sheet(response)
    assert header == tuple(HEADER)
    assert row[1] == "测试导出人" and row[6] == "'" + '=HYPERLINK("http://evil/","点我")'
    assert row[7] == "姓名：张三 → =1+1"


def test_the_list_is_filtered_by_action_and_paginated(as_user: Any) -> None:
    client = as_user("county")  # a login (force_login sends user_logged_in too)
    _edit_phone(as_user, "county", "411721", "13800005555")
    response = client.get(URL, {"action": "login"})
    logins = AuditEntry.objects.filter(auth_event="login", county__code="411721").count()
    assert logins >= 1 and response.context["page"].paginator.count == logins
    assert {row.action for row in response.context["rows"]} == {"登录"}
    assert response.context["page"].paginator.per_page == 50
    assert AuditEntry.objects.filter(county__code="411721").count() > 50  # the demo's own writes: pages
    assert "下一页" in client.get(URL).content.decode()


def test_a_bad_date_is_explained_not_a_500(as_user: Any) -> None:
    response = as_user("county").get(URL, {"from": "2026-13-40", "kind": "x", "action": "y", "page": "z"})
    assert response.status_code == 200 and "2026-13-40" in response.content.decode()


def test_the_county_home_links_the_page(as_user: Any) -> None:
    assert URL in as_user("county").get(reverse("home")).content.decode()
    assert URL not in as_user("township").get(reverse("home")).content.decode()
