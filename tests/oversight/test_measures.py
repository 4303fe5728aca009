"""The measures on a small explicit world (tests/oversight/world.py): one Zhumadian county, two cadres.

October 2026 is over on TODAY (2026-11-24): one cadre spends the policy's monthly minimum in the village,
the other one day less. November is running: one cadre's minimum is out of reach after eleven days of
leave, the other is still in progress, and a spot check finds that one absent without excuse."""

from __future__ import annotations

import datetime

import pytest

from attendance.days import services as days_services
from attendance.models import AttendanceStatus
from oversight import measures
from oversight.charts import comparison, county_charts
from teams.county_policy import county_policy
from tests.clock import TODAY, TZ

from .world import World, days_of, make_world, write_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = make_world()
    minimum = county_policy(w.county, TODAY).min_days_in_month(2026, 10, 31)
    assert minimum is not None
    first, second = w.cadres
    write_days(w, first, AttendanceStatus.IN_VILLAGE, days_of(2026, 10, 1, minimum))
    write_days(w, second, AttendanceStatus.IN_VILLAGE, days_of(2026, 10, 1, minimum - 1))
    write_days(w, first, AttendanceStatus.IN_VILLAGE, days_of(2026, 11, 1, 3))
    write_days(w, second, AttendanceStatus.LEAVE, days_of(2026, 11, 1, 11))
    days_services.spot_check_record(
        actor=w.township_user,
        cadre=first,
        at=datetime.datetime(2026, 11, 20, 10, 0, tzinfo=TZ),
        method="on_site",
        result="unexcused",
    )
    return w


def test_the_minimum_is_met_at_the_policy_s_figure_and_missed_one_day_below(world: World) -> None:
    cells = measures.summary_cells(world.county_user, 2026, by="county", counties=[world.county], today=TODAY)
    october = cells[(world.county.pk, 10)]
    assert (october.cadres, october.met, october.failing, october.pending) == (2, 1, 1, 0)
    assert october.share == 50.0
    assert not october.running


def test_a_running_month_fails_only_the_cadre_out_of_reach_and_has_no_share(world: World) -> None:
    november = measures.summary_cells(
        world.county_user, 2026, by="county", counties=[world.county], today=TODAY
    )[(world.county.pk, 11)]
    assert (november.met, november.failing, november.pending) == (0, 1, 1)
    assert november.leave == 11
    assert november.share is None


def test_once_the_month_is_over_the_same_days_are_judged(world: World) -> None:
    november = measures.summary_cells(
        world.county_user, 2026, by="county", counties=[world.county], today=datetime.date(2026, 12, 1)
    )[(world.county.pk, 11)]
    assert (november.met, november.failing, november.pending) == (0, 2, 0)
    assert november.share == 0.0


def test_unexcused_absences_are_counted_in_the_month_they_were_found(world: World) -> None:
    found = measures.unexcused_by_month(world.county_user, 2026, counties=[world.county], today=TODAY)
    assert found == {(world.county.pk, 11): 1}
    assert (
        measures.unexcused_by_month(
            world.county_user, 2026, counties=[world.county], today=TODAY.replace(day=19)
        )
        == {}
    )


def test_findings_name_their_provisions(world: World) -> None:
    found = measures.findings_by_provision(world.county_user, 2026, [world.county], today=TODAY)[
        world.county.pk
    ]
    # October's shortfall and November's out-of-reach month (ZMD-MONTH); the absence under every
    # provision Zhumadian attaches to it: the explanation (ZMD-ABSENT) and the month's count (ZMD-MONTH).
    assert found == {"ZMD-ABSENT": 1, "ZMD-MONTH": 3}


def test_the_township_reads_its_share_and_the_city_the_same_figures(world: World) -> None:
    for user in (world.township_user, world.city_user):
        cells = measures.summary_cells(user, 2026, by="township", counties=[world.county], today=TODAY)
        assert cells[(world.township.pk, 10)].met == 1


def test_a_county_office_of_another_county_reads_nothing_of_it(world: World, user) -> None:  # type: ignore[no-untyped-def]
    other = user("county")  # 西平县
    assert measures.summary_cells(other, 2026, by="county", counties=[world.county], today=TODAY) == {}
    assert measures.unexcused_by_month(other, 2026, counties=[world.county], today=TODAY) == {}


def test_the_county_charts_show_the_same_figures(world: World) -> None:
    charts = {c.key: c for c in county_charts(world.county_user, world.county, year=2026, today=TODAY)}
    header, rows = charts["share-month"].table()
    assert header[0] == "月份" and [r[0] for r in rows] == [f"{m}月" for m in range(1, 12)]
    assert rows[9] == ["10月", 2, 1, 1, 0, 50.0]
    assert rows[10] == ["11月", 2, 0, 1, 1, None]
    assert charts["leave-month"].series[0].data[10] == 11
    assert charts["absent-month"].series[0].data == [0] * 10 + [1]
    township = charts["share-township"].table()[1]
    # The year: October's met and failed and November's certain failure; the absence found there.
    assert township == [["测试镇", 1, 2, 1, 33.3, 1]]
    findings = dict(zip(charts["findings"].categories, charts["findings"].series[0].data, strict=True))
    assert findings["ZMD-MONTH"] == 3 and findings["ZMD-ABSENT"] == 1


def test_the_city_compares_the_county_with_the_same_figures(world: World) -> None:
    areas = comparison(world.city_user, world.county.parent, year=2026, today=TODAY)  # type: ignore[arg-type]
    assert [a.region.name for a in areas] == ["测试县"]
    (area,) = areas
    assert area.months[10].share == 50.0 and area.months[11].share is None
    assert area.absent == {11: 1}
    assert area.findings == {"ZMD-ABSENT": 1, "ZMD-MONTH": 3}
