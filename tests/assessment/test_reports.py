"""Team reports: drafted from the period's records only, refused for a period not started and twice,
acknowledged or returned by the receiving office only, another county's report a 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import Office, User
from assessment import errors, reports
from assessment.errors import AssessmentError
from assessment.models import ReportKind, ReportStatus, TeamReport
from teams.choices import Role
from teams.models import Membership, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

QH_VILLAGE = "七里店村"  # 乐都区 碾伯镇 (Qinghai): township_qh receives its quarterly reports
JN_VILLAGE = "孔村"  # 平阴县 孔村镇 (Jinan)
YEAR = TODAY.year


def team_of(village: str) -> Team:
    return (
        Team.objects.active_on(TODAY).select_related("village__township__parent").get(village__name=village)
    )


def leader(village: str) -> User:
    """A login for the team's first secretary (the demo has one only in 西平县)."""
    fs = Membership.objects.active_on(TODAY).get(team=team_of(village), role=Role.FIRST_SECRETARY)
    user = User.objects.filter(cadre=fs.cadre).first()
    if user is None:
        user = User.objects.create(username=f"fs_{fs.cadre_id}", office=Office.CADRE, cadre=fs.cadre)
    return user


def user(username: str) -> User:
    return User.objects.get(username=username)


def quarterly(village: str = QH_VILLAGE, quarter: int = 3) -> TeamReport:
    return reports.report_create(
        user=leader(village),
        team=team_of(village),
        kind=ReportKind.QUARTERLY,
        year=YEAR,
        period=quarter,
        today=TODAY,
    )


def log(team: Team, day: datetime.date, summary: str) -> None:
    from worklog.models import LogEntry

    LogEntry.objects.create(
        team=team, kind="service", date=day, summary=summary, created_by=user("county_qh")
    )


def test_draft_holds_the_periods_entries_and_nothing_else() -> None:
    team = team_of(QH_VILLAGE)
    start, end = datetime.date(YEAR, 7, 1), datetime.date(YEAR, 9, 30)
    log(team, start - datetime.timedelta(days=1), "甲：期前一日")
    log(team, start, "乙：期初")
    log(team, end, "丙：期末")
    log(team, end + datetime.timedelta(days=1), "丁：期后一日")
    body = reports.report_draft(team, ReportKind.QUARTERLY, YEAR, 3)
    assert "乙：期初" in body and "丙：期末" in body
    assert "甲：期前一日" not in body and "丁：期后一日" not in body


def test_a_report_for_a_period_not_started_is_refused() -> None:
    with pytest.raises(AssessmentError) as exc:
        reports.report_create(
            user=leader(QH_VILLAGE),
            team=team_of(QH_VILLAGE),
            kind=ReportKind.QUARTERLY,
            year=YEAR,
            period=4,
            today=datetime.date(YEAR, 9, 30),
        )
    assert exc.value.code == errors.REPORT_NOT_STARTED
    assert "尚未开始" in exc.value.message
    assert not TeamReport.objects.exists()


def test_a_second_report_for_the_same_period_is_refused() -> None:
    quarterly()
    with pytest.raises(AssessmentError) as exc:
        quarterly()
    assert exc.value.code == errors.REPORT_DUPLICATE
    assert TeamReport.objects.count() == 1


def test_a_second_submission_is_refused_and_writes_nothing() -> None:
    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    first = TeamReport.objects.get(pk=report.pk).submitted_at
    with pytest.raises(AssessmentError) as exc:
        reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    assert exc.value.code == errors.REPORT_ALREADY_SUBMITTED
    assert TeamReport.objects.get(pk=report.pk).submitted_at == first


def test_a_jinan_team_has_no_quarterly_report() -> None:
    with pytest.raises(AssessmentError) as exc:
        quarterly(JN_VILLAGE)
    assert exc.value.code == errors.REPORT_KIND_NOT_IN_POLICY


