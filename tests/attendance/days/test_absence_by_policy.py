"""An unexcused absence found by a spot check, under each policy (issue 10, correction 6): the 情况说明
workflow (seed 004 第十八条, ZMD-ABSENT) runs only in a Zhumadian county; elsewhere the absence is
recorded (the check and the absent day) and listed by ``unexcused_absences`` with that policy's own
consequence — in Qinghai QH10-ABSENT: no 优秀 that year, and the unit's leadership cannot be 优秀."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from attendance.days import services as ps
from attendance.days.selectors import SPOT_ABSENT_MSG, cadre_days, unexcused_absences
from attendance.models import AbsenceExplanation, AttendanceDay, SpotCheck
from teams.models import Membership, Region, Team
from tests.builders import make_posting
from tests.clock import TODAY
from tests.conftest import login

from ..helpers import user

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 10, 10))  # this month: not certified yet


def posting(township: str) -> Membership:
    """A cadre of its own serving in ``township``: no demo spot checks or explanations."""
    team = Team.objects.active_on(TODAY).filter(village__township__name=township).order_by("pk").first()
    assert team is not None
    return make_posting(team.village.name)


def absent(township: str, by: str) -> SpotCheck:
    m = posting(township)
    return ps.spot_check_record(
        actor=user(by), cadre=m.cadre, at=WHEN, method="phone", result="unexcused", note="电话无人接听"
    )


def pingyin_under(code: str) -> Region:
    county = Region.objects.get(name="平阴县")
    county.policy_code = code
    county.save(update_fields=["policy_code"])
    return county


def test_a_spot_check_in_pingyin_opens_no_explanation_to_write() -> None:
    check = absent("孔村镇", "township2")
    assert not AbsenceExplanation.objects.filter(spot_check=check).exists()
    day = AttendanceDay.objects.get(cadre=check.cadre, date=WHEN.date())
    assert day.status == "absent"  # recorded as 不在岗
    (record,) = [r for r in unexcused_absences(check.county, 2026) if r.spot_check == check]
    assert record.provisions == ("JN-MONTH",) and record.explanation is None
    assert not record.bars_member_excellent and not record.bars_unit_excellent


def test_a_spot_check_in_xiping_opens_the_explanation() -> None:
    check = absent("五沟营镇", "township")
    explanation = AbsenceExplanation.objects.get(spot_check=check)
    assert explanation.state == "pending" and explanation.due == datetime.date(2026, 11, 25)
    (record,) = [r for r in unexcused_absences(check.county, 2026) if r.spot_check == check]
    assert record.provisions == ("ZMD-ABSENT", "ZMD-MONTH") and record.explanation == explanation


def test_a_qinghai_absence_is_listed_with_qh10_absent() -> None:
    county = pingyin_under("qinghai")
    check = absent("孔村镇", "township2")
    assert not AbsenceExplanation.objects.filter(spot_check=check).exists()
    records = unexcused_absences(county, 2026)
    (record,) = [r for r in records if r.spot_check == check]
    assert (record.cadre, record.date, record.dispatching_unit_id) == (
        check.cadre,
        WHEN.date(),
        check.dispatching_unit_id,
    )
    assert record.provisions == ("QH10-ABSENT", "QH-YEAR")
    assert record.bars_member_excellent and record.bars_unit_excellent
    assert (
        "取消本人当年评先评优资格，派出单位领导班子当年年度考核不得评为优秀（QH10-ABSENT）"
        in record.consequence
    )
    assert not [r for r in unexcused_absences(county, 2025) if r.spot_check == check]  # another year


def test_a_sichuan_absence_is_recorded_as_attendance() -> None:
    county = pingyin_under("sichuan")
    check = absent("孔村镇", "township2")
    assert not AbsenceExplanation.objects.filter(spot_check=check).exists()
    (record,) = [r for r in unexcused_absences(county, 2026) if r.spot_check == check]
    assert record.provisions == ("SC-ATT",)


def test_the_spot_check_page_shows_the_consequence_and_no_explanation_link_in_qinghai() -> None:
    pingyin_under("qinghai")
    check = absent("孔村镇", "township2")
    html = login("township2").get("/attendance/spot-checks/").content.decode()
    assert "（QH10-ABSENT）" in html
    assert "/attendance/explanations/" not in html
    assert check.cadre.name in html


def test_the_spot_check_page_in_pingyin_renders_without_an_explanation() -> None:
    check = absent("孔村镇", "township2")
    response = login("county2").get("/attendance/spot-checks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert check.cadre.name in html and "（JN-MONTH）" in html and "/attendance/explanations/" not in html


def test_unexcused_absences_for_a_user_from_elsewhere_is_empty() -> None:
    check = absent("孔村镇", "township2")
    assert not [
        r for r in unexcused_absences(check.county, 2026, actor=user("county")) if r.spot_check == check
    ]
    assert [r for r in unexcused_absences(check.county, 2026, actor=user("county2")) if r.spot_check == check]


def test_the_spot_check_page_in_xiping_links_the_explanation() -> None:
    check = absent("五沟营镇", "township")
    html = login("township").get("/attendance/spot-checks/").content.decode()
    assert f"/attendance/explanations/{check.explanation.pk}/" in html and "（ZMD-ABSENT）" in html


@pytest.mark.parametrize(
    ("code", "cited", "asks"), [("qinghai", "QH10-ABSENT", False), ("jinan", "JN-MONTH", False)]
)
def test_the_cadre_reads_the_consequence_of_the_day(code: str, cited: str, asks: bool) -> None:
    pingyin_under(code)
    check = absent("孔村镇", "township2")
    cadre_user = User.objects.create(username=f"absent_{code}", office="cadre", cadre=check.cadre)
    on = WHEN.date()
    text = cadre_days(actor=cadre_user, first=on, last=on, today=on).today.text
    assert (
        f"（{cited}）" in text
        and ("情况说明" in text) is asks
        and text != SPOT_ABSENT_MSG.format(day="11月10日")
    )


def test_a_xiping_cadre_is_asked_for_the_explanation() -> None:
    check = absent("五沟营镇", "township")
    cadre_user = User.objects.create(username="absent_zmd", office="cadre", cadre=check.cadre)
    on = WHEN.date()
    assert cadre_days(actor=cadre_user, first=on, last=on, today=on).today.text == SPOT_ABSENT_MSG.format(
        day="11月10日"
    )
