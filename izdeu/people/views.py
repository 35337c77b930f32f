"""The person page: everything known about one person, for the lawyers and coordinators who may see it.

Requesters' contact details are not on the page until someone allowed asks for them (a POST),
so that each look at them is a separate, audited read.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.accounts.visibility import candidates, people, sees_requester_contacts
from izdeu.audit.log import record_read
from izdeu.people.timeline import timeline
from izdeu.review.models import Decision

PERSON_FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date", "birth_year", "sex",
                 "other_spellings")  # fmt: skip
REQUEST_FIELDS = ("full_name", "reference_code", "status", "channel", "created_at", "is_minor")
REQUESTER_FIELDS = ("relationship", "language")
CONTACT_FIELDS = ("name", "phone", "email", "telegram", "preferred_channel", "reachable_when")
EVENT_FIELDS = ("kind", "occurred_at", "facility", "place_text", "destination_facility", "source", "certainty")


@roles(Role.LAWYER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(people(request.user).select_related("case__assigned_lawyer"), pk=person_id)
    case = person.case
    contacts_allowed = sees_requester_contacts(request.user, case)
    show_contacts = request.method == "POST" and contacts_allowed
    asked = list(case.requests.select_related("requester").order_by("created_at"))
    events = list(person.events.select_related(
        "facility", "destination_facility", "source", "recorded_by", "retracted_by", "candidate"))  # fmt: skip
    standing = [event for event in events if event.retracted_at is None]
    pending = list(
        candidates(request.user)
        .filter(search_request__case=case, decision=Decision.PROPOSED)
        .select_related("entry__source__facility", "entry__facility")
        .order_by("-probability")
    )
    response = render(request, "people/person.html", {
        "person": person, "case": case, "asked": asked, "days": timeline(standing),
        "retracted": [event for event in events if event.retracted_at is not None], "pending": pending,
        "contacts_allowed": contacts_allowed, "show_contacts": show_contacts,
    })  # fmt: skip
    requesters = list({r.requester_id: r.requester for r in asked}.values())
    record_read(request, [person, case], fields=PERSON_FIELDS)
    record_read(request, asked, fields=REQUEST_FIELDS)
    record_read(request, requesters, fields=REQUESTER_FIELDS + (CONTACT_FIELDS if show_contacts else ()))
    record_read(request, [*events, *pending, *(c.entry for c in pending)], fields=EVENT_FIELDS)
    return response
