"""The assessment pages: open, read the entries with their inputs and reasons, decide, close, export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from assessment.models import AssessmentRound, Grade
from tests.builders import make_cadre, make_posting

from .helpers import YEAR, entry_in_township, keep_members, open_round

pytestmark = pytest.mark.django_db


def test_the_county_opens_its_round_from_the_list(as_user: Any) -> None:
    response = as_user("county_sc").post(reverse("assessment:round_list"), {"year": str(YEAR)})
    round_ = AssessmentRound.objects.get(county__name="苍溪县", year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:round_detail", args=[round_.pk]
    )


def test_a_bad_year_on_the_form_says_so_and_opens_nothing(as_user: Any) -> None:
    response = as_user("county").post(reverse("assessment:round_list"), {"year": "abc"}, follow=True)
    assert "年" in response.content.decode() and not AssessmentRound.objects.exists()


def test_a_township_sees_no_open_form(as_user: Any) -> None:
    page = as_user("township").get(reverse("assessment:round_list")).content.decode()
    assert "发起本县年度考核" not in page


def test_the_sichuan_page_shows_the_cap_and_how_it_was_computed(as_user: Any) -> None:
    round_ = open_round("county_sc")
    page = as_user("county_sc").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()
    assert 'id="cap-box"' in page and "SC-QUOTA-EXC" in page and "不含第一书记" in page and "向下取整" in page


def test_the_qinghai_page_says_why_a_cadre_may_not_be_excellent(as_user: Any) -> None:
    round_ = open_round("county_qh")
    page = as_user("county_qh").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()
    assert "不能评优秀" in page and "QH10-ABSENT" in page
    assert 'id="unit-bars"' in page


def test_the_one_excellent_too_many_is_refused_on_the_page(as_user: Any) -> None:
    first, second = keep_members(open_round("county_sc"), 5)[:2]
    client = as_user("county_sc")
    client.post(reverse("assessment:entry_decide", args=[first.pk]), {"grade": Grade.EXCELLENT})
    response = client.post(
        reverse("assessment:entry_decide", args=[second.pk]), {"grade": Grade.EXCELLENT}, follow=True
    )
    assert "名额已满" in response.content.decode()
    second.refresh_from_db()
    assert second.grade == ""


def test_the_township_proposes_on_the_page(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    as_user("township_qh").post(
        reverse("assessment:entry_propose", args=[entry.pk]), {"grade": Grade.COMPETENT}
    )
    entry.refresh_from_db()
    assert entry.proposed_grade == Grade.COMPETENT


def test_the_township_page_lists_its_own_cadres_only(as_user: Any) -> None:
    round_ = open_round("county_qh")
    other = entry_in_township(round_, "雨润镇")
    page = as_user("township_qh").get(reverse("assessment:round_detail", args=[round_.pk])).content.decode()
    assert f'id="entry-{entry_in_township(round_, "碾伯镇").pk}"' in page
    assert f'id="entry-{other.pk}"' not in page


def test_the_county_enters_scores(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    as_user("county_qh").post(
        reverse("assessment:entry_score", args=[entry.pk]),
        {"village_score": "92.5", "cadre_review_score": "88"},
    )
    entry.refresh_from_db()
    assert (str(entry.village_score), str(entry.cadre_review_score)) == ("92.50", "88.00")


def test_a_score_out_of_range_is_refused(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    response = as_user("county_qh").post(
        reverse("assessment:entry_score", args=[entry.pk]), {"village_score": "101"}, follow=True
    )
    assert "0到100" in response.content.decode()
    entry.refresh_from_db()
    assert entry.village_score is None


def test_closing_freezes_the_round_and_files_the_results(as_user: Any) -> None:
    round_ = open_round("county2")
    client = as_user("county2")
    for entry in round_.entries.all():
        client.post(reverse("assessment:entry_decide", args=[entry.pk]), {"grade": Grade.COMPETENT})
    client.post(reverse("assessment:round_close", args=[round_.pk]))
    round_.refresh_from_db()
    assert not round_.is_open and round_.closed_by is not None
    units = set(round_.entries.values_list("dispatching_unit_id", flat=True))
    assert set(round_.filings.values_list("dispatching_unit_id", flat=True)) == units


def test_the_register_form_of_one_cadre(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    page = as_user("county_qh").get(reverse("assessment:entry_detail", args=[entry.pk])).content.decode()
    assert "考核登记表" in page and entry.cadre.name in page


def test_the_county_records_a_recall_on_the_register_form(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    client = as_user("county_qh")
    client.post(
        reverse("assessment:entry_recall", args=[entry.pk]),
        {"recalled_on": "2026-11-20", "reasons": "履行职责不力", "head_interviewed_on": "2026-11-21"},
    )
    page = client.get(reverse("assessment:entry_detail", args=[entry.pk])).content.decode()
    assert "履行职责不力" in page and "QH-RECALL" in page


def test_a_recall_without_reasons_is_refused_on_the_page(as_user: Any) -> None:
    entry = entry_in_township(open_round("county_qh"), "碾伯镇")
    response = as_user("county_qh").post(
        reverse("assessment:entry_recall", args=[entry.pk]),
        {"recalled_on": "2026-11-20", "reasons": ""},
        follow=True,
    )
    assert "请填写召回理由" in response.content.decode()
    assert not entry.cadre.recalls.exists()


def test_the_result_list_exports_with_formulas_neutralised(as_user: Any) -> None:
    make_posting(cadre=make_cadre("西平县", name="=1+1"))
    round_ = open_round("county")
    response = as_user("county").get(reverse("assessment:round_export", args=[round_.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=1+1" in names and "=1+1" not in names


VIEWS = [
    ("get", "assessment:round_detail", "round"),
    ("get", "assessment:round_export", "round"),
    ("post", "assessment:round_close", "round"),
    ("get", "assessment:entry_detail", "entry"),
    ("post", "assessment:entry_propose", "entry"),
    ("post", "assessment:entry_decide", "entry"),
    ("post", "assessment:entry_score", "entry"),
    ("post", "assessment:entry_recall", "entry"),
]


@pytest.mark.parametrize("other", ["county", "county2", "county_sc", "township_sc"])
@pytest.mark.parametrize(("method", "name", "what"), VIEWS)
def test_another_county_gets_404_on_every_page(
    as_user: Any, other: str, method: str, name: str, what: str
) -> None:
    round_ = open_round("county_qh")
    entry = round_.entries.first()
    assert entry is not None
    target = round_ if what == "round" else entry
    response = getattr(as_user(other), method)(reverse(name, args=[target.pk]), {"grade": "competent"})
    assert response.status_code == 404
