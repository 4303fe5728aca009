"""Attendance minimums: 19/20 days, pro-rating (convention 4), the year, the week, statistics, absences."""

from __future__ import annotations

import datetime

import pytest

from teams.rules import policy_for

ON = datetime.date(2023, 6, 1)
D = datetime.date


@pytest.mark.parametrize(("code", "provision"), [("jinan", "JN-MONTH"), ("zhumadian", "ZMD-MONTH")])
@pytest.mark.parametrize(("days", "broken"), [(19, True), (20, False), (31, False)])
def test_twenty_days_a_month(code: str, provision: str, days: int, broken: bool) -> None:
    found = policy_for(code, ON).check_attendance_month(2023, 5, days)
    assert [f.provision for f in found] == ([provision] if broken else [])
    assert all(f.severity == "error" for f in found)


def test_month_message() -> None:
    [finding] = policy_for("jinan", ON).check_attendance_month(2023, 5, 19)
    assert finding.message == "2023年5月在村19天，少于20天（JN-MONTH）"


@pytest.mark.parametrize("code", ["jinan", "zhumadian"])
def test_twenty_working_days_reading_is_the_countys_choice(code: str) -> None:
    """JN-MONTH 每月在村工作时间不少于20个工作日 / ZMD-MONTH 每月在岗不少于20个工作日 (convention 3): every day
    in the village counts by default; a county may count official working days only, and then the
    pro-rating base is the month's working days too."""
    policy = policy_for(code, ON)
    assert policy.month_counts_working_days is False
    county = policy.with_overrides(month_count_working_days=True)
    assert county.month_counts_working_days is True
    # June 2023 has 21 official working days (22 weekdays, 端午 22 June off, 25 June a 调休 workday: 21+1-1).
    assert county.min_days_in_month(2023, 6, 21, period_days=21) == 20
    assert county.min_days_in_month(2023, 6, 10, period_days=21) == 10  # ceil(20 × 10 / 21)
    [finding] = county.check_attendance_month(2023, 6, 19, 21, period_days=21)
    provision = "JN-MONTH" if code == "jinan" else "ZMD-MONTH"
    assert finding.message == f"2023年6月在村19个工作日，少于20个工作日（{provision}）"


@pytest.mark.parametrize("code", ["qinghai", "sichuan"])
def test_only_jinan_and_zhumadian_read_working_days(code: str) -> None:
    with pytest.raises(ValueError, match="不允许县级设置"):
        policy_for(code, ON).with_overrides(month_count_working_days=True)


@pytest.mark.parametrize(
    ("code", "expected"), [("jinan", 20), ("zhumadian", 20), ("qinghai", None), ("sichuan", None)]
)
def test_monthly_minimum(code: str, expected: int | None) -> None:
    assert policy_for(code, ON).min_days_in_month(2023, 6) == expected


@pytest.mark.parametrize(
    ("year", "month", "assigned", "expected"),
    [
        (2023, 6, 15, 10),  # arrives on the 16th of a 30-day month: ceil(20 × 15 / 30)
        (2023, 5, 16, 11),  # arrives on the 16th of a 31-day month: ceil(20 × 16 / 31) = ceil(10.32)
        (2023, 2, 13, 10),  # arrives on the 16th of February: ceil(20 × 13 / 28) = ceil(9.29)
        (2023, 6, 30, 20),
        (2023, 6, 0, 0),
        (2023, 6, None, 20),
    ],
)
def test_monthly_minimum_is_prorated_up(year: int, month: int, assigned: int | None, expected: int) -> None:
    assert policy_for("jinan", ON).min_days_in_month(year, month, assigned) == expected


@pytest.mark.parametrize(("days", "broken"), [(9, True), (10, False)])
def test_prorated_month_check(days: int, broken: bool) -> None:
    found = policy_for("zhumadian", ON).check_attendance_month(2023, 6, days, assigned_days=15)
    assert bool(found) is broken
    assert all("折算" in f.message for f in found)


def test_assigned_days_beyond_the_month_are_refused() -> None:
    with pytest.raises(ValueError, match="任职天数应在0到30之间"):
        policy_for("jinan", ON).min_days_in_month(2023, 6, 31)


@pytest.mark.parametrize(
    ("code", "year", "assigned", "expected"),
    [
        ("qinghai", 2023, None, 200),
        ("qinghai", 2023, 183, 101),  # ceil(200 × 183 / 365) = ceil(100.27)
        ("qinghai", 2024, 183, 100),  # leap year: 200 × 183 / 366 = 100
        ("jinan", 2023, None, None),
        ("sichuan", 2023, None, None),
    ],
)
def test_yearly_minimum(code: str, year: int, assigned: int | None, expected: int | None) -> None:
    assert policy_for(code, ON).min_days_in_year(year, assigned) == expected


@pytest.mark.parametrize(
    ("in_village", "serving", "counts"),
    [(2, 3, True), (1, 3, False), (3, 3, True), (1, 1, True), (1, 2, False), (2, 2, True), (0, 0, False)],
)
def test_a_team_day_counts_when_a_majority_of_its_serving_members_was_in_the_village(
    in_village: int, serving: int, counts: bool
) -> None:
    """QH-YEAR 驻村工作队每年驻村工作时间不少于200天: the team is in the village on a day when more than half
    of the members serving that day were there (NOTES.md)."""
    assert policy_for("qinghai", ON).team_day_counts(in_village, serving) is counts


