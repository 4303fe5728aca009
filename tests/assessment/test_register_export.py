"""The 考核登记表 of one cadre as xlsx, next to its printable page."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from assessment import selectors, services
from assessment.models import AssessmentEntry, Grade
from teams.masking import mask
from tests.builders import make_cadre, make_posting
from tests.clock import TODAY

from .helpers import entry_in_township, open_round, user

pytestmark = pytest.mark.django_db


def _lines(client: Any, entry: AssessmentEntry) -> dict[str, list[tuple[Any, Any]]]:
    """项目 → the (内容, 依据) of every line of that name."""
    response = client.get(reverse("assessment:entry_export", args=[entry.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    lines: dict[str, list[tuple[Any, Any]]] = {}
    for label, value, provision in sheet.iter_rows(min_row=2, values_only=True):
        lines.setdefault(label, []).append((value, provision))
    return lines


def test_the_register_form_exports_the_grade_and_who_decided_it(as_user: Any) -> None:
    entry = open_round("county2").entries.order_by("pk").first()
    assert entry is not None
    services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT, comment="履职较好")
    lines = _lines(as_user("county2"), entry)
    assert lines["确定等次"] == [("称职", None)]
    assert lines["确定人"] == [(user("county2").display_name, None)]
    assert lines["确定意见"] == [("履职较好", None)]
    assert lines["姓名"] == [(entry.cadre.name, None)]


def test_the_register_form_exports_why_a_cadre_may_not_be_excellent_with_the_provision(as_user: Any) -> None:
    round_ = open_round("county_qh")
    view = selectors.round_view(round_, round_.entries.filter(township__name="雨润镇"), today=TODAY)
    entry = next(row.entry for row in view.rows if row.reasons)
    reasons = _lines(as_user("county_qh"), entry)["不能评优原因"]
    assert [provision for _, provision in reasons] == ["QH10-ABSENT"]
    assert "QH10-ABSENT" in reasons[0][0]


def test_a_name_starting_with_an_equals_sign_is_not_a_formula(as_user: Any) -> None:
    make_posting(cadre=make_cadre("西平县", name="=1+1"))
    round_ = open_round("county")
    entry = round_.entries.get(cadre__name="=1+1")
    assert _lines(as_user("county"), entry)["姓名"] == [("'=1+1", None)]


def test_the_id_number_is_masked_for_a_township(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    number = _lines(as_user("township_qh"), entry)["公民身份号码"]
    assert number == [(mask(entry.cadre.id_number), None)]


def test_the_county_org_dept_reads_the_id_number_in_full(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    assert _lines(as_user("county_qh"), entry)["公民身份号码"] == [(entry.cadre.id_number, None)]


def test_the_register_page_links_its_xlsx(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    page = as_user("county_qh").get(reverse("assessment:entry_detail", args=[entry.pk])).content.decode()
    assert reverse("assessment:entry_export", args=[entry.pk]) in page


@pytest.mark.parametrize("other", ["county", "county2", "township_sc"])
def test_another_county_gets_404_for_the_register_xlsx(as_user: Any, other: str) -> None:
    entry = open_round("county_qh").entries.order_by("pk").first()
    assert entry is not None
    response = as_user(other).get(reverse("assessment:entry_export", args=[entry.pk]))
    assert response.status_code == 404
