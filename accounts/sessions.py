"""The session engine (settings.SESSION_ENGINE): Django's, renewing an unchanged session at most once a
minute instead of on every request (issue 15).

Every request renews the 30 idle minutes (SESSION_SAVE_EVERY_REQUEST); written each time, that is an
UPDATE and a COMMIT on every page. Here a session whose data did not change is written only when its
last renewal is ``RENEW_EVERY`` seconds old or more, so it expires 29 to 30 minutes after the last
request — never later than 30. A changed session (a login, a message, a form's state) is written at once.

With a cache shared by every process (Redis) the session is Django's ``cached_db``: read from the cache,
written to both. With a cache private to each process (LocMemCache, the embedded default) it stays in
the database alone: another process would go on reading a session logged out here.
"""

from __future__ import annotations

import time

from django.contrib.sessions.backends import cached_db, db

from core.caching import is_process_local

RENEW_EVERY = 60
RENEWED_KEY = "_zhucun_renewed"

_Base: type[db.SessionStore] = db.SessionStore if is_process_local() else cached_db.SessionStore


class SessionStore(_Base):  # type: ignore[valid-type,misc]
    def save(self, must_create: bool = False) -> None:
        now = int(time.time())
        if not must_create and not self.modified:
            renewed = self._get_session().get(RENEWED_KEY)
            if isinstance(renewed, int) and 0 <= now - renewed < RENEW_EVERY:
                return
        # Stored with the data, without marking the session modified.
        self._get_session()[RENEWED_KEY] = now
        super().save(must_create=must_create)
