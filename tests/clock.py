"""The one day the test world is built for, and the clock every test runs on.

The whole session runs with the clock frozen (ticking) at ``NOW`` — see ``pytest_configure`` in
``tests/conftest.py`` — so nothing in the suite reads the wall clock: the suite passes on any real day,
and ``.ci/run`` proves it by running it again under Debian's ``faketime`` at awkward dates. A test that
needs another "now" travels there itself (``time_machine.travel``) or passes ``today=`` to the code.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday in the second year of the demo term, after the 25th's collection of October was due.
TODAY = datetime.date(2026, 11, 24)
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=TZ)


def day(offset: int) -> datetime.date:
    """``TODAY`` moved by ``offset`` days."""
    return TODAY + datetime.timedelta(days=offset)
