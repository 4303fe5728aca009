"""SC-HOUSEHOLDS: distinct households visited in the quarter against the village's count; the 四必到 /
四必访 households visited or not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from teams.models import Team
from tests.clock import TODAY
from worklog import errors, selectors, services
from worklog.errors import WorklogError
from worklog.models import EntryKind, Household, LogEntry, VillageHouseholds

pytestmark = pytest.mark.django_db

START, END = selectors.quarter_bounds(TODAY.year, (TODAY.month - 1) // 3 + 1)


def _sichuan_team() -> Team:
    team = (
        Team.objects.filter(village__township__parent__name="苍溪县").active_on(TODAY).order_by("pk").first()
    )
    assert team is not None
    return team


def _visit(team: Team, n: int) -> list[Household]:
    houses = [
        Household.objects.create(village=team.village, head_name=f"户主{i}", doorplate=f"{i}号")
        for i in range(n)
    ]
    entry = LogEntry.objects.create(
        team=team,
        kind=EntryKind.VISIT,
        date=START,
        summary="走访",
        created_by=User.objects.get(username="county_sc"),
    )
    entry.households.set(houses)
    return houses


def _count(team: Team, n: int) -> None:
    services.village_households_set(
        actor=User.objects.get(username="county_sc"), village=team.village, count=n
    )


def test_one_household_short_is_a_finding() -> None:
    team = _sichuan_team()
    _visit(team, 5)
    _count(team, 6)
    row = selectors.coverage_rows([team], START, END)[0]
    assert (row.visited, row.count) == (5, 6)
    assert [f.provision for f in row.findings] == ["SC-HOUSEHOLDS"]


def test_every_household_visited_is_no_finding() -> None:
    team = _sichuan_team()
    _visit(team, 6)
    _count(team, 6)
    assert selectors.coverage_rows([team], START, END)[0].findings == []


def test_a_household_visited_twice_counts_once() -> None:
    team = _sichuan_team()
    houses = _visit(team, 3)
    again = LogEntry.objects.create(
        team=team,
        kind=EntryKind.VISIT,
        date=END,
        summary="回访",
        created_by=User.objects.get(username="county_sc"),
    )
    again.households.set(houses[:2])
    assert selectors.households_visited(team, START, END) == (3, None)


def test_a_visit_before_the_quarter_does_not_count() -> None:
    team = _sichuan_team()
    entry = LogEntry.objects.create(
        team=team,
        kind=EntryKind.VISIT,
        date=START.replace(day=1) - __import__("datetime").timedelta(days=1),
        summary="上季度走访",
        created_by=User.objects.get(username="county_sc"),
    )
    entry.households.set([Household.objects.create(village=team.village, head_name="甲")])
    assert selectors.households_visited_by_team([team.pk], START, END) == {team.pk: 0}


def test_a_zhumadian_team_has_no_household_duty() -> None:
    team = (
        Team.objects.filter(village__township__parent__name="西平县").active_on(TODAY).order_by("pk").first()
    )
    assert team is not None
    _visit(team, 1)
    services.village_households_set(actor=User.objects.get(username="county"), village=team.village, count=50)
    row = selectors.coverage_rows([team], START, END)[0]
    assert not row.applies and row.findings == []


def test_must_visit_households_show_visited_or_not() -> None:
    team = _sichuan_team()
    seen, unseen = _visit(team, 2)
    Household.objects.filter(pk__in=[seen.pk, unseen.pk]).update(is_must_visit=True)
    LogEntry.objects.get().households.set([seen])
    must = dict((h.pk, visited) for h, visited in selectors.coverage_rows([team], START, END)[0].must)
    assert must == {seen.pk: True, unseen.pk: False}


def test_only_the_county_office_enters_the_count() -> None:
    with pytest.raises(WorklogError) as refused:
        services.village_households_set(
            actor=User.objects.get(username="township_sc"), village=_sichuan_team().village, count=10
        )
    assert refused.value.code == errors.NOT_ALLOWED
    assert not VillageHouseholds.objects.exists()


def test_the_county_enters_the_count_on_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    team = _sichuan_team()
    response = as_user("county_sc").post(
        reverse("worklog:household_list"), {"village": team.village_id, "count": 42}
    )
    assert response.status_code == 302
    assert VillageHouseholds.objects.get(village=team.village).count == 42
    page = as_user("county_sc").get(reverse("worklog:household_list")).content.decode()
    assert "SC-HOUSEHOLDS" in page


def test_another_county_village_count_is_refused(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").post(
        reverse("worklog:household_list"), {"village": _sichuan_team().village_id, "count": 42}
    )
    assert response.status_code == 200
    assert not VillageHouseholds.objects.exists()


def test_a_bad_quarter_is_a_message_not_a_500(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county_sc").get(reverse("worklog:household_list") + "?year=abc&quarter=9")
    assert response.status_code == 200


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(["乡镇,村名,户数", *rows]) + "\n").encode("utf-8")


def test_the_county_imports_counts_per_village() -> None:
    team = _sichuan_team()
    content = _csv([f"{team.village.township.name},{team.village.name},88"])
    written = services.village_households_import(
        actor=User.objects.get(username="county_sc"), content=content, file_name="户数.csv"
    )
    assert written == 1
    assert VillageHouseholds.objects.get(village=team.village).count == 88


def test_an_import_with_a_bad_row_writes_nothing() -> None:
    team = _sichuan_team()
    content = _csv([f",{team.village.name},88", ",没有这个村,10", f",{team.village.name},-3"])
    with pytest.raises(WorklogError) as refused:
        services.village_households_import(
            actor=User.objects.get(username="county_sc"), content=content, file_name="户数.csv"
        )
    assert refused.value.code == errors.IMPORT_INVALID
    assert "第3行" in refused.value.message and "没有这个村" in refused.value.message
    assert "第4行" in refused.value.message
    assert not VillageHouseholds.objects.exists()


def test_another_county_village_is_not_found_by_the_import() -> None:
    team = _sichuan_team()
    with pytest.raises(WorklogError) as refused:
        services.village_households_import(
            actor=User.objects.get(username="county"),
            content=_csv([f",{team.village.name},5"]),
            file_name="a.csv",
        )
    assert refused.value.code == errors.IMPORT_INVALID
    assert not VillageHouseholds.objects.exists()


def test_a_file_that_is_no_sheet_is_a_message(as_user) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("户数.xlsx", b"PK\x03\x04garbage")
    response = as_user("county_sc").post(reverse("worklog:household_list"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert not VillageHouseholds.objects.exists()


def test_the_team_marks_a_must_visit_household(as_user) -> None:  # type: ignore[no-untyped-def]
    from .helpers import cadre_team, household

    mine = household(cadre_team().village)
    url = reverse("worklog:household_list")
    response = as_user("cadre").post(url, {"form": "mark", "household": mine.pk, "is_must_visit": "on"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.is_must_visit, mine.is_must_be_there) == (True, False)
    assert as_user("cadre").get(url, {"village": mine.village_id}).status_code == 200
    assert as_user("county_sc").post(url, {"form": "mark", "household": mine.pk}).status_code == 404


def test_the_quarter_in_progress_is_progress_not_a_violation(as_user) -> None:  # type: ignore[no-untyped-def]
    """The household page judged an unfinished quarter as 违反 while the duties list waits for its end."""
    team = _sichuan_team()
    _visit(team, 5)
    _count(team, 6)
    page = as_user("county_sc").get(reverse("worklog:household_list")).content.decode()
    assert "本季度未结束，已走访5户/共6户" in page and "SC-HOUSEHOLDS</code>" not in page


def test_an_ended_quarter_short_of_households_is_a_violation(as_user) -> None:  # type: ignore[no-untyped-def]
    team = _sichuan_team()
    _count(team, 6)
    year, quarter = (START.year, (START.month - 1) // 3) if START.month > 1 else (START.year - 1, 4)
    page = as_user("county_sc").get(reverse("worklog:household_list"), {"year": year, "quarter": quarter})
    text = page.content.decode()
    assert "SC-HOUSEHOLDS</code>" in text and "本季度未结束" not in text
