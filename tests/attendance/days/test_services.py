"""Attendance days: month minimum at 19/20 days, pro-rating, the Zhumadian week, 调休, the certification lock,
far check-ins, the 25th collection, leave days (the allowance: tests/funding/test_allowance.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from attendance.days import compliance, errors, months
from attendance.days import services as ps
from attendance.days.summary import summaries_refresh
from attendance.models import (
    AttendanceChange,
    AttendanceDay,
    CadreMonthSummary,
    CheckIn,
    MonthCertification,
    WorkCalendarDay,
)
from teams.errors import ServiceError
from teams.models import Membership, Region
from tests.builders import make_posting, serving
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def user(name: str) -> User:
    return User.objects.get(username=name)


def fill(
    m: Membership, year: int, month: int, in_village: int, *, by: str = "township", nights: bool = True
) -> None:
    """Exactly ``in_village`` days in the village, the rest of the month absent."""
    first, last = months.month_bounds(year, month)
    entries = {}
    for i in range(last.day):
        d = first + datetime.timedelta(days=i)
        entries[(m.cadre_id, d)] = ("in_village", nights) if i < in_village else ("absent", False)
    MonthCertification.objects.filter(year=year, month=month).delete()
    ps.attendance_grid_save(actor=user(by), entries=entries, today=TODAY)


@pytest.mark.parametrize("days,ok", [(19, False), (20, True)])
def test_month_minimum_19_20(days: int, ok: bool) -> None:
    m = serving()
    fill(m, 2026, 9, days)
    summary = CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=9)
    assert (summary.in_village, summary.required, summary.compliant) == (days, 20, ok)
    scope = Membership.objects.filter(cadre_id=m.cadre_id)
    row = compliance.month_compliance(scope, 2026, 9, today=TODAY, weeks=False)[0]
    assert row.compliant is ok
    assert row.provisions == ([] if ok else ["ZMD-MONTH"])


def test_prorated_for_partial_month() -> None:
    m = serving()
    fill(m, 2026, 9, 12)
    Membership.objects.filter(pk=m.pk).update(start=datetime.date(2026, 9, 16))  # 15 of 30 days
    summaries_refresh(cadre_ids=[m.cadre_id], year=2026, month=9)
    summary = CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=9)
    assert (summary.assigned_days, summary.required, summary.compliant) == (15, 10, True)
    row = compliance.month_compliance(Membership.objects.filter(cadre_id=m.cadre_id), 2026, 9, today=TODAY)[0]
    assert row.prorated and row.required == 10
    Membership.objects.filter(pk=m.pk).update(start=datetime.date(2026, 9, 2))  # 29 days → ceil(19.33) = 20
    summaries_refresh(cadre_ids=[m.cadre_id], year=2026, month=9)
    assert CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=9).required == 20


def test_zhumadian_week_of_four_days_three_nights() -> None:
    m = serving()
    MonthCertification.objects.filter(year=2026, month=9).delete()
    monday = datetime.date(2026, 9, 7)
    entries: dict[tuple[int, datetime.date], ps.Cell] = {
        (m.cadre_id, monday + datetime.timedelta(days=i)): None for i in range(7)
    }
    for i in range(4):
        entries[(m.cadre_id, monday + datetime.timedelta(days=i))] = ("in_village", i < 3)
    ps.attendance_grid_save(actor=user("township"), entries=entries, today=TODAY)
    row = compliance.month_compliance(Membership.objects.filter(cadre_id=m.cadre_id), 2026, 9, today=TODAY)[0]
    week = [f for f in row.week_findings if "09月07日" in f.message]
    assert len(week) == 1 and week[0].provision == "ZMD-WEEK" and "4天3夜" in week[0].message
    # Five days and four nights pass.
    entries[(m.cadre_id, monday + datetime.timedelta(days=3))] = ("in_village", True)
    entries[(m.cadre_id, monday + datetime.timedelta(days=4))] = ("in_village", False)
    ps.attendance_grid_save(actor=user("township"), entries=entries, today=TODAY)
    row = compliance.month_compliance(Membership.objects.filter(cadre_id=m.cadre_id), 2026, 9, today=TODAY)[0]
    assert not [f for f in row.week_findings if "09月07日" in f.message]


def test_jinan_has_no_week_rule() -> None:
    m = serving("孔村镇")
    row = compliance.month_compliance(Membership.objects.filter(cadre_id=m.cadre_id), 2026, 9, today=TODAY)[0]
    assert row.week_findings == []


def test_working_days_with_tiaoxiu_and_county_table() -> None:
    county = Region.objects.get(name="西平县")
    # February 2026: Spring Festival holidays and the 调休 Saturdays 14 and 28 February.
    feb = ps.working_days(county, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert datetime.date(2026, 2, 14) in feb and datetime.date(2026, 2, 28) in feb
    assert datetime.date(2026, 2, 17) not in feb
    before = len(feb)
    WorkCalendarDay.objects.create(
        county=county, date=datetime.date(2026, 2, 2), kind="holiday", name="县庆", created_by=user("county")
    )
    WorkCalendarDay.objects.create(
        county=county, date=datetime.date(2026, 2, 1), kind="workday", name="调休", created_by=user("county")
    )
    assert len(ps.working_days(county, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))) == before
    # Attendance still counts calendar days (convention 3): a make-up Saturday is just another day.
    m = serving()
    fill(m, 2026, 2, 20)
    assert CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=2).compliant is True


def test_year_outside_the_calendar_is_refused_loudly() -> None:
    county = Region.objects.get(name="西平县")
    with pytest.raises(ServiceError) as err:
        ps.working_days(county, datetime.date(2099, 1, 1), datetime.date(2099, 1, 31))
    assert err.value.code == errors.CALENDAR_UNKNOWN and "2099年" in err.value.message


def test_certification_locks_the_month() -> None:
    m = serving()
    fill(m, 2026, 8, 20)
    township = m.team.village.township
    ps.month_certify(actor=user("township"), township=township, year=2026, month=8, today=TODAY)
    with pytest.raises(ServiceError) as err:
        ps.month_certify(actor=user("township"), township=township, year=2026, month=8, today=TODAY)
    assert err.value.code == errors.ALREADY_CERTIFIED
    day = (m.cadre_id, datetime.date(2026, 8, 3))
    with pytest.raises(ServiceError) as err:
        ps.attendance_grid_save(actor=user("township"), entries={day: ("absent", False)}, today=TODAY)
    assert err.value.code == errors.LOCKED
    with pytest.raises(ServiceError) as err:
        ps.attendance_grid_save(actor=user("county"), entries={day: ("absent", False)}, today=TODAY)
    assert err.value.code == errors.NEED_REASON
    result = ps.attendance_grid_save(
        actor=user("county"), entries={day: ("absent", False)}, reason="查岗核实当日不在村", today=TODAY
    )
    assert result.audited == 1
    change = AttendanceChange.objects.get(cadre_id=m.cadre_id, date=day[1])
    assert (change.old_status, change.new_status, change.changed_by.username) == (
        "in_village",
        "absent",
        "county",
    )
    assert CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=8).in_village == 19


def test_current_month_cannot_be_certified() -> None:
    township = serving().team.village.township
    with pytest.raises(ServiceError) as err:
        ps.month_certify(actor=user("township"), township=township, year=2026, month=11, today=TODAY)
    assert err.value.code == errors.MONTH_NOT_OVER


def test_grid_is_idempotent_and_refuses_other_townships_and_future() -> None:
    m = serving()
    entries = {(m.cadre_id, datetime.date(2026, 11, 2)): ("business", False)}
    AttendanceDay.objects.filter(cadre_id=m.cadre_id, date=datetime.date(2026, 11, 2)).delete()
    assert ps.attendance_grid_save(actor=user("township"), entries=entries, today=TODAY).created == 1
    again = ps.attendance_grid_save(actor=user("township"), entries=entries, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    other = serving("孔村镇")
    with pytest.raises(ServiceError) as err:
        ps.attendance_grid_save(
            actor=user("township"),
            entries={(other.cadre_id, datetime.date(2026, 11, 2)): ("absent", False)},
            today=TODAY,
        )
    assert err.value.code == errors.NOT_SERVING
    with pytest.raises(ServiceError) as err:
        ps.attendance_grid_save(
            actor=user("township"),
            entries={(m.cadre_id, TODAY + datetime.timedelta(days=1)): ("absent", False)},
            today=TODAY,
        )
    assert err.value.code == errors.FUTURE_DAY


def test_far_checkin_is_flagged_not_counted_until_accepted() -> None:
    cadre_user = user("cadre")
    assert cadre_user.cadre_id is not None
    village = Membership.objects.filter(cadre_id=cadre_user.cadre_id).active_on(TODAY).get().team.village
    assert village.latitude is not None and village.longitude is not None
    at = timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 0))
    AttendanceDay.objects.filter(cadre_id=cadre_user.cadre_id, date=at.date()).delete()
    far = ps.checkin_record(
        actor=cadre_user,
        latitude=village.latitude + Decimal("0.2"),
        longitude=village.longitude,
        accuracy=20,
        at=at,
    )
    assert far.distance_m is not None
    assert far.far and far.review == CheckIn.Review.PENDING and far.distance_m > 20000
    assert not AttendanceDay.objects.filter(cadre_id=cadre_user.cadre_id, date=at.date()).exists()
    ps.checkin_review(actor=user("township"), checkin=far, accept=True, note="经电话核实在乡镇开会后返村")
    assert AttendanceDay.objects.get(cadre_id=cadre_user.cadre_id, date=at.date()).source == "checkin"
    near = ps.checkin_record(
        actor=cadre_user, latitude=village.latitude, longitude=village.longitude, accuracy=15, at=at
    )
    assert not near.far and near.distance_m == 0
    with pytest.raises(ServiceError):
        ps.checkin_record(actor=cadre_user, latitude=91, longitude=0, accuracy=10, at=at)
    with pytest.raises(ServiceError):
        ps.checkin_record(actor=user("township"), latitude=30, longitude=110, accuracy=10, at=at)


def test_haversine() -> None:
    assert round(ps.haversine_m(33.382, 114.021, 33.482, 114.021)) == 11120


def test_qinghai_judges_the_team_year_not_the_cadres_month() -> None:
    # 平阴县 (Jinan) switched to Qinghai; the allowance of the same month: tests/funding/test_allowance.py.
    county = Region.objects.get(name="平阴县")
    Region.objects.filter(pk=county.pk).update(policy_code="qinghai")
    m = serving("孔村镇")
    fill(m, 2026, 9, 21, by="township2")
    scope = Membership.objects.filter(cadre_id=m.cadre_id)
    ps.month_certify(
        actor=user("township2"), township=m.team.village.township, year=2026, month=9, today=TODAY
    )
    # Qinghai judges the year (QH-YEAR), not the month.
    assert CadreMonthSummary.objects.get(cadre_id=m.cadre_id, year=2026, month=9).required in (None, 20)
    # QH-YEAR judges the team (issue 10, correction 4): the cadre's own year is information.
    year = compliance.year_compliance(scope, 2026, today=datetime.date(2027, 1, 1))[0]
    assert year.required == 200 and year.compliant is None and year.result == compliance.RESULT_REFERENCE
    [team_year] = compliance.team_year_compliance(scope, 2026, today=TODAY)
    assert team_year.in_progress


def test_zhumadian_collection_on_the_25th() -> None:
    m = make_posting("李楼村")  # a cadre of its own: no demo spot checks or explanations
    township = user("township")
    for day, expected in ((25, (2026, 10)), (26, (2026, 11))):
        check = ps.spot_check_record(
            actor=township,
            cadre=m.cadre,
            at=timezone.make_aware(datetime.datetime(2026, 10, day, 10)),
            method="phone",
            result="unexcused",
        )
        e = check.explanation
        assert (e.collection_year, e.collection_month) == expected
        assert e.due == datetime.date(*expected, 25)
    assert AttendanceDay.objects.get(cadre_id=m.cadre_id, date=datetime.date(2026, 10, 26)).status == "absent"
    assert ps.explanations_remind(today=datetime.date(2026, 11, 20)) >= 1
    assert ps.explanations_remind(today=datetime.date(2026, 11, 20)) == 0  # once a day


def test_explanation_steps_in_order() -> None:
    m = make_posting("李楼村")  # a cadre of its own: no demo spot checks or explanations
    check = ps.spot_check_record(
        actor=user("township"),
        cadre=m.cadre,
        at=timezone.make_aware(datetime.datetime(2026, 11, 10, 10)),
        method="on_site",
        result="unexcused",
    )
    expl = check.explanation
    with pytest.raises(ServiceError):
        ps.explanation_send(actor=user("bureau"), explanation=expl)
    cadre_user = User.objects.create(username="c6", office="cadre", cadre=m.cadre)
    expl = ps.explanation_write(actor=cadre_user, explanation=expl, text="外出就医")
    unit = User.objects.filter(
        office="dispatching_unit", dispatching_unit_id=expl.dispatching_unit_id
    ).first() or User.objects.create(
        username="u6", office="dispatching_unit", dispatching_unit_id=expl.dispatching_unit_id
    )
    expl = ps.explanation_sign(actor=unit, explanation=expl, signer_name="王局长")
    expl = ps.explanation_send(actor=user("bureau"), explanation=expl)
    assert expl.state == "sent"


def test_approved_leave_becomes_leave_days() -> None:
    from attendance.models import LeaveRequest

    leave = (
        LeaveRequest.objects.filter(status__in=["approved", "closed"]).exclude(half_day_start=True).first()
    )
    assert leave is not None
    days = AttendanceDay.objects.filter(
        cadre_id=leave.cadre_id, date__range=(leave.start, leave.end), status="leave"
    )
    assert days.exists() and set(days.values_list("source", flat=True)) == {"leave"}


def _near_the_village() -> tuple[User, Decimal, Decimal]:
    cadre_user = user("cadre")
    assert cadre_user.cadre_id is not None
    village = Membership.objects.filter(cadre_id=cadre_user.cadre_id).active_on(TODAY).get().team.village
    assert village.latitude is not None and village.longitude is not None
    return cadre_user, village.latitude, village.longitude


def test_a_double_tap_stores_one_checkin() -> None:
    cadre_user, lat, lon = _near_the_village()
    at = timezone.make_aware(datetime.datetime(2026, 11, 24, 8, 30))
    first = ps.checkin_record(actor=cadre_user, latitude=lat, longitude=lon, accuracy=15, at=at)

    again = ps.checkin_record(
        actor=cadre_user, latitude=lat, longitude=lon, accuracy=15, at=at + datetime.timedelta(seconds=1)
    )

    assert again.pk == first.pk
    assert CheckIn.objects.filter(cadre_id=first.cadre_id, date=at.date()).count() == 1


def test_the_same_position_a_minute_later_is_a_new_checkin() -> None:
    cadre_user, lat, lon = _near_the_village()
    at = timezone.make_aware(datetime.datetime(2026, 11, 24, 8, 30))
    first = ps.checkin_record(actor=cadre_user, latitude=lat, longitude=lon, accuracy=15, at=at)

    later = ps.checkin_record(
        actor=cadre_user,
        latitude=lat,
        longitude=lon,
        accuracy=15,
        at=at + datetime.timedelta(seconds=ps.REPEAT_CHECKIN_SECONDS),
    )

    assert later.pk != first.pk


def test_a_new_position_seconds_later_is_a_new_checkin() -> None:
    cadre_user, lat, lon = _near_the_village()
    at = timezone.make_aware(datetime.datetime(2026, 11, 24, 8, 30))
    first = ps.checkin_record(actor=cadre_user, latitude=lat, longitude=lon, accuracy=15, at=at)

    moved = ps.checkin_record(
        actor=cadre_user,
        latitude=lat + Decimal("0.001"),
        longitude=lon,
        accuracy=15,
        at=at + datetime.timedelta(seconds=5),
    )

    assert moved.pk != first.pk
