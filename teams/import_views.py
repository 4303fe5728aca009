"""The county office's roster import pages: upload, preview (dry run), commit, progress, downloads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.typing import AuthedHttpRequest
from config.tasks import enqueue

from .access import get_for_user, require_roster_editor
from .choices import RegionLevel
from .models import ImportBatch, Region
from .roster import exports, xlsx
from .roster.importer import SHOWN_INVALID, read_progress
from .tasks import roster_import

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
EXTENSIONS = (".xlsx", ".xls", ".csv")


class UploadForm(forms.Form):
    file = forms.FileField(label="花名册文件", help_text="支持 .xlsx、.xls、.csv；建议使用下载的模板")
    county = forms.ModelChoiceField(label="导入到", queryset=Region.objects.none(), required=False)

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.county_of_user = _county_of(user)
        if self.county_of_user is None:
            choice = self.fields["county"]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset = Region.objects.for_user(user).filter(level=RegionLevel.COUNTY)
            self.fields["county"].required = True
        else:
            del self.fields["county"]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("请上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过30MB，请拆分后分批导入")
        return upload


def _county_of(user: object) -> Region | None:
    region = getattr(user, "region", None)
    return region.county if region is not None else None


def _batch(request: AuthedHttpRequest, pk: int) -> ImportBatch:
    """Editors only (403 otherwise); another county's import is a 404, like one that does not exist."""
    require_roster_editor(request)
    return get_for_user(request, ImportBatch, pk)


@login_required
def import_index(request: AuthedHttpRequest) -> HttpResponse:
    require_roster_editor(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        county = form.county_of_user or form.cleaned_data["county"]
        batch = ImportBatch.objects.create(
            county=county,
            created_by=request.user,
            file_name=upload.name[:255],
            content=upload.read(),
            source=ImportBatch.Source.WEB,
        )
        enqueue(roster_import, batch.pk, False)
        return redirect(batch)
    batches = (
        ImportBatch.objects.for_user(request.user)
        .select_related("county", "created_by")
        .defer("content", "report")[:30]
    )
    return render(request, "teams/import_index.html", {"form": form, "batches": batches})


@login_required
def import_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    report = batch.report or {}
    invalid = report.get("invalid", [])
    percent, text = read_progress(batch)
    return render(
        request,
        "teams/import_detail.html",
        {
            "batch": batch,
            "report": report,
            "invalid": invalid[:SHOWN_INVALID],
            "invalid_total": len(invalid),
            "shown_invalid": SHOWN_INVALID,
            "percent": percent,
            "progress_text": text,
            "can_commit": batch.status in (ImportBatch.Status.CHECKED, ImportBatch.Status.REFUSED)
            and (batch.total_rows - batch.invalid_count) > 0,
        },
    )


@login_required
def import_progress(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx while the job runs; once it ends, the page reloads to show the outcome."""
    batch = _batch(request, pk)
    percent, text = read_progress(batch)
    response = render(
        request, "teams/import_progress.html", {"batch": batch, "percent": percent, "progress_text": text}
    )
    if not batch.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_commit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if batch.status not in (
        ImportBatch.Status.CHECKED,
        ImportBatch.Status.REFUSED,
        ImportBatch.Status.FAILED,
    ):
        messages.warning(request, "该文件已导入或正在处理，无需重复提交")
        return redirect(batch)
    batch.skip_invalid = request.POST.get("skip_invalid") == "on"
    batch.status, batch.progress = ImportBatch.Status.PENDING, 0
    batch.save(update_fields=["skip_invalid", "status", "progress"])
    enqueue(roster_import, batch.pk, True)
    return redirect(batch)


@login_required
def import_invalid_rows(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    report = batch.report or {}
    header = report.get("header", [])
    id_label = report.get("columns", {}).get("id_number")
    id_column = header.index(id_label) if id_label in header else None
    content = xlsx.invalid_rows(header, report.get("invalid", []), id_column)
    stem = batch.file_name.rsplit(".", 1)[0]
    return exports.response(f"{stem}_无效行.xlsx", content)


@login_required
def import_template(request: AuthedHttpRequest) -> HttpResponse:
    require_roster_editor(request)
    county = _county_of(request.user)
    return exports.response("驻村干部花名册模板.xlsx", xlsx.template(county.name if county else ""))


@login_required
def roster_export(request: AuthedHttpRequest) -> HttpResponse:
    return exports.roster_response(request)
