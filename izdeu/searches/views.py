"""Requests in: the public form, the status page, and phone intake by volunteers.

The public pages need no account and show nothing about anyone but, on the status page, the
confirmed facts about the person the code and secret belong to. Codes and secrets arrive in
POST bodies, never in addresses, and the pages that show them are never cached.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from izdeu.accounts.access import public, roles
from izdeu.accounts.clients import client_ip
from izdeu.accounts.models import Role
from izdeu.audit.log import AuditAction, record, record_read
from izdeu.facilities.models import Facility
from izdeu.searches import throttle
from izdeu.searches.forms import PhoneIntakeForm, PublicRequestForm
from izdeu.searches.intake import PublicOrganisationMissing, file_request, normalise_code, public_organisation, request_for
from izdeu.searches.models import AttemptPurpose, IntakeChannel, SearchRequest
from izdeu.searches.status import status_of

# Shown on the page that confirms a request: what the requester reads there.
FILED_FIELDS = ("reference_code",)
STATUS_FIELDS = ("reference_code", "full_name")


def _filed(request: HttpRequest, filed, template: str = "searches/filed.html") -> HttpResponse:
    """The code and the secret, shown once; rendered in answer to the POST, so they are in no address."""
    record_read(request, [filed.request], fields=FILED_FIELDS)
    return render(request, template, {"filed": filed})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    try:
        organisation = public_organisation()
    except PublicOrganisationMissing:
        # Said plainly to the visitor; `izdeu check` warns the operator of a name that matches none (searches.W001).
        return render(request, "searches/closed.html")
    form = PublicRequestForm(request.POST or None, request.FILES or None)
    refusal = ""
    if request.method == "POST":
        ip = client_ip(request)
        if throttle.is_limited(AttemptPurpose.REQUEST, ip):
            refusal = str(throttle.REQUESTS_REFUSAL)
        else:
            throttle.note(AttemptPurpose.REQUEST, ip)
            if form.is_valid():
                filed = file_request(organisation, form.sought(), form.requester(), channel=IntakeChannel.WEB,
                                     photo=form.photo_bytes)  # fmt: skip
                return _filed(request, filed)
    return render(request, "searches/request_form.html", {"form": form, "refusal": refusal}, status=429 if refusal else 200)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    context: dict = {"code": "", "refusal": "", "not_found": False}
    if request.method != "POST":
        return render(request, "searches/status.html", context)
    code, secret = request.POST.get("code", "")[:40], request.POST.get("secret", "")[:60]
    context["code"] = code
    ip = client_ip(request)
    normalised = normalise_code(code)
    if throttle.is_limited(AttemptPurpose.STATUS_ADDRESS, ip) or throttle.is_limited(AttemptPurpose.STATUS_CODE, normalised):
        context["refusal"] = throttle.LOOKUPS_REFUSAL
        return render(request, "searches/status.html", context, status=429)
    throttle.note(AttemptPurpose.STATUS_ADDRESS, ip)
    throttle.note(AttemptPurpose.STATUS_CODE, normalised)
    found = request_for(code, secret)
    if found is None:
        # Which of the two was wrong is not said, nor recorded: only that a lookup failed.
        record(request, AuditAction.READ, SearchRequest, (), detail="status_lookup=refused")
        context["not_found"] = True
        return render(request, "searches/status.html", context)
    shown = status_of(found)
    record_read(request, [found, *shown.events], fields=STATUS_FIELDS)
    context |= {"search_request": found, "shown": shown}
    return render(request, "searches/status.html", context)


@roles(Role.VOLUNTEER, Role.COORDINATOR)
@never_cache
@require_http_methods(["GET", "POST"])
def phone_intake(request: HttpRequest) -> HttpResponse:
    form = PhoneIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        filed = file_request(request.user.organisation, form.sought(), form.requester(), channel=IntakeChannel.PHONE,
                             entered_by=request.user)  # fmt: skip
        return _filed(request, filed, "searches/intake_filed.html")
    return render(request, "searches/phone_intake.html", {"form": form, "facility_names": _facility_names()})


def _facility_names() -> list[str]:
    """Every facility's names, for the "last seen / taken to" suggestions (a datalist, no script)."""
    names = Facility.objects.values_list("name_kk", "name_ru", "name_en")
    return sorted({name for row in names for name in row if name})
