"""SC-TARGET: the county's 目标责任书 per team and year, due at the start of the year (the county's
``start_of_year_due_month``), shown beside the team's entries; other policies have none."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from assessment import errors, selectors, services
from assessment.errors import AssessmentError
from assessment.models import TeamTarget
from tests.clock import TODAY

from .helpers import YEAR, entries, open_round, user

pytestmark = pytest.mark.django_db


def test_a_team_without_targets_at_year_end_is_a_finding_beside_its_entries() -> None:
    round_ = open_round("county_sc")
    entry = entries(round_)[0]
    view = selectors.round_view(round_, round_.entries.filter(pk=entry.pk), today=TODAY)
    assert view.rows[0].target is not None
    assert [f.provision for f in view.rows[0].target.findings] == ["SC-TARGET"]


def test_targets_signed_in_time_leave_nothing_to_find() -> None:
    round_ = open_round("county_sc")
    entry = entries(round_)[0]
    services.target_record(
        user=user("county_sc"),
        team=entry.team,
        year=YEAR,
        signed_on=datetime.date(YEAR, 2, 10),
        targets="村集体经济收入达到5万元",
        today=TODAY,
    )
    view = selectors.round_view(round_, round_.entries.filter(pk=entry.pk), today=TODAY)
    assert view.rows[0].target is not None and view.rows[0].target.findings == []


def test_targets_signed_late_are_a_finding() -> None:
    round_ = open_round("county_sc")
    entry = entries(round_)[0]
    services.target_record(
        user=user("county_sc"),
        team=entry.team,
        year=YEAR,
        signed_on=datetime.date(YEAR, 6, 1),
        targets="产业项目落地",
        today=TODAY,
    )
    view = selectors.round_view(round_, round_.entries.filter(pk=entry.pk), today=TODAY)
    assert [f.provision for f in view.rows[0].target.findings] == ["SC-TARGET"]  # type: ignore[union-attr]


def test_other_policies_show_no_targets() -> None:
    round_ = open_round("county_qh")
    view = selectors.round_view(round_, round_.entries.all()[:3], today=TODAY)
    assert all(row.target is None for row in view.rows)


def test_targets_need_their_text_and_come_once() -> None:
    team = entries(open_round("county_sc"))[0].team
    with pytest.raises(AssessmentError) as caught:
        services.target_record(
            user=user("county_sc"),
            team=team,
            year=YEAR,
            signed_on=datetime.date(YEAR, 2, 1),
            targets=" ",
            today=TODAY,
        )
    assert caught.value.code == errors.TARGET_NO_TEXT
    kwargs: dict[str, Any] = {
        "team": team,
        "year": YEAR,
        "signed_on": datetime.date(YEAR, 2, 1),
        "targets": "x",
    }
    services.target_record(user=user("county_sc"), today=TODAY, **kwargs)
    with pytest.raises(AssessmentError) as caught:
        services.target_record(user=user("county_sc"), today=TODAY, **kwargs)
    assert caught.value.code == errors.TARGET_DUPLICATE
    assert TeamTarget.objects.count() == 1


def test_another_countys_team_is_a_404() -> None:
    from django.http import Http404

    team = entries(open_round("county_sc"))[0].team
    with pytest.raises(Http404):
        services.target_record(
            user=user("county_qh"),
            team=team,
            year=YEAR,
            signed_on=datetime.date(YEAR, 2, 1),
            targets="x",
            today=TODAY,
        )


def test_the_targets_page_records_one(as_user: Any) -> None:
    team = entries(open_round("county_sc"))[0].team
    client = as_user("county_sc")
    page = client.get(reverse("assessment:target_list")).content.decode()
    assert 'id="targets"' in page and "SC-TARGET" in page
    client.post(
        reverse("assessment:target_list"),
        {"team": team.pk, "year": YEAR, "signed_on": f"{YEAR}-03-01", "targets": "完成年度帮扶任务"},
    )
    assert TeamTarget.objects.filter(team=team, year=YEAR).exists()


def test_the_targets_page_says_so_where_the_policy_has_none(as_user: Any) -> None:
    page = as_user("county_qh").get(reverse("assessment:target_list")).content.decode()
    assert 'id="no-target"' in page
