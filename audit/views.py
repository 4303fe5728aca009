"""/audit/: the county organisation department reads its county's audit trail, on a page and as xlsx."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from core.params import parse_date
from teams.errors import ServiceError
from teams.roster import exports, xlsx

from . import display
from .models import AuditEntry
from .registry import audited_models

PAGE_SIZE = 50
NOT_ALLOWED_MSG = "审计记录仅县委组织部可以查看"
HEADER = ["时间", "操作人", "职能", "地址", "类别", "操作", "对象", "变更内容（原值 → 新值）"]


def require_audit_reader(request: AuthedHttpRequest) -> None:
    if not (request.user.office == Office.COUNTY_ORG_DEPT or request.user.is_superuser):
        raise PermissionDenied(NOT_ALLOWED_MSG)


def kind_choices() -> list[tuple[str, str]]:
    types = ContentType.objects.get_for_models(*audited_models())
    return [(str(types[model].pk), display.kind_name(model)) for model in audited_models()]


@dataclass
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    who: str = ""
    kind: str = ""
    action: str = ""
    error: str = ""


def _filters(request: AuthedHttpRequest) -> Filters:
    found = Filters(
        who=request.GET.get("who", "").replace("\x00", "").strip()[:50],
        kind=request.GET.get("kind", ""),
        action=request.GET.get("action", ""),
    )
    try:
        found.start = parse_date(request.GET.get("from"), field="from")
        found.end = parse_date(request.GET.get("to"), field="to")
    except ServiceError as exc:
        found.error = exc.message
    if found.kind not in {pk for pk, _ in kind_choices()}:
        found.kind = ""
    if found.action not in {code for code, _ in display.ACTION_CHOICES}:
        found.action = ""
    return found


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def entries_for(user: Any, filters: Filters) -> QuerySet[AuditEntry]:
    queryset = AuditEntry.objects.for_user(user).select_related("content_type")
    if filters.start:
        queryset = queryset.filter(timestamp__gte=_day_start(filters.start))
    if filters.end:
        queryset = queryset.filter(timestamp__lt=_day_start(filters.end + datetime.timedelta(days=1)))
    if filters.who:
        queryset = queryset.filter(Q(actor_name__icontains=filters.who) | Q(username__icontains=filters.who))
    if filters.kind:
        queryset = queryset.filter(content_type_id=int(filters.kind), auth_event="")
    actions = {"create": AuditEntry.Action.CREATE, "update": AuditEntry.Action.UPDATE}
    actions["delete"] = AuditEntry.Action.DELETE
    if filters.action in actions:
        queryset = queryset.filter(action=actions[filters.action], auth_event="")
    elif filters.action:
        queryset = queryset.filter(auth_event=filters.action)
    return queryset.order_by("-timestamp", "-pk")


@login_required
def entry_list(request: AuthedHttpRequest) -> HttpResponse:
    require_audit_reader(request)
    filters = _filters(request)
    queryset = entries_for(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return _xlsx(queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {key: request.GET.get(key, "") for key in ("from", "to", "who", "kind", "action")}
    query = urlencode({key: value for key, value in kept.items() if value})
    return render(
        request,
        "audit/entry_list.html",
        {
            "page": page,
            "rows": display.rows(page.object_list),
            "filters": filters,
            "query": query,
            "kinds": kind_choices(),
            "actions": display.ACTION_CHOICES,
        },
    )


def _xlsx(queryset: QuerySet[AuditEntry]) -> HttpResponse:
    def lines() -> Any:
        chunk: list[AuditEntry] = []
        for entry in queryset.iterator(chunk_size=500):
            chunk.append(entry)
            if len(chunk) == 500:
                yield from _lines(chunk)
                chunk = []
        yield from _lines(chunk)

    content = xlsx.write(HEADER, lines(), title="审计记录", widths={0: 20, 7: 80})
    return exports.response(f"审计记录_{timezone.localdate():%Y%m%d}.xlsx", content)


def _lines(chunk: list[AuditEntry]) -> Any:
    for row in display.rows(chunk):
        yield [
            f"{row.when:%Y-%m-%d %H:%M:%S}",
            row.who,
            row.office,
            row.address,
            row.kind,
            row.action,
            row.record,
            row.changes_text,
        ]
