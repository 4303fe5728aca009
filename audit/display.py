"""An entry as a county reads it: the kind of record and the field names in Chinese (verbose_name), values
in words (choices, 是/否, the related record's name), before → after."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import Office

from .models import AuditEntry, AuthEvent

ACTION_NAMES = {
    AuditEntry.Action.CREATE: "新增",
    AuditEntry.Action.UPDATE: "修改",
    AuditEntry.Action.DELETE: "删除",
    AuditEntry.Action.ACCESS: "访问",
}
# The page's action filter: the three changes and the three login events.
ACTION_CHOICES: tuple[tuple[str, str], ...] = (
    ("create", "新增"),
    ("update", "修改"),
    ("delete", "删除"),
    *((event.value, event.label) for event in AuthEvent),
)
EMPTY = "（空）"
_MAX = 200


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    when: datetime.datetime
    who: str
    office: str
    address: str
    kind: str
    action: str
    record: str
    changes: Sequence[Change]
    note: str = ""

    @property
    def changes_text(self) -> str:
        text = "；".join(f"{c.field}：{c.before} → {c.after}" for c in self.changes)
        return f"{text}（{self.note}）" if self.note and text else text or self.note


def office_name(code: str) -> str:
    if code == "superuser":
        return "系统管理员"
    return str(Office(code).label) if code in Office.values else code


def kind_name(model: type[models.Model] | None) -> str:
    return str(model._meta.verbose_name) if model is not None else "（已删除的类别）"


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _cut(text: str) -> str:
    return text if len(text) <= _MAX else text[:_MAX] + "…"


def _value(field: models.Field[Any, Any] | None, raw: Any, related: dict[tuple[Any, str], str]) -> str:
    if raw is None or raw == "None" or raw == "":
        return EMPTY
    text = str(raw)
    if field is None:
        return _cut(text)
    if field.is_relation and field.related_model is not None:
        return related.get((field.related_model, text), f"已删除的记录（编号{text}）")
    if field.choices:
        return _cut(str(dict(field.flatchoices).get(text, text)))
    if isinstance(field, models.JSONField):
        try:
            loaded = json.loads(text)
        except ValueError:
            return _cut(text)
        return _cut(loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False))
    if isinstance(field, models.BooleanField):
        return {"True": "是", "False": "否"}.get(text, text)
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(text)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=datetime.UTC)
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"
    if isinstance(field, models.DateField):
        day = parse_date(text[:10])
        return day.isoformat() if day else text
    return _cut(text)


def rows(entries: Iterable[AuditEntry]) -> list[Row]:
    """Rows for a page (or a chunk of an export): related records are read with one query per model."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                for value in values:
                    if value not in (None, "None", ""):
                        wanted[field.related_model].add(str(value))
    related: dict[tuple[Any, str], str] = {}
    for related_model, keys in wanted.items():
        pks = []
        for key in keys:
            try:
                pks.append(related_model._meta.pk.to_python(key))
            except Exception:
                continue
        for pk, obj in related_model._default_manager.in_bulk(pks).items():
            related[(related_model, str(pk))] = _cut(str(obj))
    return [_row(entry, related) for entry in entries]


def _row(entry: AuditEntry, related: dict[tuple[Any, str], str]) -> Row:
    model = entry.content_type.model_class()
    changes = []
    for name, values in (entry.changes or {}).items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        before, after = (
            (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
        )
        changes.append(Change(label, _value(field, before, related), _value(field, after, related)))
    action = AuthEvent(entry.auth_event).label if entry.auth_event else ACTION_NAMES.get(entry.action, "")
    who = entry.actor_name or (f"（未登录）{entry.username}" if entry.auth_event else "系统")
    return Row(
        entry=entry,
        when=timezone.localtime(entry.timestamp),
        who=who,
        office=office_name(entry.office),
        address=entry.remote_addr or "",
        kind="登录" if entry.auth_event else kind_name(model),
        action=str(action),
        record=entry.object_repr,
        changes=changes,
        note=_note(model, entry.additional_data),
    )


def _note(model: type[models.Model] | None, data: Any) -> str:
    counts = data.get("counts") if isinstance(data, dict) else None
    if not isinstance(counts, dict):
        return ""
    parts = []
    for name, value in counts.items():
        field = _field(model, name)
        parts.append(f"{field.verbose_name if field is not None else name}{value}")
    return "导入结果：" + "，".join(parts)