def test_qinghai_reports_go_to_the_township_and_jinan_to_the_county() -> None:
    qh = quarterly()
    assert (qh.receiving_office, qh.receiving_region.name) == (Office.TOWNSHIP_COMMITTEE, "碾伯镇")
    assert qh.provision == "QH-COMMIT"
    jn = reports.report_create(
        user=leader(JN_VILLAGE),
        team=team_of(JN_VILLAGE),
        kind=ReportKind.HALF_YEAR,
        year=YEAR,
        period=1,
        today=TODAY,
    )
    assert (jn.receiving_office, jn.receiving_region.name, jn.provision) == (
        Office.COUNTY_ORG_DEPT,
        "平阴县",
        "JN-REPORT",
    )


def test_only_the_receiving_office_acknowledges() -> None:
    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    with pytest.raises(AssessmentError) as exc:
        reports.report_acknowledge(user=user("county_qh"), report=report)
    assert exc.value.code == errors.REPORT_NOT_RECEIVER
    done = reports.report_acknowledge(user=user("township_qh"), report=report, comment="收到")
    assert done.status == ReportStatus.ACKNOWLEDGED


def test_a_return_needs_a_comment_and_reopens_the_report() -> None:
    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    with pytest.raises(AssessmentError) as exc:
        reports.report_return(user=user("township_qh"), report=report, comment=" ")
    assert exc.value.code == errors.REPORT_RETURN_NO_COMMENT
    returned = reports.report_return(user=user("township_qh"), report=report, comment="请补充走访情况")
    assert returned.status == ReportStatus.RETURNED and returned.is_editable


def test_another_countys_report_is_404(as_user) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    for name in ("detail", "print", "export"):
        url = reverse(f"assessment:report_{name}", args=[report.pk])
        assert as_user("county").get(url).status_code == 404
        assert as_user("county_qh").get(url).status_code == 200


def test_the_leader_drafts_through_the_page(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(leader(QH_VILLAGE))
    response = client.post(
        reverse("assessment:report_list"),
        {"team": team_of(QH_VILLAGE).pk, "kind": "quarterly", "year": YEAR, "period": "3"},
    )
    report = TeamReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:report_detail", args=[report.pk]
    )
    page = client.get(reverse("assessment:report_detail", args=[report.pk]))
    assert "提交" in page.content.decode()


