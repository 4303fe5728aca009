"""Enqueueing helpers: every task is sent only after the surrounding transaction commits."""

from typing import Any

from celery import Task
from django.db import transaction


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits (at once outside a transaction).

    Without a broker (CELERY_TASK_ALWAYS_EAGER) the task runs in this process at that moment,
    so a rolled-back request never leaves a task behind in either mode.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
