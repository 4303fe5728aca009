"""What invalidates the duties calendar's counts kept across requests for the home page's work list
(issue 15, core/caching.py, ``worklist.duty_items``): the calendar counts reports and targets (assessment)
and meetings, household visits, link visits and support visits (worklog), so any save or delete of a row of
either app — and any change of a work-log entry's households or a meeting's attendees — bumps the
"duty-facts" generation. The roster, the regions and the counties' policies have their own (teams/caches.py).
Connected when the app is ready (apps.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.caching import bump

DUTY_FACTS_GENERATION = "duty-facts"


def duty_facts_written(*args: Any, **kwargs: Any) -> None:
    bump(DUTY_FACTS_GENERATION)


def connect() -> None:
    from django.apps import apps

    for app in ("assessment", "worklog"):
        for written in apps.get_app_config(app).get_models():
            label = written._meta.label
            post_save.connect(duty_facts_written, sender=written, dispatch_uid=f"zhucun-duties-save-{label}")
            post_delete.connect(duty_facts_written, sender=written, dispatch_uid=f"zhucun-duties-del-{label}")
            for field in written._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    duty_facts_written, sender=through, dispatch_uid=f"zhucun-duties-m2m-{label}-{field.name}"
                )
