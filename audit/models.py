"""The audit trail: django-auditlog's log entry with the columns a county reads it by.

``AuditEntry`` is auditlog's swappable log entry (``AUDITLOG_LOGENTRY_MODEL``), so every create, change
and delete auditlog records lands here, and so do logins (action ACCESS with ``auth_event``). Who acted,
as which office, for which county, is copied onto the row when it is written: a user who later moves,
changes office or is deleted leaves the entry as it was. Rows are never updated, and the database refuses
to update any or delete one younger than the legal retention (migrations/0002_append_only).
"""

from __future__ import annotations

from typing import Any

from auditlog.cid import get_cid
from auditlog.models import DEFAULT_OBJECT_REPR, AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from teams.scoping import ScopedQuerySet


class AuthEvent(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"


class AuditEntryQuerySet(ScopedQuerySet["AuditEntry"]):
    # An entry belongs to one county (recording.entry_context); entries of no county only the system
    # administrator reads.
    region_paths = ("county__path",)


class AuditEntryManager(LogEntryManager.from_queryset(AuditEntryQuerySet)):  # type: ignore[misc]
    def log_create(self, instance: Any, force_log: bool = False, **kwargs: Any) -> Any:
        """auditlog's receivers write through here: add who, as which office, for which county."""
        from .recording import entry_context

        if kwargs.get("changes") is None and not force_log:
            return None
        for key, value in entry_context(instance).items():
            kwargs.setdefault(key, value)
        # auditlog's own log_create, but naming the record without failing the write (_safe_repr).
        pk = self._get_pk_value(instance)
        kwargs.setdefault("content_type", ContentType.objects.get_for_model(instance))
        kwargs.setdefault("object_pk", pk)
        kwargs.setdefault("object_repr", _safe_repr(instance))
        kwargs.setdefault("serialized_data", self._get_serialized_data_or_none(instance))
        if isinstance(pk, int):
            kwargs.setdefault("object_id", pk)
        kwargs.setdefault("cid", get_cid())
        return self.create(**kwargs)

    def _get_pk_value(self, instance: Any) -> Any:
        # A composite key (an attendance day: cadre, date) reads "12/2026-11-03", as the grid's entries do.
        pk = instance.pk
        if isinstance(pk, tuple):
            return "/".join(value.isoformat() if hasattr(value, "isoformat") else str(value) for value in pk)
        return super()._get_pk_value(instance)


def _safe_repr(instance: Any) -> str:
    """The record's name; a record whose ``__str__`` fails on unsaved values (a date still given as text)
    is named by its kind and key instead of failing the write it records."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return DEFAULT_OBJECT_REPR
    except Exception:
        return f"{instance._meta.verbose_name}（编号{instance.pk}）"


class AuditEntry(AbstractLogEntry):
    # No database constraint to the user or the county: deleting either must neither fail because of the
    # trail nor touch it (the copies below keep what the entry says).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=200, blank=True)
    office = models.CharField("职能", max_length=32, blank=True)
    county = models.ForeignKey(
        "teams.Region",
        verbose_name="县（市、区）",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    auth_event = models.CharField("登录事件", max_length=16, choices=AuthEvent.choices, blank=True)
    username = models.CharField("登录名", max_length=150, blank=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["county", "-timestamp"], name="audit_county_time")]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.object_repr}"
