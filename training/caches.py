"""What invalidates the training counts kept across requests for the home page's work list (issue 15,
core/caching.py, ``worklist.work_items``): any save or delete of a row of the training app bumps the
"training" generation — an import's bulk records are followed by the import's own save. The roster, the
regions and the counties' policies have their own (teams/caches.py). Connected when the app is ready
(apps.py)."""

from __future__ import annotations

from core.caching import bump_on_writes

TRAINING_GENERATION = "training"


def connect() -> None:
    bump_on_writes(TRAINING_GENERATION, "training")
