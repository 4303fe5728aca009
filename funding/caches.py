"""What invalidates the funds' counts kept across requests for the home page's work list (issue 15,
core/caching.py, ``worklist.under_floor_items``): any save or delete of a row of the funding app (a work
fund, an allocation, an expenditure) bumps the "funds" generation. The roster, the regions and the
counties' policies have their own (teams/caches.py). Connected when the app is ready (apps.py)."""

from __future__ import annotations

from core.caching import bump_on_writes

FUNDS_GENERATION = "funds"


def connect() -> None:
    bump_on_writes(FUNDS_GENERATION, "funding")
