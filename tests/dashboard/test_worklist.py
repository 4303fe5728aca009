"""The work list on every home page (issue 15): each demo login sees its own items, each a count and a link
to the page listing exactly the counted records; another jurisdiction's records never count."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.models import User
from attendance.models import AttendanceDay, AttendanceSource, AttendanceStatus, CheckIn
from core import worklist
from core.worklist import Urgency, WorkItem
from teams.models import Membership, Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

# What each login's work list holds in the demo world of tests/conftest.py (keys; a trailing "_" a prefix).
EXPECTED = {
    "county": {"assessment.duties_overdue", "attendance.leave_inbox", "training.short"},
    "bureau": {"attendance.leave_inbox", "attendance.explanations_signed", "attendance.collection_"},
    "township": {
        "attendance.leave_inbox",
        "attendance.checkins_to_review",
        "attendance.certify_",
        "attendance.explanations_signed",
    },
    "unit": {"attendance.leave_inbox", "assessment.duties_overdue"},
    "cadre": {"attendance.checkin_today", "attendance.leave_mine_pending", "training.short"},
    "city": {"attendance.summary_received"},
    "county_qh": {"funding.under_floor", "training.pre_service"},
}

# How many records each target page lists, read from the page's own context.
RECORDS: dict[str, Callable[[Any], int]] = {
    "attendance:leave_list": lambda c: c["page"].paginator.count,
    "attendance:checkin_list": lambda c: len(c["checkins"]),
    "attendance:explanation_list": lambda c: len(c["explanations"]),
    "assessment:duty_overdue_list": lambda c: len(c["rows"]),
    "assessment:report_list": lambda c: c["page"].paginator.count,
    "assessment:round_detail": lambda c: c["page"].paginator.count,
    "funding:fund_list": lambda c: len(c["rows"]),
    "funding:allowance": lambda c: len(c["rows"]),
    "training:status_list": lambda c: c["page"].paginator.count,
    "training:no_pre_service": lambda c: len(c["cadres"]),
    "teams:change_list": lambda c: len(c["ledger"].rows),
    "assessment:round_list": lambda c: sum(1 for f in c["filings"] if f.received_at is None),
}


def _items(username: str) -> list[WorkItem]:
    return worklist.items_for(User.objects.get(username=username), TODAY)


def _has(keys: set[str], wanted: str) -> bool:
    return any(k.startswith(wanted) for k in keys) if wanted.endswith("_") else wanted in keys


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_demo_login_sees_its_own_work_list_on_its_home_page(as_user: Any, username: str) -> None:
    page = as_user(username).get(reverse("home")).content.decode()
    section = page.split('id="worklist"', 1)[1].split("</section>", 1)[0]
    shown = {key.split('"', 1)[0] for key in section.split('data-key="')[1:]}
    for wanted in EXPECTED[username]:
        assert _has(shown, wanted), f"{username}: {wanted} not in {sorted(shown)}"
    for item in _items(username):
        assert f'href="{item.url.replace("&", "&amp;")}"' in section


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_counted_item_links_to_a_page_listing_exactly_those_records(as_user: Any, username: str) -> None:
    client = as_user(username)
    counted = [i for i in _items(username) if i.count is not None]
    assert counted
    for item in counted:
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        records = RECORDS[resolve(urlsplit(item.url).path).view_name](response.context)
        assert records == item.count, f"{username} {item.key}: {item.count} counted, {records} listed"


def test_the_month_to_certify_links_to_the_grid_offering_to_certify_it(as_user: Any) -> None:
    (item,) = [i for i in _items("township") if i.key.startswith("attendance.certify_")]
    page = as_user("township").get(item.url).content.decode()
    assert 'id="certify-form"' in page
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    assert f'value="{last_month}"' in page


def test_the_list_puts_overdue_first_then_due_soon_then_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    def provider(user: Any, today: datetime.date) -> list[WorkItem]:
        return [
            WorkItem("x.info", "提示", "/", Urgency.INFO),
            WorkItem("x.todo", "待办", "/", Urgency.TO_DO, 1),
            WorkItem("x.soon", "将到期", "/", Urgency.DUE_SOON, 1, due=today + datetime.timedelta(days=2)),
            WorkItem("x.late2", "逾期乙", "/", Urgency.OVERDUE, 1, due=today - datetime.timedelta(days=1)),
            WorkItem("x.late1", "逾期甲", "/", Urgency.OVERDUE, 1, due=today - datetime.timedelta(days=9)),
        ]

    monkeypatch.setattr(worklist, "_providers", [provider])
    keys = [i.key for i in worklist.items_for(None, TODAY)]
    assert keys == ["x.late1", "x.late2", "x.soon", "x.todo", "x.info"]


def test_the_home_page_lists_overdue_items_before_the_others(as_user: Any) -> None:
    page = as_user("township").get(reverse("home")).content.decode()
    section = page.split('<ul class="worklist-items">', 1)[1]
    assert section.index(">已逾期</span>") < section.index(">待办</span>")


def test_a_far_check_in_in_another_township_is_not_on_the_townships_list(as_user: Any) -> None:
    before = {i.key: i.count for i in _items("township")}["attendance.checkins_to_review"]
    own = User.objects.get(username="township").region
    assert own is not None
    other = (
        Membership.objects.active_on(TODAY)
        .exclude(team__village__township=own)
        .select_related("team__village__township")
    )
    m = other.filter(team__village__township__parent=own.parent).first()
    assert m is not None
    township = m.team.village.township
    assert township.parent is not None
    CheckIn.objects.create(
        cadre=m.cadre,
        team=m.team,
        county=township.parent,
        township=township,
        at=timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9))),
        date=TODAY,
        latitude=Decimal("33.1"),
        longitude=Decimal("114.1"),
        accuracy=10,
        distance_m=9000,
        far=True,
        review=CheckIn.Review.PENDING,
    )
    after = {i.key: i.count for i in _items("township")}["attendance.checkins_to_review"]
    assert after == before


def test_no_item_of_another_county_reaches_a_county_home(as_user: Any) -> None:
    xiping = Region.objects.get(name="西平县")
    for item in _items("county2"):
        assert f"county={xiping.pk}&" not in item.url + "&"
    page = as_user("county2").get(reverse("home")).content.decode()
    assert "西平县" not in page.split('id="worklist"', 1)[1].split("</section>", 1)[0]


def test_the_city_receives_only_its_own_counties_summary(as_user: Any) -> None:
    (item,) = [i for i in _items("city") if i.key == "attendance.summary_received"]
    rows = as_user("city").get(item.url).context["explanations"]
    assert {e.county.parent.name for e in rows} == {"驻马店市"}


def test_not_checked_in_today_is_information_without_a_count(as_user: Any) -> None:
    (item,) = [i for i in _items("cadre") if i.key == "attendance.checkin_today"]
    assert item.urgency is Urgency.INFO and item.count is None
    assert item.url == reverse("attendance:checkin_form")
    section = as_user("cadre").get(reverse("home")).content.decode().split('id="worklist"', 1)[1]
    assert "今天尚未打卡" in section and "提示" in section


def test_a_day_already_counted_takes_the_check_in_off_the_list() -> None:
    cadre = User.objects.get(username="cadre")
    assert cadre.cadre_id is not None
    m = Membership.objects.active_on(TODAY).filter(cadre_id=cadre.cadre_id).select_related("team__village")
    post = m.first()
    assert post is not None and post.team.village.township.parent is not None
    AttendanceDay.objects.update_or_create(
        cadre_id=cadre.cadre_id,
        date=TODAY,
        defaults={
            "team": post.team,
            "township": post.team.village.township,
            "county": post.team.village.township.parent,
            "status": AttendanceStatus.IN_VILLAGE,
            "source": AttendanceSource.CHECKIN,
        },
    )
    assert "attendance.checkin_today" not in {i.key for i in _items("cadre")}


def test_a_login_without_an_office_has_an_empty_list(as_user: Any) -> None:
    assert _items("admin") == []
    assert "目前没有待办事项" in as_user("admin").get(reverse("home")).content.decode()
