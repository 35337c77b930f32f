from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.accounts.reauth import recent_authentication
from izdeu.audit.log import AuditAction, record
from izdeu.exports.files import csv_lines, export_rows
from izdeu.exports.forms import DecisionForm, ExportRequestForm
from izdeu.exports.models import Export, ExportStatus


@roles(Role.COORDINATOR, Role.ADMINISTRATOR)
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    exports = Export.objects.filter(organisation_id=request.user.organisation_id).select_related(
        "requested_by", "decided_by"
    )
    return render(request, "exports/list.html", {"exports": exports, "form": ExportRequestForm()})


@roles(Role.COORDINATOR)
@require_POST
@recent_authentication()
def request_export(request: HttpRequest) -> HttpResponse:
    form = ExportRequestForm(request.POST)
    if not form.is_valid():
        exports = Export.objects.filter(organisation_id=request.user.organisation_id)
        return render(request, "exports/list.html", {"exports": exports, "form": form}, status=400)
    Export.objects.create(
        organisation=request.user.organisation,
        kind=form.cleaned_data["kind"],
        reason=form.cleaned_data["reason"],
        requested_by=request.user,
    )
    messages.success(request, _("Your export waits for an administrator's approval."))
    return redirect("exports:list")


@roles(Role.ADMINISTRATOR)
@require_POST
@recent_authentication()
def decide_export(request: HttpRequest, export_id: int) -> HttpResponse:
    export = get_object_or_404(
        Export, pk=export_id, organisation_id=request.user.organisation_id, status=ExportStatus.REQUESTED
    )
    form = DecisionForm(request.POST)
    if not form.is_valid() or export.requested_by_id == request.user.pk:
        return redirect("exports:list")
    approve = form.cleaned_data["approve"]
    export.decide(request.user, approve, form.cleaned_data["refusal_reason"])
    messages.success(request, _("Export approved.") if approve else _("Export refused."))
    return redirect("exports:list")


@roles(Role.COORDINATOR)
@require_POST
@recent_authentication()
def download_export(request: HttpRequest, export_id: int) -> HttpResponse:
    with transaction.atomic():
        export = get_object_or_404(
            Export.objects.select_for_update(), pk=export_id, requested_by=request.user
        )
        if not export.can_be_downloaded():
            messages.error(request, _("This export cannot be downloaded: it is not approved, was already downloaded, or its approval has expired."))
            return redirect("exports:list")
        rows = list(export_rows(export))
        export.status = ExportStatus.DOWNLOADED
        export.downloaded_at = timezone.now()
        export.rows = len(rows) - 2  # the watermark line and the header are not records
        export.save(update_fields=["status", "downloaded_at", "rows"])
        record(request, AuditAction.EXPORT, Export, [export.pk], detail=f"{export.kind} rows={export.rows}")
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="izdeu-export-{export.pk}.csv"'
    return response
