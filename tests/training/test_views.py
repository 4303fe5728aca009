"""The training pages: who sees what, the attendee form, and the two lists (exactly the expected cadres)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from teams.models import Cadre, Membership, Region
from tests.clock import TODAY
from tests.training.helpers import YEAR, attend, cadre_of, event
from training import errors
from training.demo import _TURNS, build_training_demo
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    build_training_demo(TODAY)


def _demo_turns(county: str) -> dict[int, int]:
    """cadre id → its turn (i mod 5) in training.demo for ``county``."""
    from training import selectors

    region = Region.objects.get(name=county, level="county")
    ids = sorted(set(selectors.posted_in_year(region, YEAR).values_list("cadre_id", flat=True)))
    return {cadre_id: i % 5 for i, cadre_id in enumerate(ids)}


@pytest.mark.parametrize(
    "login", ["county", "township", "unit", "city", "cadre", "county2", "county_qh", "county_sc"]
)
@pytest.mark.parametrize("name", ["training:event_list", "training:status_list", "training:no_pre_service"])
def test_pages_open_for_every_office(demo: None, as_user, login: str, name: str) -> None:  # type: ignore[no-untyped-def]
    response = as_user(login).get(reverse(name))
    assert response.status_code == 200
    assert "培训" in response.content.decode()


def test_menu_links_training(as_user) -> None:  # type: ignore[no-untyped-def]
    assert reverse("training:event_list") in as_user("county").get(reverse("home")).content.decode()


def test_another_countys_event_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event("county")
    assert as_user("county").get(reverse("training:event_detail", args=[made.pk])).status_code == 200
    assert as_user("county2").get(reverse("training:event_detail", args=[made.pk])).status_code == 404
    assert as_user("county_qh").get(reverse("training:event_edit", args=[made.pk])).status_code == 404


def test_city_reads_but_does_not_enter(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event("county")
    city = as_user("city")
    page = city.get(reverse("training:event_detail", args=[made.pk])).content.decode()
    assert made.title in page and "添加参训干部" not in page
    assert city.get(reverse("training:event_create")).status_code == 403
    assert city.get(reverse("training:event_edit", args=[made.pk])).status_code == 403


def test_create_event_through_the_form(as_user) -> None:  # type: ignore[no-untyped-def]
    data = {
        "level": "county",
        "title": "驻村干部专题培训",
        "start": f"{YEAR}-06-01",
        "end": f"{YEAR}-06-03",
        "days": "2.5",
        "concentrated": "on",
        "kind": "rotation",
    }
    response = as_user("county").post(reverse("training:event_create"), data)
    assert response.status_code == 302
    assert "2.5" in as_user("county").get(response["Location"]).content.decode()


def test_form_refuses_days_beyond_the_span_in_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    data = {
        "level": "county",
        "title": "班",
        "start": f"{YEAR}-06-01",
        "end": f"{YEAR}-06-01",
        "days": "2",
        "kind": "rotation",
    }
    response = as_user("county").post(reverse("training:event_create"), data)
    assert response.status_code == 200
    assert "超过了培训起止日期的1天" in response.content.decode()


@pytest.mark.parametrize("days", ["abc", "1e400", "-3", "２"])
def test_form_refuses_bad_days_without_500(as_user, days: str) -> None:  # type: ignore[no-untyped-def]
    data = {"level": "county", "title": "班", "start": f"{YEAR}-06-01", "end": f"{YEAR}-06-09", "days": days}
    response = as_user("county").post(reverse("training:event_create"), data)
    assert response.status_code == 200
    assert "培训天数" in response.content.decode()


def test_add_attendee_and_refuse_another_countys_cadre(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event("county")
    own, stranger = cadre_of(), cadre_of("平阴县")
    client = as_user("county")
    url = reverse("training:record_add", args=[made.pk])
    client.post(url, {"cadre": own.pk})
    page = client.post(url, {"cadre": stranger.pk}, follow=True).content.decode()
    assert errors.CADRE_NOT_FOUND_MSG in page
    assert list(TrainingRecord.objects.filter(event=made).values_list("cadre_id", flat=True)) == [own.pk]
    assert client.post(url, {"cadre": "١"}, follow=True).status_code == 200  # not a number: a message


def test_event_page_offers_only_the_countys_cadres(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event("county")
    own, stranger = cadre_of(), cadre_of("平阴县")
    page = as_user("county").get(reverse("training:event_detail", args=[made.pk])).content.decode()
    assert f'value="{own.pk}"' in page
    assert f'value="{stranger.pk}"' not in page


def test_short_list_holds_exactly_the_short_cadres(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    # 西平县 (Zhumadian): turns 0, 1 and 4 have no county-level course of 3 days (training.demo).
    turns = _demo_turns("西平县")
    expected = {pk for pk, turn in turns.items() if turn in (0, 1, 4)}
    response = as_user("county").get(reverse("training:short_export"), {"year": YEAR})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == sorted(Cadre.objects.filter(pk__in=expected).values_list("name", flat=True))
    assert all("ZMD-TRAIN" in row[4] for row in sheet.iter_rows(min_row=2, values_only=True))
    page = as_user("county").get(reverse("training:status_list"), {"year": YEAR, "short": "1"})
    assert page.context["page"].paginator.count == len(expected)


def test_jinan_short_list_follows_concentrated_days(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    turns = _demo_turns("平阴县")
    expected = {pk for pk, turn in turns.items() if turn in (0, 1, 4)}
    page = as_user("county2").get(reverse("training:status_list"), {"year": YEAR, "short": "1"})
    rows = page.context["page"].paginator.object_list
    assert {r.cadre.pk for r in rows} == expected


def test_sichuan_turn_four_is_not_short(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    turns = _demo_turns("苍溪县")
    page = as_user("county_sc").get(reverse("training:status_list"), {"year": YEAR, "short": "1"})
    assert {r.cadre.pk for r in page.context["page"].paginator.object_list} == {
        pk for pk, turn in turns.items() if turn in (0, 1)
    }


def test_no_pre_service_list_holds_exactly_the_posted_cadres_without_it(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    turns = _demo_turns("西平县")
    county = Region.objects.get(name="西平县")
    current = set(
        Membership.objects.filter(team__village__township__parent=county)
        .active_on(TODAY)
        .values_list("cadre_id", flat=True)
    )
    expected = {pk for pk, turn in turns.items() if "pre" not in _TURNS[turn]} & current
    assert expected
    page = as_user("county").get(reverse("training:no_pre_service"))
    assert {c.pk for c in page.context["cadres"]} == expected
    response = as_user("county").get(reverse("training:no_pre_service_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        Cadre.objects.filter(pk__in=expected).values_list("name", flat=True)
    )


def test_a_cadre_with_an_ended_posting_is_not_on_the_pre_service_list(as_user) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from tests.builders import make_posting

    ended = make_posting("李楼村", start=datetime.date(YEAR, 1, 1), end=TODAY - datetime.timedelta(days=1))
    posted = make_posting("郭庄村")
    cadres = {c.pk for c in as_user("county").get(reverse("training:no_pre_service")).context["cadres"]}
    assert posted.cadre_id in cadres
    assert ended.cadre_id not in cadres


def test_township_sees_only_its_cadres(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("township").get(reverse("training:status_list"), {"year": YEAR})
    townships = set(
        Membership.objects.filter(
            cadre__in=[r.cadre for r in page.context["page"].paginator.object_list]
        ).values_list("team__village__township__name", flat=True)
    )
    assert "五沟营镇" in townships


def test_cadre_sees_own_status_only(demo: None, as_user, user) -> None:  # type: ignore[no-untyped-def]
    me = user("cadre")
    page = as_user("cadre").get(reverse("training:status_list"), {"year": YEAR})
    assert [r.cadre.pk for r in page.context["page"].paginator.object_list] == [me.cadre_id]


def test_qinghai_page_shows_the_split(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("county_qh").get(reverse("training:status_list"), {"year": YEAR})
    assert page.context["split"] is not None
    assert "QH10-TRAIN-SPLIT" in page.content.decode()
    assert as_user("county").get(reverse("training:status_list")).context["split"] is None


def test_status_page_states_the_no_prorating_reading(as_user) -> None:  # type: ignore[no-untyped-def]
    assert "折算" in as_user("county").get(reverse("training:status_list")).content.decode()


@pytest.mark.parametrize("year", ["abc", "99999", "²⁰²⁶"])
def test_bad_year_is_a_message_not_a_500(as_user, year: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user("county").get(reverse("training:status_list"), {"year": year}).status_code == 200
    assert as_user("county").get(reverse("training:event_list"), {"year": year}).status_code == 200


def test_remove_attendee(as_user) -> None:  # type: ignore[no-untyped-def]
    record = attend(event("county"), cadre_of())
    as_user("county2").post(reverse("training:record_remove", args=[record.pk]))
    assert TrainingRecord.objects.filter(pk=record.pk).exists()
    as_user("county").post(reverse("training:record_remove", args=[record.pk]))
    assert not TrainingRecord.objects.filter(pk=record.pk).exists()


def test_cadre_page_shows_the_years_training(as_user) -> None:  # type: ignore[no-untyped-def]
    cadre = cadre_of()
    attend(event(days="2.5", title="半期班"), cadre)
    page = as_user("county").get(reverse("teams:cadre_detail", args=[cadre.pk])).content.decode()
    assert "半期班" in page and "共2.5天" in page and "ZMD-TRAIN" in page


def test_ten_days_read_as_ten(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event(days="10")
    attend(made, cadre_of())
    page = as_user("county").get(reverse("training:event_detail", args=[made.pk])).content.decode()
    assert "<dd>10天</dd>" in page and "1E+1" not in page


@pytest.mark.parametrize(("login", "cited"), [("county_qh", True), ("county", False), ("county2", False)])
def test_pre_service_list_cites_qh_train_only_where_in_force(as_user, login: str, cited: bool) -> None:  # type: ignore[no-untyped-def]
    page = as_user(login).get(reverse("training:no_pre_service")).content.decode()
    assert ("QH-TRAIN" in page) is cited
    assert ("未把任前培训列为单独要求" in page) is not cited


def test_a_township_reads_the_split_as_the_countys(demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("township_qh").get(reverse("training:status_list"), {"year": YEAR})
    split = page.context["split"]
    assert split is not None and split.cadres > page.context["page"].paginator.count
    assert f"乐都区全部驻村干部{split.cadres}人" in page.content.decode()


def test_a_townships_event_form_does_not_explain_county_levels(as_user) -> None:  # type: ignore[no-untyped-def]
    township = as_user("township").get(reverse("training:event_create")).content.decode()
    county = as_user("county").get(reverse("training:event_create")).content.decode()
    assert "省级、市（州）级培训记在" not in township and "乡镇（街道）党委录入本乡镇组织的培训" in township
    assert "省级、市（州）级培训记在" in county


def test_shortening_an_event_below_a_record_says_how_to_fix_it(as_user) -> None:  # type: ignore[no-untyped-def]
    made = event("county", days="3")
    attend(made, cadre_of(), days="3")
    response = as_user("county").post(
        reverse("training:event_edit", args=[made.pk]),
        {
            "level": "county",
            "title": made.title,
            "start": made.start.isoformat(),
            "end": made.end.isoformat(),
            "days": "2",
            "kind": made.kind,
            "concentrated": "on",
        },
    )
    assert response.status_code == 200
    assert errors.EVENT_HAS_LONGER_RECORDS_MSG.format(count=1, days="2") in response.content.decode()
    assert "移除" in errors.EVENT_HAS_LONGER_RECORDS_MSG
    made.refresh_from_db()
    assert made.days == 3


def test_the_event_forms_days_step_by_half_days(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("county").get(reverse("training:event_create")).content.decode()
    days_input = re.search(r'<input[^>]*name="days"[^>]*>', page)
    assert days_input is not None and 'step="0.5"' in days_input.group(0)


def test_a_bad_year_in_the_export_leaves_no_message_for_the_next_page(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county")
    assert client.get(reverse("training:short_export"), {"year": "abc"}).status_code == 200
    assert "年份无效" not in client.get(reverse("training:event_list")).content.decode()
