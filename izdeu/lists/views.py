"""The list pages: load a list, check its columns, see what became of every row, fix the rows set aside.

Loading happens in the background (`izdeu.lists.tasks`): the page that follows a load refreshes
itself while the worker reads, so it works without JavaScript.
"""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.accounts.visibility import import_jobs, list_entries, sources
from izdeu.audit.log import record_read
from izdeu.lists import tasks
from izdeu.lists.forms import DismissForm, FixForm, MappingForm, UploadForm
from izdeu.lists.importing import (
    ImportRefused,
    check_readable,
    earlier_import,
    fix_values,
    hand_to_matching,
    keep_upload,
    parse_fixed,
    summary_of,
)
from izdeu.lists.models import ImportJob, JobStatus, ListEntry, QuarantinedRow, QuarantineStatus, Source
from izdeu.lists.problems import describe

PER_PAGE = 100
ENTRY_FIELDS = ("row_number", "full_name", "birth_date", "birth_year", "iin", "place_text")


def mask_iin(iin: str) -> str:
    """Enough of an IIN to tell rows apart on screen; the last four digits stay hidden."""
    return f"{iin[:8]}****" if iin else ""


# Marks in a row's history that are not problems with the row.
HISTORY_CODES = frozenset({"dismissed", "reopened"})


def _reasons(problems: list[dict]) -> list[str]:
    return list(dict.fromkeys(describe(p["code"]) for p in problems if p["code"] not in HISTORY_CODES))


def _own_sources(request: HttpRequest):
    """Volunteers see the lists they uploaded, coordinators all of their organisation's."""
    return sources(request.user)


def _uploaded(data: dict) -> tuple[bytes | str, str]:
    """The uploaded file as a path on disk (uploads are streamed to a private temporary file), or the pasted text."""
    if not data["file"]:
        return data["text"].encode("utf-8"), "pasted.txt"
    upload = data["file"]
    path = getattr(upload, "temporary_file_path", None)
    return (path() if path else upload.read()), upload.name


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def list_index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content, filename = _uploaded(data)
        try:
            check_readable(content, filename)
        except ImportRefused as error:
            refused = [describe(code) for code in error.codes]
        else:
            return _start_loading(request, data, content, filename)
    lists = _own_sources(request).annotate(
        entry_count=Count("entries", distinct=True),
        open_count=Count("import_runs__quarantined_rows",
                         filter=Q(import_runs__quarantined_rows__status=QuarantineStatus.OPEN), distinct=True),
    ).select_related("facility")  # fmt: skip
    # Refusals stay in view for a day, long enough to be read; loads in progress until they end.
    recent = Q(created_at__gte=timezone.now() - dt.timedelta(days=1)) | ~Q(status=JobStatus.REFUSED)
    loading = import_jobs(request.user).exclude(status=JobStatus.FINISHED).filter(recent).order_by("-created_at")[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "lists/index.html", {"form": form, "refused": refused, "lists": lists,
                                                "loading": loading}, status=status)  # fmt: skip


def _start_loading(request: HttpRequest, data: dict, content: bytes | str, filename: str) -> HttpResponse:
    """Keep the file, then read it in the background; the same file in the same list again changes nothing."""
    user = request.user
    upload = keep_upload(content, filename, user.organisation, user)
    earlier = earlier_import(upload, user.organisation, data["name"])
    if earlier is not None:
        messages.info(request, _("This file was already loaded into this list: nothing changed."))
        return redirect("lists:summary", source_id=earlier.source_id)
    job = ImportJob.objects.create(
        organisation=user.organisation, upload=upload, uploaded_by=user, source_name=data["name"], kind=data["kind"],
        facility=data["facility"], list_date=data["list_date"], reliability=data["reliability"],
        provided_by=data["provided_by"],
    )  # fmt: skip
    tasks.read_list.enqueue(job.pk)
    return redirect("lists:job", job_id=job.pk)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """One load, whatever its state: progress, the mapping screen, a refusal, a failure, or on to the list."""
    job = get_object_or_404(import_jobs(request.user).select_related("facility"), pk=job_id)
    if job.status == JobStatus.FINISHED:
        if job.already_imported:
            messages.info(request, _("This file was already loaded into this list: nothing changed."))
        return redirect("lists:summary", source_id=job.source_id)
    if job.status == JobStatus.MAPPING:
        return _mapping(request, job)
    if request.method == "POST":
        return redirect("lists:job", job_id=job.pk)
    progress = tasks.progress_of(job.pk)
    if job.status == JobStatus.QUEUED:
        progress = {"rows": 0, "total": tasks.rows_to_load(job)}
    context = {"job": job, "progress": progress, "stalled": tasks.stalled(job),
               "reasons": [describe(code) for code in job.problems]}  # fmt: skip
    return render(request, "lists/job.html", context)


