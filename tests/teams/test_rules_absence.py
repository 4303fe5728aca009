"""What an unexcused absence found by a spot check leads to, per policy (issue 10, correction 6);
plain rules, no database."""

from __future__ import annotations

import datetime

import pytest

from teams.rules import policy_for
from teams.rules.attendance import unexcused_absence

ON = datetime.date(2023, 6, 1)


@pytest.mark.parametrize(
    ("code", "explanation", "provisions"),
    [
        ("zhumadian", True, ("ZMD-ABSENT", "ZMD-MONTH")),
        ("qinghai", False, ("QH10-ABSENT", "QH-YEAR")),
        ("jinan", False, ("JN-MONTH",)),
        ("sichuan", False, ("SC-ATT",)),
    ],
)
def test_only_zhumadian_asks_for_an_explanation(
    code: str, explanation: bool, provisions: tuple[str, ...]
) -> None:
    rule = unexcused_absence(policy_for(code, ON))
    assert rule.needs_explanation is explanation
    assert rule.provisions == provisions
    for provision in provisions:
        assert f"（{provision}）" in rule.text


def test_qinghai_bars_excellent_for_the_cadre_and_the_units_leadership() -> None:
    text = unexcused_absence(policy_for("qinghai", ON)).text
    assert "取消本人当年评先评优资格" in text and "派出单位领导班子当年年度考核不得评为优秀" in text


def test_qinghai_before_the_ten_measures_attaches_only_the_count() -> None:
    # QH10-ABSENT is in force from the Ten Measures (2018-10-23); the 2018-04 opinion has no such clause.
    before = unexcused_absence(policy_for("qinghai", datetime.date(2018, 10, 22)))
    after = unexcused_absence(policy_for("qinghai", datetime.date(2018, 10, 23)))
    assert before.provisions == ("QH-YEAR",) and after.provisions == ("QH10-ABSENT", "QH-YEAR")


def test_no_policy_cites_another_policys_provision() -> None:
    for code, prefix in (("jinan", "JN-"), ("qinghai", "QH"), ("sichuan", "SC-"), ("zhumadian", "ZMD-")):
        assert all(p.startswith(prefix) for p in unexcused_absence(policy_for(code, ON)).provisions)
