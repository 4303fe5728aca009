"""What a township clerk meets around the month grid: the page survives an htmx save, a team's grid
keeps its township (certification, lock, county edit), the related pages are linked, and the attendance
tables read on a phone."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from attendance.models import MonthCertification
from teams.models import Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

GRID = reverse("attendance:grid_form")


def last_month() -> datetime.date:
    return TODAY.replace(day=1) - datetime.timedelta(days=1)


def lilou() -> Team:
    """The team of the current term (the village had an earlier one of the same name)."""
    return (
        Team.objects.filter(village__name="李楼村", village__township__name="五沟营镇")
        .active_on(last_month())
        .get()
    )


def test_the_page_after_an_htmx_save_is_the_whole_page(as_user) -> None:  # type: ignore[no-untyped-def]
    """The grid form posts with htmx into <body>; the redirect is fetched with the htmx headers too and
    used to come back as the bare table, so the header, menu and the saved message vanished."""
    client = as_user("township")
    whole = client.get(GRID, headers={"HX-Request": "true"}).content.decode()
    assert 'class="topbar"' in whole and "考勤月表" in whole
    partial = client.get(GRID, headers={"HX-Request": "true", "HX-Target": "grid"}).content.decode()
    assert 'class="topbar"' not in partial and "grid-table" in partial


def test_a_teams_grid_keeps_its_township_so_the_month_can_be_certified(as_user) -> None:  # type: ignore[no-untyped-def]
    team, month = lilou(), last_month()
    MonthCertification.objects.filter(
        township=team.village.township, year=month.year, month=month.month
    ).delete()
    response = as_user("township").get(GRID, {"team": team.pk, "month": f"{month:%Y-%m}"})
    assert response.context["township"] == team.village.township
    assert response.context["can_certify"]
    assert 'id="certify-form"' in response.content.decode()


def test_a_certified_month_asks_the_county_for_a_reason_on_a_teams_grid(as_user) -> None:  # type: ignore[no-untyped-def]
    team, month = lilou(), last_month()
    township = team.village.township
    if not MonthCertification.objects.filter(township=township, year=month.year, month=month.month).exists():
        MonthCertification.objects.create(
            township=township, year=month.year, month=month.month, certified_by=_user("township")
        )
    page = as_user("county").get(GRID, {"team": team.pk, "month": f"{month:%Y-%m}"}).content.decode()
    assert "确认锁定" in page and 'id="grid-reason"' in page


def _user(username: str):  # type: ignore[no-untyped-def]
    from accounts.models import User

    return User.objects.get(username=username)


def test_certifying_from_a_teams_grid_returns_to_that_grid(as_user) -> None:  # type: ignore[no-untyped-def]
    team, month = lilou(), last_month()
    township = team.village.township
    MonthCertification.objects.filter(township=township, year=month.year, month=month.month).delete()
    response = as_user("township").post(
        reverse("attendance:certification_form"),
        {"month": f"{month:%Y-%m}", "township": township.pk, "team": team.pk, "confirm": "1"},
    )
    assert response.status_code == 302
    where = urlsplit(response["Location"])
    assert where.path == GRID and parse_qs(where.query) == {
        "month": [f"{month:%Y-%m}"],
        "team": [str(team.pk)],
    }
    assert MonthCertification.objects.filter(township=township, year=month.year, month=month.month).exists()


def test_the_team_choice_lists_only_the_teams_of_the_month_with_their_term(as_user) -> None:  # type: ignore[no-untyped-def]
    month = last_month()
    response = as_user("township").get(GRID, {"month": f"{month:%Y-%m}"})
    teams = list(response.context["teams"])
    assert lilou() in teams
    assert all(
        t.term_start <= month and (t.term_end is None or t.term_end >= month.replace(day=1)) for t in teams
    )
    term = lilou()
    assert f"李楼村驻村工作队（{term.term_start:%Y}.{term.term_start.month}–" in response.content.decode()


def test_the_grid_links_to_check_in_review_the_work_calendar_and_the_allowance(as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user("township").get(GRID).content.decode()
    for name in ("attendance:checkin_list", "attendance:calendar_form", "funding:allowance"):
        assert f'href="{reverse(name)}' in page


@pytest.mark.parametrize(
    ("username", "name", "label"),
    [
        ("cadre", "checkin_form", "距村（米）"),
        ("township", "checkin_list", "工作队"),
        ("township", "spot_check_list", "查岗人"),
        ("county", "explanation_list", "派出单位"),
    ],
)
def test_attendance_tables_label_their_cells_for_the_phone_layout(as_user, username, name, label) -> None:  # type: ignore[no-untyped-def]
    """On a phone each row becomes a card and a cell shows its column from data-label."""
    url = reverse(f"attendance:{name}") + ("?all=1" if name == "checkin_list" else "")
    page = as_user(username).get(url).content.decode()
    assert f'data-label="{label}"' in page
    assert "<td>{" not in page


def test_a_failed_location_is_explained_in_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    """The browser's own geolocation message is English ("User denied Geolocation"). The page's script is
    a static file (the Content-Security-Policy allows no inline script)."""
    page = as_user("cadre").get(reverse("attendance:checkin_form")).content.decode()
    assert "/static/js/checkin.js" in page
    script = (Path(settings.BASE_DIR) / "static" / "js" / "checkin.js").read_text(encoding="utf-8")
    assert "err.message" not in script
    assert "未允许获取位置" in script and "定位超时" in script
