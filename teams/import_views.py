"""The county office's roster import pages: upload, preview (dry run), commit, progress, downloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.typing import AuthedHttpRequest
from core.tasks import enqueue

from . import errors, services
from .access import get_for_user, require_roster_editor
from .choices import RegionLevel
from .models import DispatchingUnit, ImportBatch, Region, Village
from .roster import exports, xlsx
from .roster import messages as roster_messages
from .roster.importer import SHOWN_INVALID, read_progress, roster_expire_stale
from .rules import roster_limits
from .tasks import roster_import

MAX_UPLOAD_BYTES = roster_limits.MAX_FILE_BYTES
EXTENSIONS = (".xlsx", ".xls", ".csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="花名册文件",
        help_text=(
            f"支持 .xlsx、.xls、.csv，不超过{roster_limits.MAX_FILE_BYTES // roster_limits.MB}MB、"
            f"{roster_limits.MAX_ROWS}行、{roster_limits.MAX_COLUMNS}列；建议使用下载的模板"
        ),
    )
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
            raise forms.ValidationError(
                roster_messages.TOO_BIG_FILE.format(limit=MAX_UPLOAD_BYTES // roster_limits.MB)
            )
        return upload


COMMIT_FORM_ID = "import-commit-form"
NEW = "new"
# report key of the new things → (aliases key, model, the report fields that name one)
_MAPPABLE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("new_townships", "townships", "乡镇（街道）", ("name",)),
    ("new_villages", "villages", "村", ("township", "name")),
    ("new_units", "units", "派出单位", ("name",)),
)


class MatchForm(forms.Form):
    """For each near-duplicate ("相近") name the preview would create: create it, or read it as one of the
    existing records it is near to. Only records the user may reach (and, for townships and villages, of
    the batch's county) are offered or accepted."""

    def __init__(self, *args: Any, batch: ImportBatch, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        reachable = {
            "townships": set(
                Region.objects.for_user(user).filter(parent=batch.county).values_list("pk", flat=True)
            ),
            "villages": set(
                Village.objects.for_user(user)
                .filter(township__parent=batch.county)
                .values_list("pk", flat=True)
            ),
            "units": set(DispatchingUnit.objects.for_user(user).values_list("pk", flat=True)),
        }
        report = batch.report or {}
        # (report key, index) → (aliases key, the entry's naming fields, field name)
        self.items: dict[tuple[str, int], tuple[str, dict[str, str], str]] = {}
        for report_key, kind, what, naming in _MAPPABLE:
            for index, entry in enumerate(report.get(report_key, [])):
                matches = [m for m in entry.get("matches", []) if m["pk"] in reachable[kind]]
                if not matches:
                    continue
                name = f"map-{kind}-{index}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{what}“{entry['name']}”",
                    choices=[(NEW, f"新建“{entry['name']}”")]
                    + [(str(m["pk"]), f"对应到已有的“{m['name']}”") for m in matches],
                    initial=NEW,
                    required=False,
                    widget=forms.RadioSelect(attrs={"form": COMMIT_FORM_ID}),
                )
                self.items[(report_key, index)] = (kind, {k: entry[k] for k in naming}, name)

    def field_for(self, report_key: str, index: int) -> forms.BoundField | None:
        item = self.items.get((report_key, index))
        return self[item[2]] if item else None

    def aliases(self) -> dict[str, list[dict[str, Any]]]:
        """The batch's aliases with this form's choices applied (a choice of "新建" drops a mapping)."""
        merged: dict[str, list[dict[str, Any]]] = {
            kind: list(entries) for kind, entries in (self.batch.aliases or {}).items()
        }
        for kind, naming, name in self.items.values():
            kept = [a for a in merged.get(kind, []) if {k: a.get(k) for k in naming} != naming]
            choice = self.cleaned_data.get(name) or NEW
            if choice != NEW:
                kept.append({**naming, "pk": int(choice)})
            merged[kind] = kept
        return {kind: entries for kind, entries in merged.items() if entries}


def _county_of(user: object) -> Region | None:
    region = getattr(user, "region", None)
    return region.county if region is not None else None


def _batch(request: AuthedHttpRequest, pk: int) -> ImportBatch:
    """Editors only (403 otherwise); another county's import is a 404, like one that does not exist.
    A batch whose job died long ago is read as failed (超时), not as still running."""
    require_roster_editor(request)
    batch = get_for_user(request, ImportBatch, pk)
    if batch.is_running and roster_expire_stale(
        batches=ImportBatch.objects.for_user(request.user).filter(pk=batch.pk)
    ):
        batch.refresh_from_db()
    return batch


@login_required
def import_index(request: AuthedHttpRequest) -> HttpResponse:
    require_roster_editor(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        county = form.county_of_user or form.cleaned_data["county"]
        batch = services.roster_batch_create(
            actor=request.user, county=county, file_name=upload.name, content=upload.read()
        )
        enqueue(roster_import, batch.pk, False)
        return redirect(batch)
    roster_expire_stale(batches=ImportBatch.objects.for_user(request.user))
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
    can_commit = (
        batch.status in (ImportBatch.Status.CHECKED, ImportBatch.Status.REFUSED)
        and (batch.total_rows - batch.invalid_count) > 0
    )
    match_form = MatchForm(batch=batch, user=request.user) if can_commit else None

    def with_choices(report_key: str) -> list[tuple[dict[str, Any], forms.BoundField | None]]:
        entries = report.get(report_key, [])
        return [
            (entry, match_form.field_for(report_key, i) if match_form else None)
            for i, entry in enumerate(entries)
        ]

    return render(
        request,
        "teams/import_detail.html",
        {
            "batch": batch,
            "report": report,
            "invalid": invalid[:SHOWN_INVALID],
            "invalid_total": len(invalid) + report.get("invalid_omitted", 0),
            "omitted_note": roster_messages.REPORT_OMITTED.format(
                count=report["invalid_omitted"], stored=len(invalid)
            )
            if report.get("invalid_omitted")
            else "",
            "shown_invalid": SHOWN_INVALID,
            "percent": percent,
            "progress_text": text,
            "can_commit": can_commit,
            "new_townships": with_choices("new_townships"),
            "new_villages": with_choices("new_villages"),
            "new_units": with_choices("new_units"),
            "commit_form_id": COMMIT_FORM_ID,
            "match_choices": bool(match_form and match_form.fields),
            "aliases": _aliases_shown(request, batch),
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
    if batch.status not in services.COMMITTABLE:
        messages.warning(request, errors.IMPORT_NOT_COMMITTABLE_MSG)
        return redirect(batch)
    match_form = MatchForm(request.POST, batch=batch, user=request.user)
    if not match_form.is_valid():
        messages.error(request, "所选的对应记录无效，请重新选择")
        return redirect(batch)
    try:
        services.roster_batch_commit(
            actor=request.user,
            batch=batch,
            aliases=match_form.aliases(),
            skip_invalid=request.POST.get("skip_invalid") == "on",
        )
    except errors.ServiceError as exc:
        messages.warning(request, exc.message)
        return redirect(batch)
    enqueue(roster_import, batch.pk, True)
    return redirect(batch)


def _aliases_shown(request: AuthedHttpRequest, batch: ImportBatch) -> list[str]:
    """The mappings in force, as sentences: 村“张庄”（柏城街道）按已有的“张庄村”导入."""
    aliases = batch.aliases or {}
    user = request.user

    def named(queryset: Any, kind: str) -> dict[int, str]:
        return dict(
            queryset.filter(pk__in=[a["pk"] for a in aliases.get(kind, [])]).values_list("pk", "name")
        )

    names = {
        "townships": named(Region.objects.for_user(user), "townships"),
        "villages": named(Village.objects.for_user(user), "villages"),
        "units": named(DispatchingUnit.objects.for_user(user), "units"),
    }
    shown = []
    for _, kind, what, _ in _MAPPABLE:
        for alias in aliases.get(kind, []):
            where = f"（{alias['township']}）" if "township" in alias else ""
            existing = names[kind].get(alias["pk"], "（已不存在）")
            shown.append(f"{what}“{alias['name']}”{where}按已有的“{existing}”导入")
    return shown


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
