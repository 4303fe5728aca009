"""Issue 10, correction 7: JN-MONTH 每月在村工作时间不少于20个工作日 and ZMD-MONTH 每月在岗不少于20个工作日 say
*working days*. Convention 3: by default every day in the village counts; a county may count official
working days only (``month_count_working_days``), and then pro-rating uses working days too.

The boundary: May 2026 has 19 official working days (劳动节 1–5 May, 9 May a 调休 workday). A cadre in the
village on all 19 and on two weekend days (21 days) passes under the default and fails under 仅工作日."""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest
from django.urls import reverse

from accounts.models import User
from attendance.days import compliance
from attendance.days import services as ps
from attendance.models import CadreMonthSummary, MonthCertification
from teams import overrides
from teams.models import Membership, Region
from tests.builders import make_posting
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

MAY = [datetime.date(2026, 5, 1) + datetime.timedelta(days=i) for i in range(31)]
WORKDAYS = [d for d in MAY if chinese_calendar.is_workday(d)]
OFF_DAYS = [d for d in MAY if not chinese_calendar.is_workday(d)]


def xiping() -> Region:
    return Region.objects.get(name="西平县", level="county")


def in_village(m: Membership, days: list[datetime.date]) -> None:
    """The township enters ``days`` of May 2026 as in the village (the month's lock lifted first)."""
    MonthCertification.objects.filter(year=2026, month=5, township__name="五沟营镇").delete()
    entries: dict[tuple[int, datetime.date], ps.Cell] = {(m.cadre_id, d): ("in_village", True) for d in days}
    ps.attendance_grid_save(actor=User.objects.get(username="township"), entries=entries, today=TODAY)


def count_working_days_only() -> None:
    overrides.policy_override_set(
        actor=User.objects.get(username="county"),
        county=xiping(),
        key="month_count_working_days",
        value=True,
        reason="县委组织部会议决定：每月20个工作日只计法定工作日",
        today=TODAY,
    )


def may_rows(m: Membership) -> list[compliance.Row]:
    """The cadre's May, live and from the summary (the county page's path)."""
    scope = Membership.objects.filter(cadre_id=m.cadre_id)
    live = compliance.month_compliance(scope, 2026, 5, today=TODAY, weeks=False)
    summary, _ = compliance.county_month(
        scope, CadreMonthSummary.objects.all(), 2026, 5, county=xiping(), today=TODAY
    )
    return [live[0], summary[0]]


def test_may_2026_has_nineteen_working_days() -> None:
    assert len(WORKDAYS) == 19
    assert len(ps.working_days(xiping(), MAY[0], MAY[-1])) == 19


def test_nineteen_working_days_and_two_weekend_days_pass_by_default() -> None:
    m = make_posting("李楼村")
    in_village(m, [*WORKDAYS, *OFF_DAYS[:2]])
    for row in may_rows(m):
        assert (row.in_village, row.required, row.compliant, row.workdays_only) == (21, 20, True, False)
    summary = CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=5)
    assert summary.compliant is True


def test_nineteen_working_days_and_two_weekend_days_fail_when_only_working_days_count() -> None:
    m = make_posting("李楼村")
    in_village(m, [*WORKDAYS, *OFF_DAYS[:2]])
    count_working_days_only()
    for row in may_rows(m):
        assert row.workdays_only
        assert (row.in_village, row.workdays_in_village, row.required) == (21, 19, 20)
        assert row.compliant is False
        assert [f.message for f in row.findings] == ["2026年5月在村19个工作日，少于20个工作日（ZMD-MONTH）"]
    # The county's change recomputed its summaries (the province page reads their ``compliant``).
    summary = CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=5)
    assert (summary.in_village, summary.required, summary.compliant) == (21, 20, False)
    [xiping_may] = [g for g in compliance.province_month(2026, 5) if g.key == xiping().pk]
    assert xiping_may.failing >= 1


def test_twenty_working_days_pass_when_only_working_days_count() -> None:
    """The county's own calendar counts: a weekend registered as 调休上班 is a working day."""
    m = make_posting("李楼村")
    saturday = OFF_DAYS[-1]
    ps.calendar_day_set(
        actor=User.objects.get(username="county"), county=xiping(), date=saturday, kind="workday", name="调休"
    )
    in_village(m, [*WORKDAYS, saturday])
    count_working_days_only()
    for row in may_rows(m):
        assert (row.workdays_in_village, row.period_workdays, row.required, row.compliant) == (
            20,
            20,
            20,
            True,
        )


def test_pro_rating_follows_the_working_days_reading() -> None:
    """Convention 4 with convention 3: posted from 16 May, the minimum is 20 × assigned working days /
    the month's working days, rounded up (not 20 × 16 / 31)."""
    m = make_posting("李楼村", start=datetime.date(2026, 5, 16))
    assigned = [d for d in WORKDAYS if d.day >= 16]
    in_village(m, assigned[:-1])
    count_working_days_only()
    expected = -(-20 * len(assigned) // 19)
    for row in may_rows(m):
        assert (row.assigned_workdays, row.period_workdays) == (len(assigned), 19)
        assert row.required == expected
        assert row.prorated
        assert row.compliant is (len(assigned) - 1 >= expected)


def test_the_compliance_page_says_the_reading_in_force(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(username="county"))
    url = reverse("attendance:compliance_list")
    page = client.get(url, {"county": xiping().pk, "month": "2026-05"}).content.decode()
    assert "凡在村工作的日子都计入" in page and "ZMD-MONTH" in page
    count_working_days_only()
    page = client.get(url, {"county": xiping().pk, "month": "2026-05"}).content.decode()
    assert "只计国家法定工作日" in page
    assert "个工作日</td>" in page  # 任职天数 in working days


def test_the_policy_page_says_the_reading_in_force(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(username="county"))
    url = reverse("teams:policy_detail", args=[xiping().pk])
    page = client.get(url).content.decode()
    assert "“20个工作日”的计法：</span>凡在村工作的日子都计入（含周末和节假日）" in page
    assert 'id="setting-month_count_working_days"' in page
    count_working_days_only()
    page = client.get(url).content.decode()
    assert "“20个工作日”的计法：</span>只计国家法定工作日（含调休上班日）在村的天数，折算也按工作日" in page


def test_the_export_says_the_reading_row_by_row(client) -> None:  # type: ignore[no-untyped-def]
    import io

    import openpyxl

    m = make_posting("李楼村")
    in_village(m, [*WORKDAYS, *OFF_DAYS[:2]])
    count_working_days_only()
    client.force_login(User.objects.get(username="county"))
    response = client.get(
        reverse("attendance:compliance_list"), {"county": xiping().pk, "month": "2026-05", "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == m.cadre.id_number)
    found = dict(zip(header, row, strict=True))
    assert (found["在村天数"], found["在村工作日"], found["应在村天数"]) == (21, 19, 20)
    assert str(found["天数计法"]).startswith("只计法定工作日")
    assert found["是否达标"] == "未达标"
