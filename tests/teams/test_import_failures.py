"""An import whose job dies, errs or runs out of time ends as failed with a reason (issue 16): never
"校验中" or "导入中" forever, never a 500 for the uploading request, nothing half-written."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile

from teams import tasks
from teams.models import Cadre, ImportBatch, Region
from teams.roster import importer, messages
from teams.rules import roster_limits as limits
from tests.clock import NOW

from .roster_files import new_id, row, xlsx

pytestmark = pytest.mark.django_db
STALE = datetime.timedelta(minutes=limits.STALE_BATCH_MINUTES)
TIMED_OUT = messages.TIMED_OUT.format(minutes=limits.TASK_SOFT_TIME_LIMIT // 60)


def a_batch(**fields: object) -> ImportBatch:
    return ImportBatch.objects.create(
        county=Region.objects.get(code="411721"), file_name="roster.xlsx", content=xlsx([row(1)]), **fields
    )


def raising(error: BaseException):  # type: ignore[no-untyped-def]
    def run(*args: object, **kwargs: object) -> None:
        raise error

    return run


class TestTimeLimits:
    def test_the_import_task_has_a_soft_and_a_hard_time_limit_below_the_stale_limit(self) -> None:
        task = tasks.roster_import
        assert (task.soft_time_limit, task.time_limit) == (
            limits.TASK_SOFT_TIME_LIMIT,
            limits.TASK_TIME_LIMIT,
        )
        assert limits.TASK_SOFT_TIME_LIMIT < limits.TASK_TIME_LIMIT < limits.STALE_BATCH_MINUTES * 60

    def test_a_check_past_its_time_limit_ends_failed_saying_so(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(importer.planning, "build", raising(SoftTimeLimitExceeded()))
        batch = a_batch()
        assert tasks.roster_import(batch.pk) == "failed"
        batch.refresh_from_db()
        assert (batch.status, batch.message) == ("failed", TIMED_OUT)

    def test_a_commit_past_its_time_limit_writes_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        batch = a_batch()
        tasks.roster_import(batch.pk)
        monkeypatch.setattr(importer, "apply", raising(SoftTimeLimitExceeded()))
        assert tasks.roster_import(batch.pk, True) == "failed"
        batch.refresh_from_db()
        assert (batch.status, batch.message) == ("failed", TIMED_OUT)
        assert not Cadre.objects.filter(id_number=new_id(1)).exists()


class TestErrors:
    def test_an_error_outside_the_importer_still_ends_the_batch(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(tasks, "roster_check", raising(RuntimeError("the database went away")))
        batch = a_batch()
        assert tasks.roster_import(batch.pk) == "failed"
        batch.refresh_from_db()
        assert (batch.status, batch.message) == ("failed", messages.FAILED)

    def test_in_process_an_error_fails_the_batch_not_the_upload(
        self, monkeypatch: pytest.MonkeyPatch, as_user, django_capture_on_commit_callbacks
    ) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(importer.planning, "build", raising(MemoryError()))
        client = as_user("county")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/imports/", {"file": SimpleUploadedFile("花名册.xlsx", xlsx([row(1)]))})
        batch = ImportBatch.objects.get()
        assert (response.status_code, batch.status, batch.message) == (302, "failed", messages.FAILED)
        assert messages.FAILED in client.get(f"/imports/{batch.pk}/").content.decode()


class TestStaleBatches:
    """A worker killed at its hard time limit, out of memory or restarted leaves its batch running."""

    @pytest.fixture(autouse=True)
    def _at_now(self):  # type: ignore[no-untyped-def]
        # The session's clock ticks on from NOW; the 30-minute limit is measured from NOW exactly here,
        # however long the suite has been running (it runs longer under faketime or on a loaded machine).
        with time_machine.travel(NOW, tick=False):
            yield

    @pytest.mark.parametrize("status", ["pending", "checking", "committing"])
    def test_a_batch_running_past_the_limit_is_read_as_failed(self, status: str, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = a_batch(status=status, started_at=NOW - STALE - datetime.timedelta(minutes=1))
        page = as_user("county").get(f"/imports/{batch.pk}/").content.decode()
        batch.refresh_from_db()
        stale = messages.STALE.format(minutes=limits.STALE_BATCH_MINUTES)
        assert (batch.status, batch.message) == ("failed", stale)
        assert stale in page

    def test_the_progress_poll_stops_on_it(self, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = a_batch(status="checking", started_at=NOW - STALE - datetime.timedelta(minutes=1))
        response = as_user("county").get(f"/imports/{batch.pk}/progress/")
        assert response["HX-Refresh"] == "true"

    def test_the_list_shows_it_as_failed(self, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = a_batch(status="checking", started_at=NOW - STALE - datetime.timedelta(minutes=1))
        as_user("county").get("/imports/")
        batch.refresh_from_db()
        assert batch.status == "failed"

    def test_a_batch_running_within_the_limit_keeps_running(self, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = a_batch(status="checking", started_at=NOW - STALE + datetime.timedelta(minutes=5))
        as_user("county").get(f"/imports/{batch.pk}/")
        batch.refresh_from_db()
        assert batch.status == "checking"

    def test_an_old_batch_committed_just_now_is_not_stale(self, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = a_batch(status="pending", started_at=NOW)
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=NOW - datetime.timedelta(days=2))
        as_user("county").get(f"/imports/{batch.pk}/")
        batch.refresh_from_db()
        assert batch.status == "pending"

    def test_another_countys_stale_batch_is_left_to_its_readers(self, as_user) -> None:  # type: ignore[no-untyped-def]
        batch = ImportBatch.objects.create(
            county=Region.objects.get(code="370124"),
            file_name="roster.xlsx",
            content=b"",
            status="checking",
            started_at=NOW - STALE - datetime.timedelta(minutes=1),
        )
        as_user("county").get("/imports/")
        batch.refresh_from_db()
        assert batch.status == "checking"
