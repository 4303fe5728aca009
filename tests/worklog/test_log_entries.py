"""Work log entries: dated never in the future, households only of the team's village, a double
submission writes once, a cadre reaches only their own team's entries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from teams.errors import ServiceError
from tests.clock import TODAY
from worklog import errors, services
from worklog.errors import WorklogError
from worklog.models import EntryKind, Household, LogEntry

from .helpers import cadre_team, cadre_user, household, other_village

pytestmark = pytest.mark.django_db


def _post(user: User, **kw: Any) -> LogEntry:
    args: dict[str, Any] = {"kind": EntryKind.VISIT, "date": TODAY, "summary": "入户走访", "today": TODAY}
    args.update(kw)
    return services.log_entry_create(actor=user, **args)


def test_an_entry_dated_today_is_written() -> None:
    entry = _post(cadre_user())
    assert entry.team == cadre_team()
    assert entry.cadre_id == cadre_user().cadre_id


def test_an_entry_dated_tomorrow_is_refused() -> None:
    with pytest.raises(WorklogError) as refused:
        _post(cadre_user(), date=TODAY + datetime.timedelta(days=1))
    assert refused.value.code == errors.FUTURE_DATE
    assert "不能晚于今天" in refused.value.message
    assert not LogEntry.objects.exists()


def test_the_page_says_tomorrow_is_refused(as_user) -> None:  # type: ignore[no-untyped-def]
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = as_user("cadre").post(
        reverse("worklog:entry_list"), {"kind": "visit", "date": tomorrow.isoformat(), "summary": "走访"}
    )
    assert response.status_code == 200
    assert "日期不能晚于今天" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_a_household_of_another_village_is_refused_and_nothing_written() -> None:
    team = cadre_team()
    stranger = household(other_village(team))
    with pytest.raises(WorklogError) as refused:
        _post(cadre_user(), households=[stranger], new_households=[("新户主", "2组")])
    assert refused.value.code == errors.OTHER_VILLAGE
    assert team.village.name in refused.value.message
    assert not LogEntry.objects.exists()
    assert not Household.objects.filter(head_name="新户主").exists()


def test_a_household_first_visited_is_created_in_the_team_village() -> None:
    entry = _post(cadre_user(), new_households=[("李秀英", "3组5号")])
    created = entry.households.get()
    assert (created.village, created.head_name, created.doorplate) == (
        cadre_team().village,
        "李秀英",
        "3组5号",
    )


def test_households_only_for_visits() -> None:
    mine = household(cadre_team().village)
    with pytest.raises(WorklogError) as refused:
        _post(cadre_user(), kind=EntryKind.PROJECT, households=[mine])
    assert refused.value.code == errors.HOUSEHOLDS_ONLY_FOR_VISITS


def test_a_double_submit_writes_once() -> None:
    first = _post(cadre_user(), summary="调解纠纷", kind=EntryKind.MEDIATION)
    second = _post(cadre_user(), summary="调解纠纷", kind=EntryKind.MEDIATION)
    assert first.pk == second.pk
    assert LogEntry.objects.count() == 1


def test_the_same_entry_after_a_minute_is_a_second_entry() -> None:
    _post(cadre_user(), summary="为民服务", kind=EntryKind.SERVICE)
    first_at = LogEntry.objects.get().created_at
    with time_machine.travel(
        first_at + datetime.timedelta(seconds=services.DOUBLE_SUBMIT_SECONDS + 1), tick=False
    ):
        _post(cadre_user(), summary="为民服务", kind=EntryKind.SERVICE)
    assert LogEntry.objects.count() == 2


def test_an_attachment_is_checked_by_content() -> None:
    fake = SimpleUploadedFile("照片.png", b"not a png at all", content_type="image/png")
    with pytest.raises(ServiceError) as refused:
        _post(cadre_user(), attachment=fake)
    assert "PDF、JPG或PNG" in refused.value.message
    assert not LogEntry.objects.exists()


def test_the_county_office_reads_but_does_not_write() -> None:
    with pytest.raises(WorklogError) as refused:
        _post(User.objects.get(username="county"), team=cadre_team())
    assert refused.value.code == errors.NOT_ALLOWED


def test_the_township_writes_a_team_entry() -> None:
    entry = _post(User.objects.get(username="township"), team=cadre_team(), kind=EntryKind.MEETING)
    assert entry.cadre is None


def test_a_cadre_sees_only_the_own_team_entries(as_user) -> None:  # type: ignore[no-untyped-def]
    mine = _post(cadre_user(), summary="本队日志")
    other_team_village = other_village(cadre_team())
    other_team = other_team_village.teams.order_by("pk").first()
    assert other_team is not None
    other = LogEntry.objects.create(
        team=other_team,
        kind=EntryKind.OTHER,
        date=TODAY,
        summary="他队日志",
        created_by=User.objects.get(username="township"),
    )
    page = as_user("cadre").get(reverse("worklog:entry_list")).content.decode()
    assert "本队日志" in page and "他队日志" not in page
    assert as_user("cadre").get(reverse("worklog:entry_detail", args=[mine.pk])).status_code == 200
    assert as_user("cadre").get(reverse("worklog:entry_detail", args=[other.pk])).status_code == 404


def test_a_cadre_edits_the_own_entry_only(as_user) -> None:  # type: ignore[no-untyped-def]
    team_entry = _post(User.objects.get(username="township"), team=cadre_team(), summary="工作队日志")
    mine = _post(cadre_user(), summary="我的日志")
    url = reverse("worklog:entry_detail", args=[mine.pk])
    response = as_user("cadre").post(
        url, {"kind": "service", "date": TODAY.isoformat(), "summary": "改过的日志"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.kind, mine.summary) == ("service", "改过的日志")
    refused = as_user("cadre").post(
        reverse("worklog:entry_detail", args=[team_entry.pk]),
        {"kind": "other", "date": TODAY, "summary": "x"},
    )
    assert refused.status_code == 404
    team_entry.refresh_from_db()
    assert team_entry.summary == "工作队日志"


def test_no_page_ranks_cadres_by_entries(as_user) -> None:  # type: ignore[no-untyped-def]
    _post(cadre_user())
    page = as_user("county").get(reverse("worklog:entry_list")).content.decode()
    assert "排名" not in page and "得分" not in page


def test_the_entry_page_names_who_recorded_it_without_nested_brackets(as_user) -> None:  # type: ignore[no-untyped-def]
    user = cadre_user()
    entry = _post(user)
    page = as_user("cadre").get(reverse("worklog:entry_detail", args=[entry.pk])).content.decode()
    assert f"由{user.display_name}于" in page and f"（{user.display_name}登记于" not in page


def test_the_townships_team_choices_tell_two_terms_of_a_village_apart(as_user) -> None:  # type: ignore[no-untyped-def]
    import re

    page = as_user("township").get(reverse("worklog:entry_list")).content.decode()
    select = re.search(r'<select name="team"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(1))
    assert len(labels) > 1 and len(set(labels)) == len(labels)
    assert all("至" in label for label in labels)
