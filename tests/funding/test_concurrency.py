"""Two expenditures entered at once never take a fund's balance below zero.

PostgreSQL only (row locks); each thread opens its own connection. A slowed-down balance read inside the
locked section makes the two transactions overlap for certain.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from funding import errors, selectors
from funding.errors import FundingError
from funding.models import Expenditure

from .helpers import funded, spend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread (and database connection) at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def slow_balance(monkeypatch: pytest.MonkeyPatch) -> None:
    real = selectors.fund_totals

    def slow(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(selectors, "fund_totals", slow)


def test_two_expenditures_at_once_never_overdraw_the_fund(postgres: None, slow_balance: None) -> None:
    fund = funded(amount=1000)
    results = run_together(lambda: spend(fund, "600"), lambda: spend(fund, "600"))
    refused = [r for r in results if isinstance(r, FundingError)]
    assert len(refused) == 1 and refused[0].code == errors.OVER_BALANCE, results
    assert sum(isinstance(r, Expenditure) for r in results) == 1, results
    assert fund.expenditures.count() == 1
    assert selectors.fund_totals(fund).balance == Decimal("400.00")


def test_two_expenditures_that_fit_together_are_both_kept(postgres: None, slow_balance: None) -> None:
    fund = funded(amount=1000)
    results = run_together(lambda: spend(fund, "500"), lambda: spend(fund, "500"))
    assert all(isinstance(r, Expenditure) for r in results), results
    assert selectors.fund_totals(fund).balance == 0
