"""Training minimums per policy, Zhumadian's county-level training and Qinghai's 10/30/60 split."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teams.rules import TrainingFacts, policy_for

ON = datetime.date(2023, 1, 1)


@pytest.mark.parametrize(
    ("code", "days", "provision", "severity"),
    [
        ("jinan", "4.5", "JN-TRAIN", "warning"),
        ("jinan", "5", None, None),
        ("qinghai", "3.5", "QH-TRAIN", "error"),
        ("qinghai", "4", None, None),
        ("sichuan", "4.5", "SC-TRAIN", "error"),
        ("sichuan", "5", None, None),
    ],
)
def test_training_days(code: str, days: str, provision: str | None, severity: str | None) -> None:
    found = policy_for(code, ON).check_training_year(Decimal(days))
    assert [(f.provision, f.severity) for f in found] == ([(provision, severity)] if provision else [])


def test_jinan_counts_concentrated_training() -> None:
    trainings = [TrainingFacts(Decimal(3), "county"), TrainingFacts(Decimal(3), "county", concentrated=False)]
    assert [f.provision for f in policy_for("jinan", ON).check_training_year(trainings=trainings)] == [
        "JN-TRAIN"
    ]


def test_sichuan_sums_trainings() -> None:
    trainings = [TrainingFacts(Decimal(2), "county"), TrainingFacts(Decimal("3"), "township")]
    assert policy_for("sichuan", ON).check_training_year(trainings=trainings) == []


@pytest.mark.parametrize(
    ("trainings", "broken"),
    [
        ([TrainingFacts(Decimal(3), "county")], False),
        ([TrainingFacts(Decimal(3), "province")], False),
        ([TrainingFacts(Decimal("2.5"), "county"), TrainingFacts(Decimal("2.5"), "county")], True),
        ([TrainingFacts(Decimal(5), "township")], True),
        ([], True),
    ],
)
def test_zhumadian_needs_one_county_training_of_three_days(
    trainings: list[TrainingFacts], broken: bool
) -> None:
    found = policy_for("zhumadian", ON).check_training_year(trainings=trainings)
    assert [f.provision for f in found] == (["ZMD-TRAIN"] if broken else [])


@pytest.mark.parametrize(
    ("by_level", "total", "broken"),
    [
        ({"province": 10, "city": 30, "county": 60}, 100, False),
        ({"province": 9, "city": 30, "county": 61}, 100, True),
        ({"province": 10, "city": 30, "county": 60}, 99, True),
    ],
)
def test_qinghai_training_split(by_level: dict[str, int], total: int, broken: bool) -> None:
    found = policy_for("qinghai", datetime.date(2019, 1, 1)).check_training_split(100, by_level, total)
    assert bool(found) is broken and all(f.provision == "QH10-TRAIN-SPLIT" for f in found)
