"""Every county setting (teams/rules/config.py) is read by something (issue 10, correction 10).

A setting a county can change but nothing reads misleads the county. Each key names the rules method
through which its value takes effect and the application code must call that method outside
``teams/rules`` and the tests; a key whose reader a later issue builds is listed with that issue, so a
new key that nothing reads fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teams import rules

ROOT = Path(rules.__file__).parents[2]
APPS = ("accounts", "assessment", "attendance", "config", "funding", "teams", "training")

# key -> the Policy member through which the value takes effect.
READ_THROUGH = {
    "leave_threshold_days": "leave_route",
    "leave_count_working_days": "leave_counts_working_days",
    "living_allowance_per_day": "living_allowance",
    # JN-MONTH / ZMD-MONTH 20个工作日: the compliance figures count official working days only.
    "month_count_working_days": "month_counts_working_days",
    # SC-ATT: the township certifies the month by the county's day of the next month (month grid).
    "attendance_statistics_grace_days": "check_attendance_statistics",
    # SC-TARGET: Sichuan's 目标责任书 is due by the county's month (assessment's targets page). Qinghai's
    # QH-COMMIT year commitment (check_team_reports) is issue 14's.
    "start_of_year_due_month": "check_targets",
    # The county's own ladder of unexcused absences caps a cadre's annual grade (assessment).
    "absences_no_excellent": "absence_grade_cap",
    "absences_at_most_basic": "absence_grade_cap",
    "absences_incompetent": "absence_grade_cap",
}
# key -> the issue that builds its reader (and must remove it from here).
AWAITING = {
    "work_funds_min": 13,  # money: a team's work funds against the floor (check_funds)
}


def _app_sources() -> str:
    texts = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "rules" in path.relative_to(ROOT).parts or "migrations" in path.parts:
                continue
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_every_setting_is_read_or_awaits_a_named_issue() -> None:
    keys = {c.key for c in rules.CONFIG_KEYS}
    assert keys - set(READ_THROUGH) - set(AWAITING) == set(), "a county setting that nothing reads"
    assert set(READ_THROUGH) | set(AWAITING) <= keys, "a listed setting that no longer exists"
    assert not set(READ_THROUGH) & set(AWAITING)


@pytest.mark.parametrize(("key", "member"), sorted(READ_THROUGH.items()))
def test_the_reader_is_called_by_the_application(key: str, member: str) -> None:
    assert hasattr(rules.Policy, member)
    assert re.search(rf"\.{member}\b", _app_sources()), f"{key}: nothing outside teams.rules calls {member}"


@pytest.mark.parametrize(("key", "member"), sorted(READ_THROUGH.items()))
def test_the_reader_uses_the_setting(key: str, member: str) -> None:
    """The member named really reads the value key the setting changes."""
    import importlib
    import inspect
    import pkgutil

    from teams.rules import checks, policy

    value_key = rules.CONFIG_BY_KEY[key].value_key
    modules = [
        importlib.import_module(f"{checks.__name__}.{m.name}") for m in pkgutil.iter_modules(checks.__path__)
    ]
    source = "".join(inspect.getsource(m) for m in (checks, *modules, policy))
    bodies = re.findall(rf"def {member}\(.*?(?=\n    def |\n    @|\Z)", source, re.S)
    assert any(f'"{value_key}"' in body for body in bodies), f"{member} does not read {value_key}"
