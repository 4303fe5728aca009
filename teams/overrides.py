"""Writes of a county's policy settings: one ``PolicyOverride`` row per change, never an edit.

A change takes effect for requests made after it: ``county_policy(..., as_of=...)`` applies the newest
row created at or before the moment a request was made.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Office, User
from core.params import clean_text

from . import errors, rules
from .county_policy import county_policy
from .models import PolicyOverride, Region
from .rules.config import coerce
from .rules.model import Value
from .signals import policy_override_changed


def can_set_policy(user: Any, county: Region) -> bool:
    """Only the county's own org dept (or a superuser) sets its policy values; seeing is not setting."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.office == Office.COUNTY_ORG_DEPT and Region.objects.for_user(user).filter(pk=county.pk).exists()
    )


def policy_override_refusal(policy: rules.Policy, key: str) -> errors.ServiceError | None:
    """Why ``key`` cannot be set under ``policy`` at all, or None when the county may set it."""
    config = rules.CONFIG_BY_KEY.get(key)
    if config is None:
        return errors.ServiceError(errors.POLICY_UNKNOWN_KEY, errors.POLICY_UNKNOWN_KEY_MSG.format(key=key))
    if any(c.key == key for c in policy.configurable()):
        return None
    # Not the county's to set: name the provision that fixes the value when there is one (JN-LEAVE's 3 days).
    fixed = next((p for p in policy.provisions if config.value_key in p.values), None)
    if fixed is not None:
        message = errors.POLICY_HARD_MSG.format(label=config.label, provision=fixed.id)
        return errors.ServiceError(errors.POLICY_HARD, message, "value")
    message = errors.POLICY_NOT_CONFIGURABLE_MSG.format(policy=policy.name, label=config.label)
    return errors.ServiceError(errors.POLICY_NOT_CONFIGURABLE, message, "value")


def to_json(value: Value) -> Any:
    """A coerced value as stored in ``PolicyOverride.value``: decimals as plain strings ("7.5")."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def policy_override_set(
    *, actor: User, county: Region, key: str, value: Any, reason: str, today: datetime.date | None = None
) -> tuple[PolicyOverride, bool]:
    """Set ``key`` for ``county`` to ``value`` because of ``reason``; returns (row, created).

    Validated by the rules themselves (``Policy.with_overrides``) against the policy in force ``today``
    with the county's current settings. Idempotent: when the county's latest row for ``key`` already
    holds an equal value, nothing is written and that row is returned with ``created=False`` — a double
    post (or a resubmitted form) must not put a second, identical change on record. Its reason stays
    the first one; a new reason alone is not a change of the rule. Setting a value equal to the shipped
    default with no earlier row does write a row: the county's explicit decision is worth keeping.
    """
    if not can_set_policy(actor, county):
        raise errors.ServiceError(errors.POLICY_NOT_ALLOWED, errors.POLICY_NOT_ALLOWED_MSG)
    reason = clean_text(reason, label="理由", field="reason")
    if not reason:
        raise errors.ServiceError(errors.POLICY_REASON_REQUIRED, errors.POLICY_REASON_REQUIRED_MSG, "reason")
    with transaction.atomic():
        # Serialise changes of one county's settings (a row lock on PostgreSQL), so two simultaneous
        # posts of the same value cannot both see "changed" and both write.
        Region.objects.select_for_update().filter(pk=county.pk).first()
        policy = county_policy(county, today or timezone.localdate())
        refusal = policy_override_refusal(policy, key)
        if refusal is not None:
            raise refusal
        try:
            derived = policy.with_overrides({key: value})
        except ValueError as exc:
            raise errors.ServiceError(errors.POLICY_BAD_VALUE, str(exc), "value") from exc
        config = rules.CONFIG_BY_KEY[key]
        new_value = coerce(config, value)
        latest = PolicyOverride.objects.filter(county=county, key=key).order_by("-created_at", "-pk").first()
        if latest is not None and _same(config, latest.value, new_value):
            return latest, False
        provision = next(c.provision for c in derived.configurable() if c.key == key)
        row = PolicyOverride.objects.create(
            county=county,
            key=key,
            provision=provision,
            value=to_json(new_value),
            reason=reason,
            created_by=actor,
        )
        # Derived data that depends on the setting (attendance's month summaries for JN-MONTH /
        # ZMD-MONTH's working-day reading) is recomputed in this transaction, so a summary never judges
        # by a reading the county no longer holds.
        policy_override_changed.send(sender=PolicyOverride, county=county, key=key)
    return row, True


def _same(config: rules.ConfigKey, stored: Any, value: Value) -> bool:
    try:
        return bool(coerce(config, stored) == value)
    except ValueError:  # a row stored under an older reading of the key: any new value is a change
        return False
