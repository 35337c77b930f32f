"""What a requester may learn on the status page: confirmed facts only, and advice for them.

Only events a person confirmed are shown, and only those a family can act on (held, moved,
court hearing, released, in hospital). A death is never shown by a machine: when one is
confirmed, the page says only that a member of the team will contact them personally.
Nothing about other requesters of the same case is ever read here.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from izdeu.facilities.models import FacilityKind
from izdeu.formats import in_sentence
from izdeu.people.models import Certainty, Event, EventKind

SHOWN_KINDS = (EventKind.DETAINED, EventKind.TRANSFERRED, EventKind.COURT_HEARING, EventKind.RELEASED,
               EventKind.HOSPITALISED)  # fmt: skip
CUSTODY_KINDS = {FacilityKind.POLICE_STATION: "detained", FacilityKind.TEMPORARY_DETENTION: "detained",
                 FacilityKind.PRETRIAL_DETENTION: "pretrial", FacilityKind.HOSPITAL: "hospital",
                 FacilityKind.COURT: "court"}  # fmt: skip
SITUATION_OF_KIND = {EventKind.DETAINED: "detained", EventKind.COURT_HEARING: "court", EventKind.RELEASED: "released",
                     EventKind.HOSPITALISED: "hospital"}  # fmt: skip


@dataclass(frozen=True)
class Fact:
    sentence: str
    event: Event


@dataclass(frozen=True)
class Status:
    # A death was confirmed: nothing but "someone will contact you" may be shown.
    in_person: bool
    facts: list[Fact]
    situation: str  # searching, detained, pretrial, court, released, hospital
    events: list[Event]  # what was read, for the audit log


def status_of(search_request) -> Status:
    case = search_request.case
    confirmed = Event.objects.filter(person_id=case.person_id, certainty=Certainty.CONFIRMED)
    if case.death_known():
        return Status(in_person=True, facts=[], situation="", events=[])
    events = list(confirmed.filter(kind__in=SHOWN_KINDS).select_related("facility", "destination_facility"))
    events.sort(key=lambda e: (e.occurred_at or e.recorded_at, e.recorded_at))
    facts = [Fact(sentence, event) for event in events if (sentence := _sentence(event))]
    situation = _situation(events[-1]) if events else "searching"
    return Status(in_person=False, facts=facts, situation=situation, events=events)


def _place(event: Event) -> str:
    facility, described = event.where()
    return facility.name() if facility else described


def _day(moment: dt.datetime | None) -> str:
    return in_sentence(moment, "j E Y") if moment else ""


def _sentence(event: Event) -> str:
    day = _day(event.occurred_at)
    place = _place(event)
    values = {"place": place, "date": day}
    if event.kind == EventKind.RELEASED:
        return _("Released on %(date)s.") % values if day else _("Released.")
    if not place:
        return ""
    sentences = {
        EventKind.DETAINED: (_("Held at %(place)s since %(date)s."), _("Held at %(place)s.")),
        EventKind.TRANSFERRED: (_("Moved to %(place)s on %(date)s."), _("Moved to %(place)s.")),
        EventKind.COURT_HEARING: (_("Court hearing at %(place)s on %(date)s."), _("Court hearing at %(place)s.")),
        EventKind.HOSPITALISED: (_("In hospital at %(place)s since %(date)s."), _("In hospital at %(place)s.")),
    }
    with_day, without_day = sentences[event.kind]
    return (with_day if day else without_day) % values


def _situation(latest: Event) -> str:
    """Where the person is now, as the latest confirmed event says; it chooses the advice."""
    facility = latest.where()[0]
    if latest.kind in (EventKind.DETAINED, EventKind.TRANSFERRED) and facility is not None:
        return CUSTODY_KINDS.get(facility.kind, "detained")
    return SITUATION_OF_KIND.get(latest.kind, "detained")
