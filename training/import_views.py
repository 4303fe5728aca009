"""Importing an attendance sheet into a training event: upload, preview (every row's outcome), commit,
and the sheet's template. The work is in ``training.importing``; these views fetch through ``for_user``
(another county's event or import is a 404) and show the Chinese messages it raises."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.typing import AuthedHttpRequest
from teams.masking import id_number_for
from teams.models import Cadre
from teams.roster import exports, xlsx
from teams.roster import messages as roster_messages
from teams.rules import roster_limits

from . import importing
from .models import ImportStatus, TrainingEvent, TrainingImport

EXTENSIONS = (".xlsx", ".xls", ".csv")
# Rows the preview lists (the invalid ones first); every row's outcome stays in the import's report.
SHOWN_ROWS = 2000


class UploadForm(forms.Form):
    file = forms.FileField(
        label="培训签到表",
        help_text=(
            f"支持 .xlsx、.xls、.csv，不超过{roster_limits.MAX_FILE_BYTES // roster_limits.MB}MB、"
            f"{roster_limits.MAX_ROWS}行；建议使用下载的模板"
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("请上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > roster_limits.MAX_FILE_BYTES:
            raise forms.ValidationError(
                roster_messages.TOO_BIG_FILE.format(limit=roster_limits.MAX_FILE_BYTES // roster_limits.MB)
            )
        return upload


def _event(request: AuthedHttpRequest, pk: int) -> TrainingEvent:
    event = get_object_or_404(TrainingEvent.objects.for_user(request.user).select_related("region"), pk=pk)
    if not importing.may_import(request.user, event):
        raise PermissionDenied(importing.NOT_ALLOWED_MSG)
    return event


def _import(request: AuthedHttpRequest, pk: int) -> TrainingImport:
    found = get_object_or_404(
        TrainingImport.objects.for_user(request.user).select_related("event", "created_by"), pk=pk
    )
    if not importing.may_import(request.user, found.event):
        raise PermissionDenied(importing.NOT_ALLOWED_MSG)
    return found


@login_required
def import_upload(request: AuthedHttpRequest, event_pk: int) -> HttpResponse:
    event = _event(request, event_pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = importing.training_import_create(
                user=request.user,
                event=event,
                file_name=upload.name,
                content=upload.read(),
                now=timezone.now(),
            )
        except importing.TrainingImportError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(reverse("training:import_detail", args=[created.pk]))
    imports = (
        TrainingImport.objects.for_user(request.user)
        .filter(event=event)
        .select_related("created_by")
        .defer("content", "report")[:30]
    )
    return render(
        request,
        "training/import_upload.html",
        {"event": event, "form": form, "imports": imports, "headers": importing.HEADERS},
    )


@login_required
def import_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = _import(request, pk)
    report = found.report or {}
    rows: list[dict[str, Any]] = report.get("rows", [])
    cadres = Cadre.objects.in_bulk([r["cadre"] for r in rows[: SHOWN_ROWS * 2] if r.get("cadre")])
    shown = sorted(rows, key=lambda r: (not r["reason"], r["row"]))[:SHOWN_ROWS]
    lines = []
    for row in shown:
        cadre = cadres.get(row["cadre"]) if row.get("cadre") else None
        lines.append(
            {
                **row,
                "cadre_name": cadre.name if cadre else "",
                "days_shown": importing.plain_days(Decimal(row["days"])) if row["days"] else "",
                "id_shown": id_number_for(request.user, cadre or row["id_number"])
                if (cadre or row["id_number"])
                else "",
            }
        )
    invalid = report.get("invalid_rows", [])
    return render(
        request,
        "training/import_detail.html",
        {
            "found": found,
            "event": found.event,
            "report": report,
            "lines": lines,
            "total": len(rows),
            "shown_rows": SHOWN_ROWS,
            "invalid_count": len(invalid),
            "refusal": importing.refusal(invalid) if invalid else "",
            "can_commit": found.status == ImportStatus.PREVIEWED and not invalid and report.get("valid"),
        },
    )


@login_required
@require_POST
def import_commit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = _import(request, pk)
    try:
        written = importing.training_import_commit(
            user=request.user, training_import=found, now=timezone.now()
        )
    except importing.TrainingImportError as exc:
        level = messages.warning if exc.code == importing.DONE else messages.error
        level(request, exc.message)
    else:
        messages.success(request, f"已导入{written}条培训记录")
    return redirect(reverse("training:import_detail", args=[found.pk]))


@login_required
def import_template(request: AuthedHttpRequest) -> HttpResponse:
    """The attendance sheet's template: 姓名 required, the ID number as text, days optional."""
    content = xlsx.write(
        importing.HEADERS,
        [],
        title="培训签到表",
        text_columns=[importing.HEADERS.index("身份证号")],
        widths={2: 30},
    )
    return exports.response("培训签到表模板.xlsx", content)
