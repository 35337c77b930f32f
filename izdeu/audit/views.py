from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.audit.forms import AuditFilter
from izdeu.audit.log import AuditAction, record
from izdeu.audit.models import AuditAlert, AuditEntry

PAGE_SIZE = 50
IDS_SHOWN = 5


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    record_type: str
    ids: list[str]
    more_ids: int
    fields: list[str]


def _describe(entry: AuditEntry) -> Row:
    """The entry in words: record types and fields by their translated names where known."""
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    record_type = capfirst(model._meta.verbose_name_plural) if model else entry.object_type
    return Row(
        entry=entry,
        record_type=record_type,
        ids=entry.object_ids[:IDS_SHOWN],
        more_ids=max(0, len(entry.object_ids) - IDS_SHOWN),
        fields=[_field_name(model, name) for name in entry.fields],
    )


def _field_name(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


@roles(Role.COORDINATOR)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The organisation's audit log, newest first, with open alerts on top."""
    organisation = request.user.organisation
    entries = AuditEntry.objects.filter(organisation_id=organisation.pk).order_by("-sequence")
    form = AuditFilter(request.GET or None, organisation=organisation)
    if form.is_bound:
        entries = form.apply(entries) if form.is_valid() else entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = AuditAlert.objects.filter(organisation=organisation, acknowledged_at__isnull=True).select_related("user")
    context = {"form": form, "page": page, "rows": [_describe(entry) for entry in page], "alerts": alerts}
    return render(request, "audit/log.html", context)


@roles(Role.COORDINATOR)
@require_POST
def acknowledge_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(AuditAlert, pk=pk, organisation_id=request.user.organisation_id)
    # Conditional, so two coordinators acknowledging at once record it once.
    acknowledged = AuditAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=request.user, acknowledged_at=timezone.now()
    )
    if acknowledged:
        record(request, AuditAction.ALERT_ACKNOWLEDGED, AuditAlert, [alert.pk], organisation_id=alert.organisation_id)
        messages.success(request, _("Alert acknowledged."))
    return redirect("audit:log")
