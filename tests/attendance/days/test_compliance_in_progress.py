"""Issue 9 §3.2: a month (or year) in progress says so — days so far, days still possible — and is
never called compliant (达标) before it ends; one that can no longer reach its minimum fails early.

The boundary: on the last day of October the month is not over (in progress), on 1 November it is."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from attendance.days import compliance
from attendance.days import services as ps
from attendance.days.summary import summaries_refresh
from attendance.models import AttendanceDay, CadreMonthSummary, MonthCertification
from teams.models import Membership, Region
from tests.clock import TODAY, TZ

pytestmark = pytest.mark.django_db

OCT_1 = datetime.date(2026, 10, 1)
OCT_LAST = datetime.date(2026, 10, 31)  # not over yet on this day
NOV_1 = datetime.date(2026, 11, 1)  # October is over


def october(in_village: int, absent: int = 0, *, skip: int = 0) -> Membership:
    """A 五沟营镇 cadre serving all October: ``in_village`` days from the 1st, then ``absent`` days,
    the rest of the month not entered."""
    m = list(
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name="五沟营镇", start__lte=OCT_1)
        .order_by("cadre_id")
    )[skip]
    AttendanceDay.objects.filter(cadre_id=m.cadre_id, date__range=(OCT_1, OCT_LAST)).delete()
    summaries_refresh(cadre_ids=[m.cadre_id], year=2026, month=10)
    MonthCertification.objects.filter(year=2026, month=10).delete()
    entries: dict[tuple[int, datetime.date], ps.Cell] = {}
    for i in range(in_village + absent):
        cell = ("in_village", True) if i < in_village else ("absent", False)
        entries[(m.cadre_id, OCT_1 + datetime.timedelta(days=i))] = cell
    ps.attendance_grid_save(actor=User.objects.get(username="township"), entries=entries, today=TODAY)
    return m


def rows(m: Membership, today: datetime.date) -> list[compliance.Row]:
    """The cadre's October, live and from the summary (the county page's path): the same row."""
    scope = Membership.objects.filter(cadre_id=m.cadre_id)
    live = compliance.month_compliance(scope, 2026, 10, today=today, weeks=False)
    summary, _ = compliance.county_month(scope, CadreMonthSummary.objects.all(), 2026, 10, today=today)
    return [live[0], summary[0]]


@pytest.mark.parametrize(
    "today,in_progress,compliant,result",
    [
        (OCT_LAST, True, None, compliance.IN_PROGRESS["month"]),
        (NOV_1, False, True, compliance.RESULT_OK),
    ],
)
def test_twenty_days_are_compliant_only_once_the_month_is_over(
    today: datetime.date, in_progress: bool, compliant: bool | None, result: str
) -> None:
    m = october(20)
    for row in rows(m, today):
        assert (row.in_village, row.required, row.assigned_days) == (20, 20, 31)
        assert (row.in_progress, row.compliant, row.result, row.findings) == (
            in_progress,
            compliant,
            result,
            [],
        )
        assert row.pending is in_progress
        if in_progress:
            assert row.still_possible == 11  # 31 assigned days, 20 entered
        assert row.as_json()["result"] == result and row.as_json()["in_progress"] is in_progress


@pytest.mark.parametrize(
    "today,compliant,result",
    [(OCT_LAST, None, compliance.IN_PROGRESS["month"]), (NOV_1, False, compliance.RESULT_FAILING)],
)
def test_nothing_entered_is_in_progress_not_compliant(
    today: datetime.date, compliant: bool | None, result: str
) -> None:
    """The bug: 0 days in the village against 20 read "达标" while the month was running."""
    m = october(0)
    for row in rows(m, today):
        assert (row.in_village, row.required, row.compliant, row.result) == (0, 20, compliant, result)
    if today == OCT_LAST:
        assert rows(m, today)[0].still_possible == 31
    else:
        assert rows(m, today)[0].provisions == ["ZMD-MONTH"]


@pytest.mark.parametrize("absent,possible,out_of_reach", [(11, 20, False), (12, 19, True)])
def test_a_month_in_progress_fails_early_only_out_of_reach(
    absent: int, possible: int, out_of_reach: bool
) -> None:
    """On 15 October: with 11 days absent, 20 days may still be spent in the village (exactly the
    minimum); with 12 absent only 19 — the month can no longer be met and says so now."""
    m = october(0, absent)
    for row in rows(m, datetime.date(2026, 10, 15)):
        assert (row.in_progress, row.still_possible) == (True, possible)
        if out_of_reach:
            assert row.compliant is False and row.result == compliance.RESULT_FAILING
            assert row.provisions == ["ZMD-MONTH"]
            assert row.findings[0].message.startswith(compliance.UNREACHABLE_MSG.format(possible=possible))
        else:
            assert row.compliant is None and row.result == compliance.IN_PROGRESS["month"]
            assert row.findings == []


def test_a_month_not_started_is_not_judged() -> None:
    m = october(0)
    row = rows(m, datetime.date(2026, 9, 30))[0]
    assert (row.in_progress, row.not_started, row.compliant) == (True, True, None)
    assert row.result == compliance.NOT_STARTED["month"]


def test_groups_give_no_rate_while_the_month_runs() -> None:
    county = Region.objects.get(name="西平县", level="county")
    scope = Membership.objects.filter(team__village__township__parent=county)
    running = compliance.groups(compliance.month_compliance(scope, 2026, 10, today=OCT_LAST), "township")
    assert running and all(g.compliant == 0 and g.rate == "—" for g in running)
    assert sum(g.in_progress for g in running) > 0
    over = compliance.groups(compliance.month_compliance(scope, 2026, 10, today=NOV_1), "township")
    assert any(g.compliant > 0 and g.rate.endswith("%") for g in over)
    assert all(g.in_progress == 0 for g in over)


def test_province_month_calls_nobody_compliant_while_the_month_runs() -> None:
    running = compliance.province_month(2026, 10, today=OCT_LAST)
    assert running and all(g.compliant == 0 and g.rate == "—" for g in running)
    over = compliance.province_month(2026, 10, today=NOV_1)
    assert [(g.cadres, g.in_progress) for g in over] == [(g.cadres, 0) for g in running]
    assert any(g.compliant > 0 for g in over)
    assert compliance.province_month(2026, 10) == over  # without a day: judged as over, as before


def test_a_year_in_progress() -> None:
    """Qinghai sets a yearly minimum for the team (QH-YEAR): 31 December is still in the year, 1 January
    is not. The cadre's own year is information beside it (issue 10, correction 4)."""
    Region.objects.filter(name="平阴县").update(policy_code="qinghai")
    m = Membership.objects.active_on(TODAY).filter(team__village__township__name="孔村镇").first()
    assert m is not None
    scope = Membership.objects.filter(cadre_id=m.cadre_id)
    running = compliance.year_compliance(scope, 2026, today=datetime.date(2026, 12, 31))[0]
    over = compliance.year_compliance(scope, 2026, today=datetime.date(2027, 1, 1))[0]
    assert running.required == over.required == 200
    assert running.result == over.result == compliance.RESULT_REFERENCE
    assert compliance.county_year(scope, 2026, today=datetime.date(2026, 12, 31))[0].result == running.result
    [team_running] = compliance.team_year_compliance(scope, 2026, today=datetime.date(2026, 12, 31))
    [team_over] = compliance.team_year_compliance(scope, 2026, today=datetime.date(2027, 1, 1))
    assert team_running.in_progress and team_running.result in (
        compliance.IN_PROGRESS["year"],
        compliance.RESULT_FAILING,
    )
    assert not team_over.in_progress and team_over.result in (compliance.RESULT_OK, compliance.RESULT_FAILING)


