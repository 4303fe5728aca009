"""County meetings per quarter and township meetings per month (JN-MEET / QH-MEET / SC-MEET)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from teams.models import Cadre, Membership, Region
from tests.clock import TODAY
from worklog import errors, selectors, services
from worklog.errors import WorklogError
from worklog.models import Meeting

pytestmark = pytest.mark.django_db


def _county(name: str) -> Region:
    return Region.objects.get(name=name, level="county")


def _meet(user: str, day: datetime.date) -> Meeting:
    return services.meeting_create(actor=User.objects.get(username=user), date=day, title="例会", today=TODAY)


def test_a_meeting_on_the_last_day_of_the_quarter_meets_the_duty() -> None:
    _meet("county2", datetime.date(2026, 9, 30))
    duty = selectors.meeting_duties([_county("平阴县")], 2026, 3, 9)[0]
    assert duty.applies and duty.held == 1 and duty.findings == []


def test_a_meeting_on_the_first_day_of_the_next_quarter_does_not() -> None:
    _meet("county2", datetime.date(2026, 10, 1))
    duty = selectors.meeting_duties([_county("平阴县")], 2026, 3, 9)[0]
    assert duty.held == 0
    assert [f.provision for f in duty.findings] == ["JN-MEET"]
    assert (
        selectors.county_meetings(_county("平阴县"), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
        == 1
    )


def test_township_meetings_count_per_month() -> None:
    township = User.objects.get(username="township_sc").region
    assert township is not None
    _meet("township_sc", datetime.date(2026, 10, 31))
    assert selectors.township_meetings(township, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)) == 1
    assert selectors.township_meetings(township, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)) == 0


def test_attendees_come_from_the_region_roster() -> None:
    outsider = (
        Membership.objects.filter(team__village__township__parent__name="苍溪县").active_on(TODAY).first()
    )
    assert outsider is not None
    with pytest.raises(WorklogError) as refused:
        services.meeting_create(
            actor=User.objects.get(username="county2"),
            date=TODAY,
            title="例会",
            attendees=[outsider.cadre_id],
            today=TODAY,
        )
    assert refused.value.code == errors.ATTENDEE_OUTSIDE
    assert not Meeting.objects.exists()


def test_a_cadre_attendance_is_read_from_the_attendees() -> None:
    member = (
        Membership.objects.filter(team__village__township__parent__name="平阴县").active_on(TODAY).first()
    )
    assert member is not None
    meeting = services.meeting_create(
        actor=User.objects.get(username="county2"),
        date=TODAY,
        title="例会",
        attendees=[member.cadre_id],
        today=TODAY,
    )
    assert list(Cadre.objects.get(pk=member.cadre_id).worklog_meetings.all()) == [meeting]


def test_a_meeting_in_the_future_is_refused() -> None:
    with pytest.raises(WorklogError) as refused:
        _meet("county2", TODAY + datetime.timedelta(days=1))
    assert refused.value.code == errors.FUTURE_DATE


def test_the_county_records_a_meeting_on_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county2").post(
        reverse("worklog:meeting_list"),
        {"date": TODAY.isoformat(), "title": "第四季度例会", "minutes": "部署"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.level, meeting.region.name) == ("county", "平阴县")
    assert as_user("county2").get(reverse("worklog:meeting_detail", args=[meeting.pk])).status_code == 200
    assert as_user("county").get(reverse("worklog:meeting_detail", args=[meeting.pk])).status_code == 404


def test_the_meeting_duties_say_when_only_the_first_regions_are_listed(as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from worklog.views import meetings as views

    monkeypatch.setattr(views, "MEETING_DUTY_REGIONS", 2)
    page = as_user("county2").get(reverse("worklog:meeting_list"))  # 平阴县 and its townships: more than 2
    assert page.context["duties_cut"] == 2
    assert len({d.region.pk for d in page.context["duties"]}) <= 2
    assert "只列出按区划代码排在前2个的县和乡镇" in page.content.decode()


def test_a_period_in_progress_without_a_meeting_is_not_yet_a_violation(as_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("worklog:meeting_list")
    now = as_user("county_qh").get(url).content.decode()
    assert "本期未结束，期末检查" in now and "QH-MEET</code>" not in now
    ended = as_user("county_qh").get(url, {"year": TODAY.year - 1, "quarter": 4}).content.decode()
    assert "QH-MEET</code>" in ended and "本期未结束" not in ended
