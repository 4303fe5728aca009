"""Two approvers at once, or one double click, never yield two decisions or a lost one.

PostgreSQL only (row locks); each thread opens its own connection. A slowed-down check inside the
locked section makes the two transactions overlap for certain.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from attendance.leave import selectors, services
from attendance.leave.errors import NOT_AWAITED, ServiceError
from attendance.models import LeaveRequest, LeaveStatus

from .helpers import free_cadre, submit, user

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
def slow_check(monkeypatch: pytest.MonkeyPatch) -> None:
    real = selectors.decision_capacity

    def slow(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(selectors, "decision_capacity", slow)


def joint_leave() -> LeaveRequest:
    from attendance.leave.demo import _logins

    _logins()  # the transactional database holds the teams demo only
    return submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=28)


def decide_as(username: str, leave: LeaveRequest, decision: str = "approve") -> Callable[[], Any]:
    return lambda: services.leave_request_decide(
        actor=user(username),
        leave=leave.pk,
        decision=decision,
        comment="同意" if decision == "approve" else "不同意",
    )


def test_a_double_click_records_one_decision(postgres: None, slow_check: None) -> None:
    leave = joint_leave()
    results = run_together(decide_as("county", leave), decide_as("county", leave))
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 1 and refused[0].code == NOT_AWAITED, results
    assert leave.decisions.count() == 1


def test_the_last_two_approvers_at_once_approve_the_request(postgres: None, slow_check: None) -> None:
    leave = joint_leave()
    services.leave_request_decide(actor=user("unit"), leave=leave, decision="approve")
    results = run_together(decide_as("county", leave), decide_as("bureau", leave))
    assert not any(isinstance(r, Exception) for r in results), results
    leave.refresh_from_db()
    assert leave.decisions.count() == 3 and leave.status == LeaveStatus.APPROVED, "a decision was lost"


def test_an_approval_and_a_rejection_at_once_end_consistently(postgres: None, slow_check: None) -> None:
    leave = joint_leave()
    approval, rejection = run_together(decide_as("county", leave), decide_as("bureau", leave, "reject"))
    leave.refresh_from_db()
    # The rejection ends the request whichever thread took the row lock first.
    assert isinstance(rejection, LeaveRequest) and rejection.status == LeaveStatus.REJECTED, rejection
    assert leave.status == LeaveStatus.REJECTED
    decisions = set(leave.decisions.values_list("office", "decision"))
    if isinstance(approval, ServiceError):
        # The rejection came first: the approval found nothing left to decide.
        assert approval.code == NOT_AWAITED
        assert decisions == {("county_rural_bureau", "reject")}
    else:
        # The approval came first and stands beside the rejection.
        assert isinstance(approval, LeaveRequest), approval
        assert decisions == {("county_org_dept", "approve"), ("county_rural_bureau", "reject")}


def test_a_double_submit_creates_one_request(postgres: None) -> None:
    from attendance.leave.demo import _logins

    _logins()
    cadre = free_cadre()
    results = run_together(*(lambda: submit(cadre=cadre, start=20, end=22) for _ in range(2)))
    assert sum(isinstance(r, LeaveRequest) for r in results) == 1, results
    assert LeaveRequest.objects.filter(cadre=cadre).count() == 1


def test_the_database_guard_holds_without_the_service(postgres: None) -> None:
    """Two connections inserting overlapping leaves directly: the exclusion constraint refuses one."""
    from django.db import IntegrityError

    from attendance.leave.demo import _logins

    _logins()
    leave = submit(start=20, end=22)

    def clone() -> LeaveRequest:
        twin = LeaveRequest.objects.get(pk=leave.pk)
        twin.pk = None
        twin.save()
        return twin

    results = run_together(clone, clone)
    assert all(isinstance(r, IntegrityError) and "leave_no_overlap" in str(r) for r in results), results