# --- the pages ------------------------------------------------------------------------------------------


def county() -> Client:
    c = Client()
    c.force_login(User.objects.get(username="county"))
    return c


def test_the_current_month_on_the_compliance_page() -> None:
    """TODAY is 24 November: November is in progress, for the county and for the township."""
    for username in ("county", "township"):
        c = Client()
        c.force_login(User.objects.get(username=username))
        response = c.get(reverse("attendance:compliance_list"))
        assert response.status_code == 200
        assert response.context["progress"] == compliance.IN_PROGRESS["month"]
        page = response.content.decode()
        assert 'id="in-progress"' in page and "本月进行中" in page
        assert response.context["rows"] and not [r for r in response.context["rows"] if r.compliant]
        assert all(g.compliant == 0 and g.rate == "—" for g in response.context["townships"])
        assert "达标率100" not in page and ">达标<" not in page


@pytest.mark.parametrize("now,progress", [(OCT_LAST, "本月进行中"), (NOV_1, "")])
def test_the_compliance_page_on_the_boundary(now: datetime.date, progress: str) -> None:
    # Every day in the village, so that the page's week rule (ZMD-WEEK) finds nothing either.
    m = october(31)
    team = m.team
    query = f"?month=2026-10&township={team.village.township_id}&team={team.pk}"
    with time_machine.travel(datetime.datetime(now.year, now.month, now.day, 12, tzinfo=TZ), tick=False):
        response = county().get(reverse("attendance:compliance_list") + query)
    assert response.status_code == 200
    assert response.context["progress"] == progress
    row = next(r for r in response.context["rows"] if r.cadre_id == m.cadre_id)
    page = response.content.decode()
    if progress:
        assert (row.result, row.still_possible) == (compliance.IN_PROGRESS["month"], 0)
        assert "已在村31天，尚可计入0天" in page
    else:
        assert row.result == compliance.RESULT_OK and 'id="in-progress"' not in page


def test_the_export_of_the_current_month_calls_nobody_compliant() -> None:
    response = county().get(reverse("attendance:compliance_list") + "?format=xlsx")
    assert response.status_code == 200
    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert compliance.IN_PROGRESS["month"] in sheet and ">达标<" not in sheet


def test_the_compliance_command_says_in_progress() -> None:
    out = io.StringIO()
    call_command("compliance", "--month", f"{TODAY:%Y-%m}", "--county", "411721", stdout=out)
    lines = out.getvalue().splitlines()[1:]
    assert lines and not [line for line in lines if line.endswith("  达标")]
    assert any(line.endswith(compliance.IN_PROGRESS["month"]) for line in lines)
