"""Issue 9 §3 with the test client: certifying a month takes a confirmation step (plain forms, no script),
and the grid marks locked and future days (the township cannot type into either)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from attendance.days import errors
from attendance.models import MonthCertification
from teams.models import Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

GRID = reverse("attendance:grid_form")
CERTIFY = reverse("attendance:certification_form")
LAST_MONTH = TODAY.replace(day=1) - datetime.timedelta(days=1)


def xiping() -> Region:
    return Region.objects.get(name="五沟营镇", level="township")


def certified() -> bool:
    return MonthCertification.objects.filter(
        township=xiping(), year=LAST_MONTH.year, month=LAST_MONTH.month
    ).exists()


def open_last_month() -> None:
    MonthCertification.objects.filter(
        township=xiping(), year=LAST_MONTH.year, month=LAST_MONTH.month
    ).delete()


def test_the_grids_button_opens_a_confirmation_that_says_what_gets_locked(as_user) -> None:  # type: ignore[no-untyped-def]
    open_last_month()
    client = as_user("township")
    grid = client.get(GRID, {"township": xiping().pk, "month": f"{LAST_MONTH:%Y-%m}"}).content.decode()
    form = grid[grid.index('id="certify-form"') - 60 : grid.index('id="certify-form"')]
    assert 'method="get"' in form  # the button only asks
    page = client.get(CERTIFY, {"township": xiping().pk, "month": f"{LAST_MONTH:%Y-%m}"})
    assert page.status_code == 200 and not certified()
    text = page.content.decode()
    assert f"确认锁定 {LAST_MONTH.year}年{LAST_MONTH.month}月 五沟营镇考勤？" in text
    assert "锁定后乡镇不能修改" in text
    summary = page.context["summary"]
    assert summary.cadres > 0 and summary.entered > 0 and summary.assigned >= summary.entered
    assert f"{summary.missing}天" in text
    assert 'name="confirm" value="1"' in text


def test_a_post_without_the_confirmation_only_asks(as_user) -> None:  # type: ignore[no-untyped-def]
    open_last_month()
    response = as_user("township").post(CERTIFY, {"township": xiping().pk, "month": f"{LAST_MONTH:%Y-%m}"})
    assert response.status_code == 200 and "确认锁定" in response.content.decode()
    assert not certified()


def test_the_confirmation_certifies(as_user) -> None:  # type: ignore[no-untyped-def]
    open_last_month()
    response = as_user("township").post(
        CERTIFY, {"township": xiping().pk, "month": f"{LAST_MONTH:%Y-%m}", "confirm": "1"}
    )
    assert response.status_code == 302 and certified()


def test_the_confirmation_is_refused_like_the_service_would(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("township")
    this_month = client.get(CERTIFY, {"township": xiping().pk, "month": f"{TODAY:%Y-%m}"}, follow=True)
    assert errors.MONTH_NOT_OVER_MSG.format(year=TODAY.year, month=TODAY.month) in this_month.content.decode()
    assert 'id="certify-confirm"' not in this_month.content.decode()
    september = LAST_MONTH.replace(day=1) - datetime.timedelta(days=1)  # certified in the demo
    again = client.get(CERTIFY, {"township": xiping().pk, "month": f"{september:%Y-%m}"}, follow=True)
    assert "考勤已于" in again.content.decode() and 'id="certify-confirm"' not in again.content.decode()
    county = as_user("county").get(CERTIFY, {"township": xiping().pk, "month": f"{LAST_MONTH:%Y-%m}"})
    assert county.status_code == 302
    assert as_user("township2").get(CERTIFY, {"township": xiping().pk, "month": "2026-10"}).status_code == 404


def _page(client, month: datetime.date):  # type: ignore[no-untyped-def]
    return client.get(GRID, {"township": xiping().pk, "month": f"{month:%Y-%m}"})


def _cells(client, month: datetime.date) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return [c for row in _page(client, month).context["rows"] for c in row["cells"] if c["serving"]]


def test_a_certified_month_is_locked_and_closed_to_the_township_but_open_to_the_county(as_user) -> None:  # type: ignore[no-untyped-def]
    september = LAST_MONTH.replace(day=1) - datetime.timedelta(days=1)
    assert MonthCertification.objects.filter(township=xiping(), year=september.year, month=september.month)
    township = _cells(as_user("township"), september)
    assert township and all(c["locked"] and not c["editable"] for c in township)
    county = _cells(as_user("county"), september)
    assert county and all(c["locked"] and c["editable"] for c in county)
    assert 'class="day locked"' in _page(as_user("township"), september).content.decode()


def test_days_after_today_are_future_and_closed(as_user) -> None:  # type: ignore[no-untyped-def]
    cells = _cells(as_user("township"), TODAY)
    future = [c for c in cells if c["future"]]
    assert future and all(not c["editable"] and not c["locked"] for c in future)
    assert all(c["editable"] for c in cells if not c["future"])
    assert 'class="day future"' in _page(as_user("township"), TODAY).content.decode()
