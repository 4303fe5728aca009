"""Each cadre's year against the county's policy (check_training_year) on the issue's boundaries."""

from __future__ import annotations

import pytest

from tests.clock import TODAY
from tests.training.helpers import COUNTY_LOGIN, COUNTY_NAME, YEAR, attend, cadre_of, event
from training import selectors
from training.models import TrainingLevel

pytestmark = pytest.mark.django_db


def _status(policy: str, *courses: tuple[str, str, bool]) -> selectors.CadreYear:
    """A fresh cadre of the policy's demo county who attended ``courses`` (level, days, concentrated)."""
    login = COUNTY_LOGIN[policy]
    cadre = cadre_of(COUNTY_NAME[policy])
    for n, (level, days, concentrated) in enumerate(courses):
        township = None
        if level == TrainingLevel.TOWNSHIP:
            from teams.models import Region

            township = Region.objects.filter(parent=cadre.county, level="township").order_by("code").first()
        attend(
            event(
                login, level=level, days=days, concentrated=concentrated, title=f"班{n}", township=township
            ),
            cadre,
            login,
        )
    return selectors.cadre_year(cadre, YEAR, today=TODAY)


def _ids(row: selectors.CadreYear) -> list[str]:
    return [f.provision for f in row.findings]


@pytest.mark.parametrize(("days", "short"), [("2.5", True), ("3", False), ("3.5", False)])
def test_zhumadian_one_county_course_of_three_days(days: str, short: bool) -> None:
    row = _status("zhumadian", (TrainingLevel.COUNTY, days, True))
    assert _ids(row) == (["ZMD-TRAIN"] if short else [])
    assert len(row.qualifying) == (0 if short else 1)


def test_zhumadian_township_course_of_three_days_does_not_count() -> None:
    row = _status("zhumadian", (TrainingLevel.TOWNSHIP, "3", True))
    assert _ids(row) == ["ZMD-TRAIN"]
    assert row.qualifying == []
    assert row.days == 3


def test_zhumadian_two_short_courses_do_not_add_up() -> None:
    row = _status("zhumadian", (TrainingLevel.COUNTY, "2.5", True), (TrainingLevel.PROVINCE, "2.5", True))
    assert _ids(row) == ["ZMD-TRAIN"]


def test_zhumadian_provincial_course_counts() -> None:
    assert _ids(_status("zhumadian", (TrainingLevel.PROVINCE, "3", True))) == []


@pytest.mark.parametrize(("days", "short"), [("3.5", True), ("4", False)])
def test_qinghai_four_days(days: str, short: bool) -> None:
    assert _ids(_status("qinghai", (TrainingLevel.COUNTY, days, True))) == (["QH-TRAIN"] if short else [])


@pytest.mark.parametrize(("second", "short"), [("1.5", True), ("2", False)])
def test_sichuan_five_days_cumulative(second: str, short: bool) -> None:
    # 3 + 1.5 = 4.5 falls short; 3 + 2 = 5 meets it, from two courses at any level.
    row = _status("sichuan", (TrainingLevel.COUNTY, "3", True), (TrainingLevel.TOWNSHIP, second, False))
    assert _ids(row) == (["SC-TRAIN"] if short else [])


def test_jinan_counts_concentrated_training_only() -> None:
    row = _status("jinan", (TrainingLevel.COUNTY, "3", True), (TrainingLevel.CITY, "3", False))
    assert row.days == 6
    assert row.concentrated_days == 3
    assert _ids(row) == ["JN-TRAIN"]
    assert row.findings[0].severity == "warning"  # JN-TRAIN is soft (一般不少于)


def test_jinan_five_concentrated_days_meet_it() -> None:
    row = _status("jinan", (TrainingLevel.COUNTY, "3", True), (TrainingLevel.CITY, "2", True))
    assert _ids(row) == []


def test_training_of_another_year_does_not_count() -> None:
    import datetime

    cadre = cadre_of("乐都区")
    attend(event("county_qh", days="4", start=datetime.date(YEAR - 1, 12, 28)), cadre, "county_qh")
    row = selectors.cadre_year(cadre, YEAR, today=TODAY)
    assert row.days == 0
    assert _ids(row) == ["QH-TRAIN"]
    assert selectors.cadre_year(cadre, YEAR - 1, today=TODAY).findings == []


def test_record_of_fewer_days_than_the_event_counts_its_own_days() -> None:
    cadre = cadre_of("乐都区")
    attend(event("county_qh", days="4"), cadre, "county_qh", days="3.5")
    assert _ids(selectors.cadre_year(cadre, YEAR, today=TODAY)) == ["QH-TRAIN"]
