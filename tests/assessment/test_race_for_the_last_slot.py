"""Two clerks (or a double click) at once never take more 优秀 slots than SC-QUOTA-EXC allows.

PostgreSQL only (the round's row lock); each thread opens its own connection. A slowed-down check inside
the locked section makes the two transactions overlap for certain.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from assessment import errors, selectors, services
from assessment.errors import AssessmentError
from assessment.models import Grade
from tests.attendance.test_leave_concurrency import run_together

from .helpers import keep_members, open_round, user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    real = selectors.entry_reasons

    def slow(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(selectors, "entry_reasons", slow)


def _sichuan_logins() -> None:
    from attendance.leave.demo import _logins

    _logins()  # the transactional database holds the teams demo only


def test_two_clerks_racing_for_the_last_slot_get_one(postgres: None, slow_reasons: None) -> None:
    _sichuan_logins()
    round_ = open_round("county_sc")
    first, second = keep_members(round_, 5)[:2]  # cap 1
    results = run_together(
        lambda: services.entry_decide(user=user("county_sc"), entry=first.pk, grade=Grade.EXCELLENT),
        lambda: services.entry_decide(user=user("county_sc"), entry=second.pk, grade=Grade.EXCELLENT),
    )
    refused = [r for r in results if isinstance(r, AssessmentError)]
    assert len(refused) == 1 and refused[0].code == errors.CAP_REACHED, results
    assert round_.entries.filter(grade=Grade.EXCELLENT).count() == 1


def test_a_double_click_takes_one_slot(postgres: None, slow_reasons: None) -> None:
    _sichuan_logins()
    round_ = open_round("county_sc")
    first = keep_members(round_, 5)[0]
    results = run_together(
        *(lambda: services.entry_decide(user=user("county_sc"), entry=first.pk, grade=Grade.EXCELLENT),) * 2
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert round_.entries.filter(grade=Grade.EXCELLENT).count() == 1


def test_two_clerks_opening_the_same_round_at_once_open_one(postgres: None) -> None:
    from assessment.models import AssessmentRound

    _sichuan_logins()
    results = run_together(*(lambda: open_round("county_sc"),) * 2)
    refused = [r for r in results if isinstance(r, AssessmentError)]
    assert len(refused) == 1 and refused[0].code == errors.DUPLICATE, results
    assert AssessmentRound.objects.filter(county__name="苍溪县").count() == 1