def _mapping(request: HttpRequest, job: ImportJob) -> HttpResponse:
    form = MappingForm(job.sheets, request.POST or None)
    if request.method == "POST" and form.is_valid():
        job.mappings, job.skipped_sheets, job.status = form.mappings(), form.skipped_sheets(), JobStatus.QUEUED
        job.save(update_fields=["mappings", "skipped_sheets", "status"])
        tasks.load_list.enqueue(job.pk)
        return redirect("lists:job", job_id=job.pk)
    sheets = [_sheet_view(form, number, sheet) for number, sheet in enumerate(job.sheets)]
    status = 400 if request.method == "POST" else 200
    response = render(request, "lists/mapping.html", {"job": job, "form": form, "sheets": sheets}, status=status)
    record_read(request, [job], fields=("sheets",))
    return response


def _sheet_view(form: MappingForm, number: int, sheet: dict) -> dict:
    """A sheet's columns, each with its choice and the first values under it, for the mapping screen."""
    columns = []
    for column, field in zip(sheet["columns"], form.sheet_fields(number), strict=True):
        examples = [row[column["index"]] for row in sheet["samples"] if column["index"] < len(row)]
        state = "remembered" if sheet["remembered"] else ("guessed" if column["field"] else "unknown")
        columns.append({"field": field, "examples": [e for e in examples if e.strip()], "state": state})
    return {"number": number, "sheet": sheet, "load": form.load_field(number), "columns": columns,
            "problems": [describe(code) for code in sheet["problems"]]}  # fmt: skip


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_POST
def start_again(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(import_jobs(request.user), pk=job_id)
    if tasks.stalled(job):
        tasks.start_again(job)
    return redirect("lists:job", job_id=job.pk)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
def list_summary(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(_own_sources(request).select_related("facility", "previous_version"), pk=source_id)
    summary = summary_of(source)
    problems = []
    if summary is not None:
        problems = [{"sentence": describe(p["code"]), "row": p.get("row")} for p in summary.problems]
    entries = source.entries.order_by("sheet", "row_number").select_related("facility")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "iin": mask_iin(entry.iin)} for entry in page]
    gone = []
    if summary is not None and summary.disappeared_entry_ids:
        gone = list(list_entries(request.user).filter(pk__in=summary.disappeared_entry_ids).order_by("row_number"))
    changed = _changed_rows(source, summary)
    open_rows = QuarantinedRow.objects.filter(run__source=source, status=QuarantineStatus.OPEN).count()
    response = render(request, "lists/summary.html", {
        "source": source, "summary": summary, "problems": problems, "page": page, "rows": rows, "gone": gone,
        "gone_hidden": (len(summary.disappeared_entry_ids) - len(gone)) if summary else 0, "open_rows": open_rows,
        "changed": changed,
    })  # fmt: skip
    record_read(request, [*page, *gone, *(item["entry"] for item in changed)], fields=ENTRY_FIELDS)
    return response


# The rows whose change since the previous version is listed by name; the rest are counted.
CHANGED_SHOWN = 200


def _changed_rows(source: Source, summary) -> list[dict]:
    if summary is None or not summary.changed_entries:
        return []
    shown = summary.changed_entries[:CHANGED_SHOWN]
    entries = source.entries.in_bulk([change["after"] for change in shown])
    return [
        {"entry": entries[change["after"]],
         "fields": [str(ListEntry._meta.get_field(name).verbose_name) for name in change["fields"]]}
        for change in shown if change["after"] in entries
    ]  # fmt: skip