@pytest.mark.parametrize(("days", "broken"), [(199, True), (200, False)])
def test_the_teams_year_needs_two_hundred_days(days: int, broken: bool) -> None:
    found = policy_for("qinghai", ON).check_team_attendance_year(2023, days)
    assert [f.provision for f in found] == (["QH-YEAR"] if broken else [])
    if broken:
        assert found[0].message == "工作队2023年过半数队员在村199天，少于200天（QH-YEAR）"


def test_the_teams_year_is_prorated_by_the_days_it_had_members() -> None:
    """A team formed on 1 July 2023 (184 days): ceil(200 × 184 / 365) = 101."""
    policy = policy_for("qinghai", ON)
    assert policy.check_team_attendance_year(2023, 101, 184) == []
    [finding] = policy.check_team_attendance_year(2023, 100, 184)
    assert "按有队员在任的184天折算的101天" in finding.message


@pytest.mark.parametrize("code", ["jinan", "sichuan", "zhumadian"])
def test_only_qinghai_judges_a_teams_year(code: str) -> None:
    assert policy_for(code, ON).check_team_attendance_year(2023, 0) == []
    assert policy_for(code, ON).team_day_counts(3, 3) is False


@pytest.mark.parametrize(("days", "broken"), [(199, True), (200, False)])
def test_qinghai_two_hundred_days(days: int, broken: bool) -> None:
    found = policy_for("qinghai", ON).check_attendance_year(2023, days)
    assert [f.provision for f in found] == (["QH-YEAR"] if broken else [])


@pytest.mark.parametrize(
    ("days", "nights", "broken"), [(5, 4, False), (4, 4, True), (5, 3, True), (7, 6, False)]
)
def test_zhumadian_five_days_four_nights(days: int, nights: int, broken: bool) -> None:
    assert bool(policy_for("zhumadian", ON).check_week(days, nights)) is broken
    assert policy_for("jinan", ON).check_week(days, nights) == []


@pytest.mark.parametrize(
    ("compiled", "today", "broken"),
    [
        (None, D(2023, 6, 10), False),
        (None, D(2023, 6, 11), True),
        (D(2023, 6, 5), D(2023, 7, 1), False),
        (D(2023, 6, 12), D(2023, 7, 1), True),
    ],
)
def test_sichuan_monthly_statistics(
    compiled: datetime.date | None, today: datetime.date, broken: bool
) -> None:
    found = policy_for("sichuan", ON).check_attendance_statistics(2023, 5, compiled, today)
    assert [f.provision for f in found] == (["SC-ATT"] if broken else [])


@pytest.mark.parametrize(
    ("found_on", "kwargs", "today", "broken"),
    [
        (
            D(2023, 6, 5),
            {"explained_on": D(2023, 6, 7), "signed_by_unit_head": True, "forwarded_on": D(2023, 6, 25)},
            D(2023, 7, 1),
            False,
        ),
        (
            D(2023, 6, 5),
            {"explained_on": D(2023, 6, 7), "signed_by_unit_head": False, "forwarded_on": D(2023, 6, 25)},
            D(2023, 7, 1),
            True,
        ),
        (
            D(2023, 6, 5),
            {"explained_on": D(2023, 6, 7), "signed_by_unit_head": True, "forwarded_on": D(2023, 6, 26)},
            D(2023, 7, 1),
            True,
        ),
        (D(2023, 6, 5), {}, D(2023, 6, 26), True),
        (D(2023, 6, 27), {}, D(2023, 7, 1), False),  # goes into July's summary
    ],
)
def test_zhumadian_absence_explanations(
    found_on: datetime.date, kwargs: dict[str, object], today: datetime.date, broken: bool
) -> None:
    found = policy_for("zhumadian", ON).check_absence_explanation(found_on, today, **kwargs)  # type: ignore[arg-type]
    assert bool(found) is broken and all(f.provision == "ZMD-ABSENT" for f in found)


@pytest.mark.parametrize(
    ("filed", "today", "broken"),
    [
        (D(2023, 6, 4), D(2023, 7, 1), False),
        (D(2023, 6, 5), D(2023, 7, 1), True),
        (None, D(2023, 6, 4), False),
        (None, D(2023, 6, 5), True),
    ],
)
def test_zhumadian_member_changes_filed_within_three_days(
    filed: datetime.date | None, today: datetime.date, broken: bool
) -> None:
    found = policy_for("zhumadian", ON).check_membership_change(D(2023, 6, 1), filed, today)
    assert [f.provision for f in found] == (["ZMD-CHANGE"] if broken else [])


def test_zhumadian_change_filed_with_both_offices() -> None:
    policy = policy_for("zhumadian", ON)
    assert policy.check_membership_change(
        D(2023, 6, 1), D(2023, 6, 2), D(2023, 7, 1), filed_with={"county_org_dept"}
    )
    assert not policy.check_membership_change(
        D(2023, 6, 1), D(2023, 6, 2), D(2023, 7, 1), filed_with={"county_org_dept", "county_rural_bureau"}
    )
