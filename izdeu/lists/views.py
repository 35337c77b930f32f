"""The list pages: load a list, see what became of every row, fix the rows set aside.

The import runs inside the request for now; a background worker with progress comes later.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.accounts.visibility import list_entries, sources
from izdeu.audit.log import record_read
from izdeu.lists.forms import DismissForm, FixForm, UploadForm
from izdeu.lists.importing import ImportRefused, import_file, parse_row, summary_of
from izdeu.lists.models import ListEntry, QuarantinedRow, QuarantineStatus, Source
from izdeu.lists.problems import describe
from izdeu.lists.reading.model import Column, RawRow, Table

PER_PAGE = 100
ENTRY_FIELDS = ("row_number", "full_name", "birth_date", "birth_year", "iin", "place_text")
FIX_FIELDS = ("full_name", "birth_date", "iin", "sex", "place")


def mask_iin(iin: str) -> str:
    """Enough of an IIN to tell rows apart on screen; the last four digits stay hidden."""
    return f"{iin[:8]}****" if iin else ""


def _reasons(problems: list[dict]) -> list[str]:
    return list(dict.fromkeys(describe(problem["code"]) for problem in problems))


def _own_sources(request: HttpRequest):
    """Volunteers see the lists they uploaded, coordinators all of their organisation's."""
    return sources(request.user)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def list_index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["file"]:
            content, filename = data["file"].read(), data["file"].name
        else:
            content, filename = data["text"].encode("utf-8"), "pasted.txt"
        try:
            summary = import_file(
                content, filename, source_name=data["name"], kind=data["kind"], organisation=request.user.organisation,
                user=request.user, facility=data["facility"], list_date=data["list_date"],
                reliability=data["reliability"], provided_by=data["provided_by"],
            )  # fmt: skip
        except ImportRefused as error:
            refused = [describe(code) for code in error.codes]
        else:
            if summary.already_imported:
                messages.info(request, _("This file was already loaded into this list: nothing changed."))
            return redirect("lists:summary", source_id=summary.source_id)
    lists = _own_sources(request).annotate(
        entry_count=Count("entries", distinct=True),
        open_count=Count("import_runs__quarantined_rows",
                         filter=Q(import_runs__quarantined_rows__status=QuarantineStatus.OPEN), distinct=True),
    ).select_related("facility")  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "lists/index.html", {"form": form, "refused": refused, "lists": lists}, status=status)


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
    open_rows = QuarantinedRow.objects.filter(run__source=source, status=QuarantineStatus.OPEN).count()
    response = render(request, "lists/summary.html", {
        "source": source, "summary": summary, "problems": problems, "page": page, "rows": rows, "gone": gone,
        "gone_hidden": (len(summary.disappeared_entry_ids) - len(gone)) if summary else 0, "open_rows": open_rows,
    })  # fmt: skip
    record_read(request, [*page, *gone], fields=ENTRY_FIELDS)
    return response


def _quarantine_context(source: Source) -> list[dict]:
    rows = QuarantinedRow.objects.filter(run__source=source, status=QuarantineStatus.OPEN).order_by(
        "sheet", "row_number")  # fmt: skip
    return [{"row": row, "reasons": _reasons(row.problems), "form": FixForm(prefix=f"r{row.pk}"),
             "dismiss": DismissForm(prefix=f"d{row.pk}")} for row in rows]  # fmt: skip


@roles(Role.VOLUNTEER, Role.COORDINATOR)
def quarantine(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(_own_sources(request), pk=source_id)
    items = _quarantine_context(source)
    response = render(request, "lists/quarantine.html", {"source": source, "items": items})
    record_read(request, [item["row"] for item in items], fields=("row_number", "raw"))
    return response


def read_fix(form: FixForm, row_number: int, source: Source):
    """The retyped row, read by the import's own `parse_row`: no second set of rules."""
    columns = [Column(index, name, field=name) for index, name in enumerate(FIX_FIELDS)]
    data = form.cleaned_data
    cells = [data["full_name"], data["birth"], data["iin"], data["sex"], data["place"]]
    return parse_row(Table(sheet="", header_row=None, columns=columns, rows=[]), RawRow(row_number, cells),
                     source.list_date)  # fmt: skip


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
        parsed = read_fix(form, row.row_number, source) if form.is_valid() else None
        if parsed is not None and not parsed.problems:
            entry = ListEntry.objects.create(source=source, file_sha256=row.run.upload.sha256, sheet=row.sheet,
                                             row_number=row.row_number, raw=row.raw, **parsed.fields)  # fmt: skip
            row.status, row.fixed_entry = QuarantineStatus.FIXED, entry
            row.save(update_fields=["status", "fixed_entry"])
            messages.success(request, _("Row %(row)d is now an entry of the list.") % {"row": row.row_number})
            return redirect("lists:quarantine", source_id=source.pk)
    items = _quarantine_context(source)
    for item in items:
        if item["row"].pk == row.pk:
            item["form"] = form
            item["reasons"] = _reasons(parsed.problems) if parsed is not None else []
            item["failed"] = True
    response = render(request, "lists/quarantine.html", {"source": source, "items": items}, status=400)
    record_read(request, [item["row"] for item in items], fields=("row_number", "raw"))
    return response


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

