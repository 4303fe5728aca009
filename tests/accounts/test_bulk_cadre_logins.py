"""Cadre logins in bulk from the roster: one per serving cadre without one, all or nothing, once."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts import errors, services
from accounts.models import Office, User
from accounts.selectors import serving_cadres_without_login
from teams.errors import ServiceError
from teams.models import Region
from tests.builders import make_cadre, make_posting
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

XIPING = "411721"


def _xiping() -> Region:
    return Region.objects.get(code=XIPING)


def _waiting() -> set[int]:
    return set(serving_cadres_without_login(_xiping(), today=TODAY).values_list("cadre_id", flat=True))


def _bulk(user) -> list[services.IssuedPassword]:  # type: ignore[no-untyped-def]
    return services.cadre_logins_bulk_create(actor=user("county"), today=TODAY)


def test_every_serving_cadre_without_a_login_gets_one(user) -> None:  # type: ignore[no-untyped-def]
    waiting = _waiting()
    issued = _bulk(user)
    assert waiting and {item.user.cadre_id for item in issued} == waiting


def test_no_serving_cadre_of_the_county_is_left_without_a_login(user) -> None:  # type: ignore[no-untyped-def]
    _bulk(user)
    assert _waiting() == set()


def test_the_logins_are_cadre_logins_that_must_change_their_password(user) -> None:  # type: ignore[no-untyped-def]
    issued = _bulk(user)
    assert {(i.user.office, i.user.must_change_password, i.user.first_name) for i in issued} == {
        (Office.CADRE, True, "")
    }


def test_usernames_follow_the_countys_sequence_in_sheet_order(user) -> None:  # type: ignore[no-untyped-def]
    issued = _bulk(user)
    assert [i.user.username for i in issued] == [f"{XIPING}-{n:04d}" for n in range(1, len(issued) + 1)]


def test_each_one_time_password_is_different(user) -> None:  # type: ignore[no-untyped-def]
    issued = _bulk(user)
    assert len({i.password for i in issued}) == len(issued)


def test_a_second_run_creates_none(user) -> None:  # type: ignore[no-untyped-def]
    _bulk(user)
    before = User.objects.count()
    with pytest.raises(ServiceError) as caught:
        _bulk(user)
    assert caught.value.code == errors.NO_CADRES_WITHOUT_LOGIN and User.objects.count() == before


def test_a_cadre_posted_after_the_first_run_gets_the_next_number(user) -> None:  # type: ignore[no-untyped-def]
    first = _bulk(user)
    posting = make_posting("李楼村")
    second = _bulk(user)
    assert [(i.user.cadre_id, i.user.username) for i in second] == [
        (posting.cadre_id, f"{XIPING}-{len(first) + 1:04d}")
    ]


def test_a_cadre_not_serving_today_gets_none(user) -> None:  # type: ignore[no-untyped-def]
    idle = make_cadre("西平县")
    _bulk(user)
    assert not User.objects.filter(cadre=idle).exists()


def test_another_countys_cadres_get_none(user) -> None:  # type: ignore[no-untyped-def]
    _bulk(user)
    assert (
        not User.objects.filter(office=Office.CADRE, username__startswith=f"{XIPING}-")
        .exclude(cadre__county__code=XIPING)
        .exists()
    )


def test_it_is_all_or_nothing(user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A unique index lost half-way (two runs at once): nothing of the run stays."""
    before = User.objects.count()
    monkeypatch.setattr(services, "generated_usernames", lambda county, count: ["same-name"] * count)
    with pytest.raises(ServiceError) as caught:
        _bulk(user)
    assert caught.value.code == errors.ACCOUNTS_CONCURRENT and User.objects.count() == before


def test_a_township_may_not_run_it(user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as caught:
        services.cadre_logins_bulk_create(actor=user("township"), today=TODAY)
    assert caught.value.code == errors.NOT_ACCOUNT_MANAGER


# --- the pages ------------------------------------------------------------------------------------


def test_the_page_lists_who_is_waiting(as_user) -> None:  # type: ignore[no-untyped-def]
    posting = make_posting("李楼村")
    body = as_user("county").get(reverse("accounts:cadre_logins_bulk")).content.decode()
    assert posting.cadre.name in body


def test_the_result_page_shows_each_password_once(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").post(reverse("accounts:cadre_logins_bulk"))
    rows = response.context["rows"]
    body = response.content.decode()
    assert rows and all(row[0] in body and row[-1] in body for row in rows)
    assert "no-store" in response["Cache-Control"]


def _run_and_download(client: Client) -> tuple[list[list[str]], list[tuple[object, ...]]]:
    rows = client.post(reverse("accounts:cadre_logins_bulk")).context["rows"]
    response = client.get(reverse("accounts:cadre_logins_download"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return rows, list(sheet.iter_rows(values_only=True))


def test_the_sheet_holds_the_logins_and_passwords(as_user) -> None:  # type: ignore[no-untyped-def]
    rows, cells = _run_and_download(as_user("county"))
    assert cells[0][0] == "登录名" and cells[0][-1] == "一次性密码"
    assert [list(r) for r in cells[1:]] == rows


def test_the_sheet_downloads_only_once(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county")
    _run_and_download(client)
    again = client.get(reverse("accounts:cadre_logins_download"))
    assert again.status_code == 302
    assert errors.BULK_DOWNLOAD_GONE_MSG in [str(m) for m in get_messages(again.wsgi_request)]


def test_the_sheet_neutralises_formulas(as_user) -> None:  # type: ignore[no-untyped-def]
    make_posting("李楼村", cadre=make_cadre("西平县", name="=1+1"))
    _, cells = _run_and_download(as_user("county"))
    assert ("'=1+1") in [row[1] for row in cells]


def test_a_password_from_the_sheet_logs_in_and_must_be_changed(as_user) -> None:  # type: ignore[no-untyped-def]
    rows = as_user("county").post(reverse("accounts:cadre_logins_bulk")).context["rows"]
    client = Client()
    assert client.post(reverse("login"), {"username": rows[0][0], "password": rows[0][-1]}).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_running_it_twice_says_nobody_is_waiting(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county")
    client.post(reverse("accounts:cadre_logins_bulk"))
    response = client.post(reverse("accounts:cadre_logins_bulk"), follow=True)
    assert errors.NO_CADRES_WITHOUT_LOGIN_MSG in response.content.decode()