def _quarantine_context(source: Source) -> list[dict]:
    rows = QuarantinedRow.objects.filter(run__source=source, status=QuarantineStatus.OPEN).select_related(
        "run").order_by("sheet", "row_number")  # fmt: skip
    return [{"row": row, "reasons": _reasons(row.problems), "dismiss": DismissForm(prefix=f"d{row.pk}"),
             "form": FixForm(prefix=f"r{row.pk}", initial=fix_values(row))} for row in rows]  # fmt: skip


def _quarantine_page(request: HttpRequest, source: Source, items: list[dict], status: int = 200) -> HttpResponse:
    done = list(QuarantinedRow.objects.filter(run__source=source).exclude(status=QuarantineStatus.OPEN).order_by(
        "sheet", "row_number"))  # fmt: skip
    response = render(request, "lists/quarantine.html", {"source": source, "items": items, "done": done},
                      status=status)  # fmt: skip
    record_read(request, [*(item["row"] for item in items), *done], fields=("row_number", "raw"))
    return response


@roles(Role.VOLUNTEER, Role.COORDINATOR)
def quarantine(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(_own_sources(request), pk=source_id)
    return _quarantine_page(request, source, _quarantine_context(source))


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_POST
def fix_row(request: HttpRequest, source_id: int, row_id: int) -> HttpResponse:
    source = get_object_or_404(_own_sources(request), pk=source_id)
    with transaction.atomic():
        row = get_object_or_404(
            QuarantinedRow.objects.select_for_update().select_related("run__upload"),
            pk=row_id, run__source=source, status=QuarantineStatus.OPEN,
        )  # fmt: skip
        form = FixForm(request.POST, prefix=f"r{row.pk}")
        parsed = parse_fixed(row, form.cleaned_data, source.list_date) if form.is_valid() else None
        if parsed is not None and not parsed.problems:
            entry = ListEntry.objects.create(source=source, file_sha256=row.run.upload.sha256, sheet=row.sheet,
                                             row_number=row.row_number, raw=row.raw, **parsed.fields)  # fmt: skip
            row.status, row.fixed_entry = QuarantineStatus.FIXED, entry
            row.save(update_fields=["status", "fixed_entry"])
            hand_to_matching(source.pk)
            messages.success(request, _("Row %(row)d is now an entry of the list.") % {"row": row.row_number})
            return redirect("lists:quarantine", source_id=source.pk)
    items = _quarantine_context(source)
    for item in items:
        if item["row"].pk == row.pk:
            item["form"] = form
            item["reasons"] = _reasons(parsed.problems) if parsed is not None else []
            item["failed"] = True
    return _quarantine_page(request, source, items, status=400)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_POST
def dismiss_row(request: HttpRequest, source_id: int, row_id: int) -> HttpResponse:
    source = get_object_or_404(_own_sources(request), pk=source_id)
    with transaction.atomic():
        row = get_object_or_404(QuarantinedRow.objects.select_for_update(), pk=row_id, run__source=source,
                                status=QuarantineStatus.OPEN)  # fmt: skip
        form = DismissForm(request.POST, prefix=f"d{row.pk}")
        if form.is_valid():
            row.status = QuarantineStatus.DISMISSED
            # The reason is a code, safe beside the problems (which never hold values).
            row.problems = [*row.problems, {"code": "dismissed", "detail": {"reason": form.cleaned_data["reason"]}}]
            row.save(update_fields=["status", "problems"])
            messages.success(request, _("Row %(row)d was dismissed.") % {"row": row.row_number})
    return redirect("lists:quarantine", source_id=source.pk)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_POST
def reopen_row(request: HttpRequest, source_id: int, row_id: int) -> HttpResponse:
    """A dismissed row back among the rows to check: dismissing was a mistake, or there is news."""
    source = get_object_or_404(_own_sources(request), pk=source_id)
    with transaction.atomic():
        row = get_object_or_404(QuarantinedRow.objects.select_for_update(), pk=row_id, run__source=source,
                                status=QuarantineStatus.DISMISSED)  # fmt: skip
        row.status = QuarantineStatus.OPEN
        row.problems = [*row.problems, {"code": "reopened", "detail": {}}]
        row.save(update_fields=["status", "problems"])
        messages.success(request, _("Row %(row)d is back among the rows to check.") % {"row": row.row_number})
    return redirect("lists:quarantine", source_id=source.pk)

