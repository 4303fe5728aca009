"""Qinghai's split (QH10-TRAIN-SPLIT): 10 % / 30 % / 60 % of the county's cadres trained by the province,
the prefecture and the county in the year, rounded up, and every cadre trained."""

from __future__ import annotations

import math

import pytest

from teams.models import Cadre, Region
from teams.rules import policy_for
from tests.clock import TODAY
from tests.training.helpers import YEAR, attend, event
from training import selectors
from training.models import TrainingLevel

pytestmark = pytest.mark.django_db
QH = policy_for("qinghai", TODAY)


def _levels(findings: list) -> list[str]:
    return [f.message for f in findings]


def test_ten_cadres_need_one_three_and_six() -> None:
    assert QH.check_training_split(10, {"province": 1, "city": 3, "county": 6}, 10) == []


@pytest.mark.parametrize(
    ("counts", "short_level"),
    [
        ({"province": 0, "city": 3, "county": 6}, "省级"),
        ({"province": 1, "city": 2, "county": 6}, "市级"),
        ({"province": 1, "city": 3, "county": 5}, "县级"),
    ],
)
def test_one_short_of_a_share_is_a_finding(counts: dict[str, int], short_level: str) -> None:
    found = QH.check_training_split(10, counts, 10)
    assert len(found) == 1
    assert found[0].provision == "QH10-TRAIN-SPLIT"
    assert short_level in found[0].message


def test_shares_round_up_for_eleven_cadres() -> None:
    # 10 % of 11 is 1.1 → 2; 30 % → 4 (3.3); 60 % → 7 (6.6).
    assert QH.check_training_split(11, {"province": 2, "city": 4, "county": 7}, 11) == []
    assert len(QH.check_training_split(11, {"province": 1, "city": 3, "county": 6}, 11)) == 3


def test_full_coverage_is_required() -> None:
    found = QH.check_training_split(10, {"province": 1, "city": 3, "county": 6}, 9)
    assert [f.provision for f in found] == ["QH10-TRAIN-SPLIT"]
    assert "全覆盖" in found[0].message


def test_split_is_only_qinghais() -> None:
    assert selectors.county_split(Region.objects.get(name="西平县"), YEAR, today=TODAY) is None


def test_county_split_counts_the_countys_cadres_by_level() -> None:
    county = Region.objects.get(name="乐都区")
    ids = sorted(set(selectors.posted_in_year(county, YEAR).values_list("cadre_id", flat=True)))
    n = len(ids)
    need = {lvl: math.ceil(n * pct / 100) for lvl, pct in (("province", 10), ("city", 30), ("county", 60))}
    people = list(Cadre.objects.filter(pk__in=ids).order_by("pk"))
    courses = {lvl: event("county_qh", level=lvl, days="4", title=f"{lvl}班") for lvl in need}
    # Province the first ones, city the next, county the rest but one short: county misses by one and
    # one cadre is trained by nobody.
    cursor = 0
    for lvl in ("province", "city"):
        for cadre in people[cursor : cursor + need[lvl]]:
            attend(courses[lvl], cadre, "county_qh")
        cursor += need[lvl]
    for cadre in people[: need["county"] - 1]:
        attend(courses["county"], cadre, "county_qh")
    trained = len({c.pk for c in people[: max(cursor, need["county"] - 1)]})
    split = selectors.county_split(county, YEAR, today=TODAY)
    assert split is not None
    assert split.cadres == n
    assert {line.level: line.required for line in split.lines} == need
    assert {line.level: line.trained for line in split.lines} == {
        "province": need["province"],
        "city": need["city"],
        "county": need["county"] - 1,
    }
    assert [line.met for line in split.lines] == [True, True, False]
    messages = _levels(list(split.findings))
    assert any("县级培训" in m for m in messages)
    assert (trained < n) == any("全覆盖" in m for m in messages)


def test_a_township_course_counts_for_coverage_only() -> None:
    county = Region.objects.get(name="乐都区")
    township = Region.objects.filter(parent=county, level="township").order_by("code").first()
    cadre = Cadre.objects.filter(pk__in=selectors.posted_in_year(county, YEAR).values("cadre_id")).order_by(
        "pk"
    )[0]
    attend(event("county_qh", level=TrainingLevel.TOWNSHIP, township=township, days="1"), cadre, "county_qh")
    split = selectors.county_split(county, YEAR, today=TODAY)
    assert split is not None
    assert split.trained_total == 1
    assert all(line.trained == 0 for line in split.lines)