def test_api_lists_and_refuses_in_chinese(as_user) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    county = as_user("county_qh")
    listed = county.get("/api/v1/team-reports/")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [report.pk]
    assert as_user("county").get(f"/api/v1/team-reports/{report.pk}/").status_code == 404
    township = as_user("township_qh")
    bad = township.post(
        f"/api/v1/team-reports/{report.pk}/status/",
        {"action": "acknowledge"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "不能确认或退回" in bad.json()["detail"]


def test_the_report_list_shows_the_countys_reports_only(as_user) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    own = as_user("county_qh").get(reverse("assessment:report_list"), {"year": YEAR, "status": "draft"})
    assert own.status_code == 200 and report.title in own.content.decode()
    other = as_user("county").get(reverse("assessment:report_list"))
    assert other.status_code == 200 and report.title not in other.content.decode()


def test_the_receiving_office_acknowledges_through_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    url = reverse("assessment:report_detail", args=[report.pk])
    as_user("county_qh").post(url, {"action": "acknowledge"})
    assert TeamReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    as_user("township_qh").post(url, {"action": "acknowledge", "comment": "已阅"})
    assert TeamReport.objects.get(pk=report.pk).status == ReportStatus.ACKNOWLEDGED


def test_submitting_submits_the_text_on_screen(client) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    client.force_login(leader(QH_VILLAGE))
    url = reverse("assessment:report_detail", args=[report.pk])
    client.post(url, {"action": "submit", "title": report.title, "body": "改过的正文：本季度走访12户"})
    saved = TeamReport.objects.get(pk=report.pk)
    assert saved.status == ReportStatus.SUBMITTED and saved.body == "改过的正文：本季度走访12户"


def test_a_refused_save_keeps_what_was_typed(client) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    client.force_login(leader(QH_VILLAGE))
    url = reverse("assessment:report_detail", args=[report.pk])
    response = client.post(url, {"action": "submit", "title": " ", "body": "辛苦写的正文不能丢"})
    page = response.content.decode()
    assert response.status_code == 200 and "辛苦写的正文不能丢" in page and errors.REPORT_NO_TITLE_MSG in page
    saved = TeamReport.objects.get(pk=report.pk)
    assert saved.status == ReportStatus.DRAFT and saved.body == report.body


def test_a_return_without_comment_keeps_the_page(as_user) -> None:  # type: ignore[no-untyped-def]
    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    response = as_user("township_qh").post(
        reverse("assessment:report_detail", args=[report.pk]), {"action": "return", "comment": ""}
    )
    assert response.status_code == 200 and errors.REPORT_RETURN_NO_COMMENT_MSG in response.content.decode()
    assert TeamReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def _draft_kinds(page: str) -> list[str]:
    import re

    select = re.search(r'<select id="rn-kind" name="kind">(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_draft_form_offers_only_the_kinds_of_the_teams_policy(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(leader(QH_VILLAGE))
    qinghai = _draft_kinds(client.get(reverse("assessment:report_list")).content.decode())
    assert qinghai == ["commitment", "quarterly", "incident"]
    client.force_login(leader(JN_VILLAGE))
    jinan = _draft_kinds(client.get(reverse("assessment:report_list")).content.decode())
    assert jinan == ["half_year", "incident"]


def test_a_submission_is_a_message_to_the_receiving_office_and_the_answer_one_to_the_team() -> None:
    from attendance.models import Notification

    report = quarterly()
    writer = leader(QH_VILLAGE)
    reports.report_submit(user=writer, report=report, today=TODAY)
    url = reverse("assessment:report_detail", args=[report.pk])
    received = Notification.objects.get(recipient=user("township_qh"), target_url=url)
    assert "请确认或退回" in received.text
    assert not Notification.objects.filter(recipient=user("county_qh"), target_url=url).exists()
    reports.report_return(user=user("township_qh"), report=report, comment="请补充走访情况")
    answer = Notification.objects.get(recipient=writer, target_url=url)
    assert answer.text.endswith("已退回：请补充走访情况")


def test_a_refused_submission_sends_no_message() -> None:
    from attendance.models import Notification

    report = quarterly()
    reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    with pytest.raises(AssessmentError):
        reports.report_submit(user=leader(QH_VILLAGE), report=report, today=TODAY)
    url = reverse("assessment:report_detail", args=[report.pk])
    assert Notification.objects.filter(recipient=user("township_qh"), target_url=url).count() == 1


def test_a_periodic_reports_title_names_the_kind_once() -> None:
    team = team_of(QH_VILLAGE)
    assert reports.report_title(team, ReportKind.QUARTERLY, 2026, 3) == "七里店村驻村工作队2026年第三季度报告"
    assert reports.report_title(team, ReportKind.HALF_YEAR, 2026, 1) == "七里店村驻村工作队2026年上半年报告"
    assert (
        reports.report_title(team, ReportKind.INCIDENT, 2026, None) == "七里店村驻村工作队2026年重大问题报告"
    )


def test_a_draft_too_long_for_the_body_says_how_many_entries_it_left_out() -> None:
    """The draft was cut at the body's limit mid-line, losing the sections after the log unsaid."""
    from assessment.models import REPORT_BODY_MAX

    team = team_of(QH_VILLAGE)
    day = datetime.date(YEAR, 7, 1)
    for n in range(120):
        log(team, day + datetime.timedelta(days=n % 90), f"第{n}条：" + "走" * 300)
    body = reports.report_draft(team, ReportKind.QUARTERLY, YEAR, 3)
    assert len(body) <= REPORT_BODY_MAX
    assert "条日志未列出，详见驻村日志" in body
    assert "五、请假" in body and body.rstrip().endswith("思想、工作、学习情况：")
