"""The duties calendar: each duty under the right policy only, overdue from the day after its due date,
reminded once and noticed overdue once; pages and API scoped."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Office, User
from assessment import duties
from attendance.models import Notification
from teams import rules
from teams.choices import Role
from teams.models import Membership, Team
from teams.rules import duties as rule_duties
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

YEAR = TODAY.year
QH_VILLAGE, JN_VILLAGE, SC_VILLAGE, ZMD_VILLAGE = "七里店村", "孔村", "三会村", "李楼村"


def team_of(village: str) -> Team:
    return Team.objects.active_on(TODAY).get(village__name=village)


def kinds(village: str, today: datetime.date = TODAY) -> set[str]:
    return {row.duty.kind for row in duties.team_duties(team_of(village), YEAR, today)}


def row(village: str, kind: str, today: datetime.date, period: int | None = None) -> duties.DutyRow:
    found = [
        r
        for r in duties.team_duties(team_of(village), YEAR, today)
        if r.duty.kind == kind and r.duty.period == period
    ]
    assert len(found) == 1
    return found[0]


def test_a_jinan_team_has_half_year_reports_and_no_quarterly_report() -> None:
    found = kinds(JN_VILLAGE)
    assert rule_duties.HALF_YEAR_REPORT in found and rule_duties.TOWNSHIP_MEETING in found
    assert rule_duties.QUARTERLY_REPORT not in found and rule_duties.COMMITMENT not in found


def test_a_qinghai_team_has_quarterly_reports_and_a_commitment() -> None:
    found = kinds(QH_VILLAGE)
    assert {rule_duties.QUARTERLY_REPORT, rule_duties.COMMITMENT, rule_duties.LINK_VISIT} <= found
    assert rule_duties.HALF_YEAR_REPORT not in found and rule_duties.HOUSEHOLDS not in found


def test_a_sichuan_team_has_targets_household_coverage_and_quarterly_reports() -> None:
    found = kinds(SC_VILLAGE)
    assert {rule_duties.TARGET, rule_duties.HOUSEHOLDS, rule_duties.QUARTERLY_REPORT} <= found
    assert rule_duties.COMMITMENT not in found


def test_a_zhumadian_team_has_the_units_hearings_and_visits_only() -> None:
    assert kinds(ZMD_VILLAGE) == {rule_duties.UNIT_HEARING, rule_duties.UNIT_VISITS}


def test_the_commitment_is_due_at_the_end_of_the_countys_due_month() -> None:
    due_month = rules.policy_for("qinghai", TODAY).provision("QH-COMMIT").values["due_month"]
    commitment = row(QH_VILLAGE, rule_duties.COMMITMENT, TODAY)
    assert commitment.duty.due == rule_duties.month_end(YEAR, due_month)
    assert commitment.duty.provision == "QH-COMMIT"


def test_a_duty_is_not_overdue_on_its_due_day_and_overdue_the_next_day() -> None:
    due = rule_duties.quarter_bounds(YEAR, 3)[1]
    on_due = row(QH_VILLAGE, rule_duties.QUARTERLY_REPORT, due, 3)
    assert on_due.state == rule_duties.DUE_SOON and on_due.findings == []
    after = row(QH_VILLAGE, rule_duties.QUARTERLY_REPORT, due + datetime.timedelta(days=1), 3)
    assert after.state == rule_duties.OVERDUE
    assert [f.provision for f in after.findings] == ["QH-COMMIT"]


def test_the_commitment_turns_overdue_the_day_after_its_due_date() -> None:
    due = row(QH_VILLAGE, rule_duties.COMMITMENT, TODAY).duty.due
    assert row(QH_VILLAGE, rule_duties.COMMITMENT, due).state == rule_duties.DUE_SOON
    late = row(QH_VILLAGE, rule_duties.COMMITMENT, due + datetime.timedelta(days=1))
    assert late.state == rule_duties.OVERDUE and "承诺" in late.findings[0].message


def test_a_duty_before_the_lead_time_is_not_due() -> None:
    due = rule_duties.quarter_bounds(YEAR, 3)[1]
    early = due - datetime.timedelta(days=rules.defaults.DUTY_REMINDER_LEAD_DAYS + 1)
    assert row(QH_VILLAGE, rule_duties.QUARTERLY_REPORT, early, 3).state == rule_duties.NOT_DUE


def test_a_submitted_report_completes_its_duty() -> None:
    from assessment import reports
    from tests.assessment.test_reports import leader, quarterly

    report = quarterly(QH_VILLAGE, 3)
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    done = row(QH_VILLAGE, rule_duties.QUARTERLY_REPORT, TODAY, 3)
    assert done.state == rule_duties.DONE and done.report_id == report.pk


def _leader_user(village: str) -> User:
    fs = Membership.objects.active_on(TODAY).get(team=team_of(village), role=Role.FIRST_SECRETARY)
    return User.objects.filter(cadre=fs.cadre).first() or User.objects.create(
        username=f"fs_{fs.cadre_id}", office=Office.CADRE, cadre=fs.cadre
    )


def test_a_reminder_is_sent_once_and_the_overdue_notice_once() -> None:
    leader = _leader_user(QH_VILLAGE)
    team = team_of(QH_VILLAGE)
    due = rule_duties.quarter_bounds(YEAR, 3)[1]
    soon = due - datetime.timedelta(days=1)
    key = f"duty:{team.pk}:{rule_duties.QUARTERLY_REPORT}:{YEAR}:3"
    assert duties.duties_remind(today=soon, team_ids=[team.pk]) > 0
    assert duties.duties_remind(today=soon, team_ids=[team.pk]) == 0
    assert Notification.objects.filter(recipient=leader, dedupe_key=f"{key}:soon").count() == 1
    after = due + datetime.timedelta(days=1)
    duties.duties_remind(today=after, team_ids=[team.pk])
    duties.duties_remind(today=after + datetime.timedelta(days=1), team_ids=[team.pk])
    assert Notification.objects.filter(recipient=leader, dedupe_key=f"{key}:overdue").count() == 1
    note = Notification.objects.get(recipient=leader, dedupe_key=f"{key}:overdue")
    assert "已逾期" in note.text and "QH-COMMIT" in note.text
    assert Notification.objects.for_user(leader).filter(pk=note.pk).exists()


def test_the_overdue_notice_opens_the_teams_duties(client) -> None:  # type: ignore[no-untyped-def]
    leader = _leader_user(QH_VILLAGE)
    team = team_of(QH_VILLAGE)
    duties.duties_remind(today=TODAY, team_ids=[team.pk])
    note = Notification.objects.filter(recipient=leader).exclude(dedupe_key="").first()
    assert note is not None
    client.force_login(leader)
    response = client.post(reverse("attendance:notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("assessment:team_duties", args=[team.pk]))


def test_the_team_page_lists_its_duties_and_is_404_for_another_county(as_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("assessment:team_duties", args=[team_of(QH_VILLAGE).pk]) + f"?year={YEAR}"
    page = as_user("county_qh").get(url)
    assert page.status_code == 200 and "QH-COMMIT" in page.content.decode()
    assert as_user("county").get(url).status_code == 404


def test_the_countys_overdue_list_filters_and_exports(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county_qh")
    url = reverse("assessment:duty_overdue_list")
    page = client.get(url, {"year": YEAR, "kind": rule_duties.COMMITMENT})
    body = page.content.decode()
    assert page.status_code == 200 and "年初帮扶工作承诺" in body and "七里店村" in body
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "七里店村" not in as_user("county").get(url, {"year": YEAR}).content.decode()


def test_api_duties_200_404_and_400(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of(QH_VILLAGE)
    url = f"/api/v1/teams/{team.pk}/duties/"
    ok = as_user("county_qh").get(url, {"year": YEAR})
    assert ok.status_code == 200
    assert {"commitment", "quarterly"} <= {d["kind"] for d in ok.json()}
    assert as_user("county").get(url).status_code == 404
    bad = as_user("county_qh").get(url, {"year": "明年"})
    assert bad.status_code == 400 and "年" in bad.json()["detail"]


def test_the_daily_beat_runs_the_reminders() -> None:
    from django.conf import settings

    from assessment.tasks import remind_duties

    entry = settings.CELERY_BEAT_SCHEDULE["assessment-remind-duties"]
    assert entry["task"] == "assessment.tasks.remind_duties"
    assert isinstance(remind_duties.apply().get(), int)


def test_the_overdue_list_filters_by_township(as_user) -> None:  # type: ignore[no-untyped-def]
    team = team_of(QH_VILLAGE)
    other = Team.objects.active_on(TODAY).get(village__name="中坝村")
    url = reverse("assessment:duty_overdue_list")
    body = (
        as_user("county_qh").get(url, {"year": YEAR, "township": team.village.township_id}).content.decode()
    )
    assert QH_VILLAGE in body and other.village.name not in body


def test_a_late_reports_finding_says_it_is_about_the_due_date(as_user) -> None:  # type: ignore[no-untyped-def]
    """已完成（逾期完成） next to “…未报告” read as a contradiction: the finding names the due date."""
    from assessment import reports
    from tests.assessment.test_reports import leader, quarterly

    reports.report_submit(user=leader(QH_VILLAGE), report=quarterly(QH_VILLAGE, 3), today=TODAY)
    late = row(QH_VILLAGE, rule_duties.QUARTERLY_REPORT, TODAY, 3)
    assert late.late and late.findings
    page = as_user("county_qh").get(reverse("assessment:team_duties", args=[team_of(QH_VILLAGE).pk]))
    assert "截止日期前：" in page.content.decode()
