"""Two commits of one attendance sheet at once (a double click, two clerks) write its records once.

PostgreSQL only (row locks); each thread opens its own connection. A slowed-down check inside the locked
section makes the two transactions overlap for certain.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.builders import make_cadre
from tests.clock import NOW
from tests.funding.test_concurrency import run_together
from training import importing
from training.models import ImportStatus, TrainingRecord

from .helpers import event, user
from .sheets import xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_commits_at_once_write_the_records_once(postgres: None, monkeypatch: pytest.MonkeyPatch) -> None:
    course = event(days="3")
    make_cadre(name="并发甲")
    make_cadre(name="并发乙")
    found = importing.training_import_create(
        user=user("county"),
        event=course,
        file_name="签到表.xlsx",
        content=xlsx([[1, "并发甲", "", "", ""], [2, "并发乙", "", "", ""]]),
        now=NOW,
    )
    real = importing.plan

    def slow(**kwargs: Any) -> Any:
        planned = real(**kwargs)
        time.sleep(0.3)
        return planned

    monkeypatch.setattr(importing, "plan", slow)

    def commit() -> Any:
        return importing.training_import_commit(user=user("county"), training_import=found, now=NOW)

    results = run_together(commit, commit)
    written = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, importing.TrainingImportError)]
    assert written == [2] and [r.code for r in refused] == [importing.DONE], results
    assert TrainingRecord.objects.filter(event=course).count() == 2
    found.refresh_from_db()
    assert found.status == ImportStatus.COMMITTED
