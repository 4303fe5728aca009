"""Who, as which office, from where and for which county an entry is written.

The request is kept in a context variable for the duration of the request (``AuditMiddleware``), and
the actor is read from it when an entry is written, not when the request arrived: a login, or an API
request authenticated by its token inside the view, is attributed to the user it authenticated.
Outside a request (a Celery worker, a management command) there is no address and no actor, except
where the record names its author (an import batch's ``created_by``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.cid import get_cid
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


@contextmanager
def current_request(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the lockout sees it (django-axes' resolver, which follows the configured
    trusted proxies), else REMOTE_ADDR; None for anything that is not an IP address."""
    if request is None:
        return None
    try:
        from axes.helpers import get_client_ip_address

        address = get_client_ip_address(request)
    except Exception:
        address = request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(str(address or "").strip()))
    except ValueError:
        return None


def _authenticated(user: Any) -> Any:
    from accounts.models import User

    return user if isinstance(user, User) and user.is_authenticated else None


def request_actor() -> Any:
    request = _request.get()
    return _authenticated(getattr(request, "user", None)) if request is not None else None


# --- counties -------------------------------------------------------------------------------


def region_county_id(region_id: int | None) -> int | None:
    """The county a region is or lies in; None above county level (or no region)."""
    if region_id is None:
        return None
    from teams.choices import RegionLevel
    from teams.models import Region

    row = Region.objects.filter(pk=region_id).values_list("level", "parent_id").first()
    if row is None:
        return None
    level, parent_id = row
    if level == RegionLevel.COUNTY:
        return region_id
    if level == RegionLevel.TOWNSHIP:
        return int(parent_id)
    return None


def user_county_id(user: Any) -> int | None:
    """The county whose offices a user belongs to: the region's county, the unit's, the cadre's (cached on
    the user object for the request)."""
    cached = getattr(user, "_audit_county_id", ...)
    if cached is not ...:
        return cached
    county: int | None = None
    if user.region_id:
        county = region_county_id(user.region_id)
    elif user.dispatching_unit_id:
        from teams.models import DispatchingUnit

        county = region_county_id(
            DispatchingUnit.objects.filter(pk=user.dispatching_unit_id)
            .values_list("region_id", flat=True)
            .first()
        )
    elif user.cadre_id:
        from teams.models import Cadre

        county = Cadre.objects.filter(pk=user.cadre_id).values_list("county_id", flat=True).first()
    user._audit_county_id = county
    return county


def _one(queryset: Any) -> int | None:
    value = queryset.first()
    return int(value) if value is not None else None


def object_county_id(instance: models.Model) -> int | None:
    """The county a record belongs to, from its own columns; None for a record above any county (a
    city-level unit, a city's login)."""
    from .registry import COUNTY_OF

    resolve = COUNTY_OF.get(type(instance))
    if resolve is not None:
        return resolve(instance)
    county_id = getattr(instance, "county_id", None)
    return int(county_id) if county_id is not None else None


# --- the columns of an entry ----------------------------------------------------------------


def actor_columns(actor: Any) -> dict[str, Any]:
    if actor is None:
        return {"actor": None, "actor_name": "", "office": "", "actor_email": None}
    return {
        "actor": actor,
        "actor_name": actor.display_name[:200],
        "office": actor.office or ("superuser" if actor.is_superuser else ""),
        "actor_email": actor.email or None,
    }


def entry_context(instance: models.Model) -> dict[str, Any]:
    """The columns auditlog does not fill: who (now), as which office, for which county, from where.

    An entry belongs to the county of the record it is about; a record above any county (a city-level
    unit edited by a county) belongs to the county of whoever changed it."""
    from .registry import ACTOR_OF, EXTRA_OF

    actor = request_actor()
    if actor is None and type(instance) in ACTOR_OF:
        actor = ACTOR_OF[type(instance)](instance)
    county = object_county_id(instance)
    if county is None and actor is not None:
        county = user_county_id(actor)
    extra = EXTRA_OF.get(type(instance))
    return {
        **actor_columns(actor),
        "county_id": county,
        "remote_addr": client_address(_request.get()),
        **({"additional_data": extra(instance)} if extra is not None else {}),
    }


def record_rows(
    model: type[models.Model],
    rows: Iterable[tuple[str, str, int, Mapping[str, tuple[Any, Any]], int | None]],
    *,
    actor: Any,
) -> int:
    """Entries for writes that bypass model signals (bulk writes): ``(pk, repr, action, changes,
    county_id)`` per record; ``changes`` maps a field name to (before, after). One insert for all."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditEntry

    content_type = ContentType.objects.get_for_model(model)
    who = actor_columns(actor)
    address = client_address(_request.get())
    cid, now = get_cid(), timezone.now()
    entries = [
        AuditEntry(
            content_type=content_type,
            object_pk=pk,
            object_repr=text,
            action=action,
            changes={name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()},
            county_id=county,
            remote_addr=address,
            cid=cid,
            timestamp=now,
            **who,
        )
        for pk, text, action, changes, county in rows
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def _plain(value: Any) -> str:
    return "None" if value is None else str(value)


Cell = tuple[str, bool] | None


def record_attendance_cells(
    *,
    actor: Any,
    model: type[models.Model],
    cells: Iterable[tuple[tuple[int, Any], Cell, Cell, int]],
    names: Mapping[int, str],
) -> int:
    """The attendance grid writes in bulk: one entry per changed cell of ``model`` (the attendance day),
    ``((cadre_id, date), before, after, county_id)`` with a cell as (status, night in village) or None
    for no entry. A cell emptied is left out: the grid deletes through a queryset, whose delete signals
    auditlog records itself."""
    from auditlog.models import AbstractLogEntry

    Action = AbstractLogEntry.Action
    rows = []
    for (cadre_id, day), old, new, county in cells:
        if new is None:
            continue
        action = Action.CREATE if old is None else Action.UPDATE
        changes: dict[str, tuple[Any, Any]] = {}
        for index, name in enumerate(("status", "night_in_village")):
            before, after = (old[index] if old else None), (new[index] if new else None)
            if before != after:
                changes[name] = (before, after)
        rows.append(
            (
                f"{cadre_id}/{day.isoformat()}",
                f"{names.get(cadre_id, cadre_id)} {day.isoformat()}",
                action,
                changes,
                county,
            )
        )
    return record_rows(model, rows, actor=actor) if rows else 0
