"""Values a request would otherwise recompute on every page (a user's scope, the menu's counts, a county's
policy), kept in the Django cache across requests (issue 15) and invalidated by *generations*.

A generation is a counter in the cache named after what it guards ("leave", "scope-user:7"). A cached
value is stored with the generations it was computed under and used only while they are all current; a
write bumps the generations it affects, so the next read misses and recomputes — an entry is never
patched, and a bumped generation is never reused. Writers bump twice: at once (later reads of the same transaction see their own write) and again
when the transaction commits, so a value a concurrent request computed from the data before the commit
is stored with the old generation, which no reader accepts any more.

A missing generation (never set, or evicted) starts at the current time in nanoseconds, never at a
value an earlier life of the same counter had. Every value also depends on the global ``epoch``, which
the tests bump between tests (their database is rolled back without any signal).

Redis (``REDIS_URL``) is shared by every process. The embedded default, LocMemCache, lives inside one
process — exactly right for ``runserver``; several processes without Redis would each keep their own
generations, so there an entry lives at most ``LOCAL_TIMEOUT`` seconds. A cache that fails is passed by:
the value is computed as if nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")

PREFIX = "zhucun:"
EPOCH = "epoch"
# Seconds an entry lives in a cache private to one process (LocMemCache), whatever its caller asks.
LOCAL_TIMEOUT = 10


def _gen_key(name: str) -> str:
    return f"{PREFIX}gen:{name}"


def generations(*names: str) -> tuple[int, ...]:
    """The current generation of each name (and of the epoch, first), in one round trip when all exist."""
    keys = [_gen_key(n) for n in (EPOCH, *names)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key, 0)
    return tuple(int(found[k]) for k in keys)


def bump(*names: str) -> None:
    """Invalidate every value computed under these generations: now, and again once the current
    transaction commits (see the module's docstring)."""
    _bump_now(names)
    transaction.on_commit(lambda: _bump_now(names))


def _bump_now(names: Iterable[str]) -> None:
    for name in names:
        key = _gen_key(name)
        try:
            try:
                cache.incr(key)
            except ValueError:  # missing: start a life no earlier value could have had
                cache.set(key, time.time_ns(), timeout=None)
        except Exception:  # noqa: BLE001 - a cache that fails must not fail the write
            logger.exception("cache generation %s not bumped", name)


def digest(parts: Iterable[Hashable]) -> str:
    """A short stable key for a tuple of plain values (ids, codes, dates)."""
    return hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=12).hexdigest()


def is_process_local() -> bool:
    return isinstance(caches["default"], LocMemCache)


def cached(
    name: str,
    parts: Iterable[Hashable],
    depends_on: Iterable[str],
    compute: Callable[[], T],
    timeout: int | None,
) -> T:
    """``compute()``, kept under ``name`` for ``parts`` until a generation in ``depends_on`` is bumped
    (or ``timeout`` seconds pass; None: no limit but the generations).

    The value is stored with the generations it was computed under, and read together with the current
    ones: one round trip to the cache when nothing changed."""
    names = (EPOCH, *depends_on)
    key = f"{PREFIX}{name}:{digest(tuple(parts))}"
    gen_keys = [_gen_key(n) for n in names]
    try:
        found = cache.get_many([key, *gen_keys])
        if any(k not in found for k in gen_keys):
            current = generations(*depends_on)
        else:
            current = tuple(int(found[k]) for k in gen_keys)
    except Exception:  # noqa: BLE001 - no cache: compute as if nothing were cached
        logger.exception("cache unavailable for %s", name)
        return compute()
    hit = found.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = compute()
    if is_process_local():
        timeout = LOCAL_TIMEOUT if timeout is None else min(timeout, LOCAL_TIMEOUT)
    try:
        cache.set(key, (current, value), timeout)
    except Exception:  # noqa: BLE001
        logger.exception("cache unavailable for %s", name)
    return value


def bump_on_writes(name: str, *app_labels: str) -> None:
    """Bump ``name`` on every save or delete of a row of these apps' models and every change of their
    many-to-many relations (call once the apps are ready). Bulk writes send no signal: their writers bump
    ``name`` themselves."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def written(*args: object, **kwargs: object) -> None:
        bump(name)

    for app in app_labels:
        for model in apps.get_app_config(app).get_models():
            uid = f"zhucun-{name}-{model._meta.label}"
            post_save.connect(written, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(written, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    written, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}-{field.name}"
                )


def new_epoch() -> None:
    """Forget every cached value at once (the tests, between tests: no database, no transaction)."""
    _bump_now((EPOCH,))
