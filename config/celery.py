"""Celery app. With REDIS_URL unset, tasks run in-process (the embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("zhucun")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["core"], related_name="health")
# Leave is a package of the attendance app: its jobs, and the notification e-mail.
app.autodiscover_tasks(["attendance.leave"])
app.autodiscover_tasks(["attendance.leave"], related_name="notifications")
