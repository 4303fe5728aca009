"""What a new user met (issue 9 §3), in the browser: names instead of logins, a double tap on the
check-in button, the cadre form's labels and duplicate ID, a unit's team sizes, the product's 404."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from attendance.models import CheckIn
from teams.models import Cadre, Membership
from tests.clock import TODAY

from .helpers import PHONE, flash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_header_names_the_person_and_office_not_the_login(login) -> None:  # type: ignore[no-untyped-def]
    page = login("township")

    header = page.inner_text("header")

    assert User.objects.get(username="township").display_name in header
    assert "township" not in header


def test_a_double_tap_on_check_in_stores_one_check_in(login) -> None:  # type: ignore[no-untyped-def]
    cadre = User.objects.get(username="cadre").cadre
    assert cadre is not None
    village = Membership.objects.filter(cadre=cadre).active_on(TODAY).get().team.village
    assert village.latitude is not None and village.longitude is not None
    near = {"latitude": float(village.latitude + Decimal("0.001")), "longitude": float(village.longitude)}
    page = login("cadre", **PHONE, geolocation=near, permissions=["geolocation"])
    page.goto(page.url + "attendance/checkin/")

    page.dblclick("#locate")
    flash(page, "已打卡")
    page.wait_for_load_state("networkidle")

    assert CheckIn.objects.filter(cadre=cadre).count() == 1


def test_the_cadre_form_has_full_width_colons_and_names_who_has_the_id(login) -> None:  # type: ignore[no-untyped-def]
    existing = Cadre.objects.filter(county__name="西平县").order_by("pk").first()
    assert existing is not None
    page = login("county")
    page.goto(page.url + "cadres/new/")
    assert page.inner_text("label[for=id_name]") == "姓名："

    page.fill("#id_id_number", existing.id_number)
    page.fill("#id_name", "重复登记")
    page.select_option("#id_party_status", "member")
    page.click("main form button[type=submit]")

    error = page.locator("main form", has_text="该身份证号已登记为").inner_text()
    assert f"该身份证号已登记为西平县的{existing.name}" in error and "已存在" not in error


def test_a_unit_sees_each_teams_real_size_beside_its_own_cadres(login) -> None:  # type: ignore[no-untyped-def]
    page = login("unit")
    page.goto(page.url + "teams/?q=李楼村")

    row = page.locator("table tbody tr", has_text="李楼村").first.inner_text()

    assert "\t4\t" in row and "本单位选派 1 人" in row


def test_a_missing_page_is_the_products_own_chinese_404(login) -> None:  # type: ignore[no-untyped-def]
    page = login("county")

    response = page.goto(page.url + "no-such-page/")

    assert response.status == 404
    body = page.inner_text("main")
    assert "该页面不存在，或不在您的管辖范围内" in body and "返回首页" in body
    assert "Page not found" not in page.content() and "URLconf" not in page.content()
