"""A reviewer's decision on a candidate, and what it changes: each one transaction.

- ``confirm(candidate, reviewer, reason)`` records an ``Event`` on the sought person's timeline
  from the list entry and its list, moves the request and case to "located", and writes the
  family's news into the outbox (``izdeu.notify.outbox.event_confirmed``). A death takes two:
  the first confirmation only waits, and a different lawyer's confirmation records it.
- ``reject(candidate, reviewer, reason)`` records why the entry is someone else.
- ``undo(decision, user)`` takes the last decision on a candidate back within ``UNDO_WINDOW``:
  the candidate is proposed again, its event retracted (never deleted: messages may name it),
  the statuses it changed restored.

Other candidates of the same request stay proposed: a person is often on several lists. An
event never replaces another; conflicting ones are all kept for the person page to show.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import Role, User
from izdeu.cases.models import Case, CaseStatus
from izdeu.lists.models import ListEntry, SourceKind
from izdeu.notify.outbox import event_confirmed, event_retracted
from izdeu.people.models import Certainty, Event, EventKind, Person, TimePrecision
from izdeu.review.models import Candidate, Decision, ReviewDecision
from izdeu.searches.models import RequestStatus

# Long enough to notice a slip on the next candidate, short enough that news is not taken back late.
UNDO_WINDOW = dt.timedelta(minutes=15)

CUSTODY = (SourceKind.POLICE_STATION, SourceKind.TEMPORARY_DETENTION, SourceKind.PRETRIAL_DETENTION)
EVENT_OF_LIST = {
    SourceKind.POLICE_STATION: EventKind.DETAINED,
    SourceKind.TEMPORARY_DETENTION: EventKind.DETAINED,
    SourceKind.PRETRIAL_DETENTION: EventKind.DETAINED,
    SourceKind.COURT: EventKind.COURT_HEARING,
    SourceKind.HOSPITAL: EventKind.HOSPITALISED,
    SourceKind.MORGUE: EventKind.DIED,
    SourceKind.RELEASE: EventKind.RELEASED,
    SourceKind.VOLUNTEER_REPORT: EventKind.SEEN,
    SourceKind.OFFICIAL_STATEMENT: EventKind.SEEN,
}
# Where someone is once these are confirmed; "seen" in a crowd is not being found.
LOCATING = (frozenset(EVENT_OF_LIST.values()) | {EventKind.TRANSFERRED}) - {EventKind.SEEN}

# Words a row of any list uses for a death (a hospital's "исход: летальный", a statement's
# "погиб"), lower-cased, in Russian, Kazakh and English.
DEATH_WORDS = ("умер", "скончал", "погиб", "летальн", "смерт", "труп", "қайтыс", "қаза", "died", "dead", "deceased")


class DecisionRefused(Exception):
    """The decision cannot be taken: the message says why, in the reviewer's language."""


def says_died(entry: ListEntry) -> bool:
    """Whether the entry records a death: a morgue's row, or any row whose words say so."""
    if entry.source.kind == SourceKind.MORGUE:
        return True
    values = [str(value) for value in (entry.raw or {}).values()] + [entry.note, entry.place_text]
    text = " ".join(values).casefold()
    return any(word in text for word in DEATH_WORDS)


def pending_death_confirmation(candidate: Candidate) -> ReviewDecision | None:
    """A death's first confirmation still waiting for a second lawyer, if any."""
    return candidate.decisions.filter(awaits_second=True, undone_at__isnull=True).select_related("reviewer").first()


def check_confirm(candidate: Candidate, reviewer: User) -> ReviewDecision | None:
    """Refuse what may not be confirmed; returns the pending first confirmation of a death."""
    if candidate.decision != Decision.PROPOSED:
        raise DecisionRefused(_("Someone has decided this candidate already."))
    if candidate.search_request_id is None:
        raise DecisionRefused(_("Only a match between a request and a list entry can be confirmed here."))
    if not says_died(candidate.entry):
        return None
    pending = pending_death_confirmation(candidate)
    if pending is None:
        return None
    if pending.reviewer_id == reviewer.pk:
        raise DecisionRefused(_("A death is confirmed by two people: another lawyer must confirm it."))
    if not reviewer.has_role(Role.LAWYER):
        raise DecisionRefused(_("The second confirmation of a death must come from a lawyer."))
    return pending


def confirm(candidate: Candidate, reviewer: User, reason: str = "") -> ReviewDecision:
    with transaction.atomic():
        candidate = _locked(candidate)
        pending = check_confirm(candidate, reviewer)
        now = timezone.now()
        if says_died(candidate.entry) and pending is None:
            # Nothing is recorded and nobody is told on one person's word.
            return ReviewDecision.objects.create(
                candidate=candidate, decision=Decision.CONFIRMED, awaits_second=True, reviewer=reviewer, decided_at=now,
                reason=reason,
            )  # fmt: skip
        person = candidate.search_request.case.person
        event = _record_event(candidate, person, reviewer)
        decision = ReviewDecision.objects.create(
            candidate=candidate, decision=Decision.CONFIRMED, reviewer=reviewer, decided_at=now, reason=reason,
            event=event, statuses_before=_mark_located(candidate.search_request.case, event),
        )  # fmt: skip
        _decide(candidate, Decision.CONFIRMED, reviewer, now, reason)
        _link_entry(candidate.entry, person)
        event_confirmed(event)
        return decision


def reject(candidate: Candidate, reviewer: User, reason: str) -> ReviewDecision:
    if not reason.strip():
        raise DecisionRefused(_("Say why this entry is someone else."))
    with transaction.atomic():
        candidate = _locked(candidate)
        if candidate.decision != Decision.PROPOSED:
            raise DecisionRefused(_("Someone has decided this candidate already."))
        now = timezone.now()
        decision = ReviewDecision.objects.create(
            candidate=candidate, decision=Decision.REJECTED, reviewer=reviewer, decided_at=now, reason=reason
        )
        _decide(candidate, Decision.REJECTED, reviewer, now, reason)
        return decision


def can_undo(decision: ReviewDecision, user: User, now: dt.datetime | None = None) -> bool:
    """Its reviewer or a coordinator, within the window, and only the candidate's last decision."""
    now = now or timezone.now()
    if decision.undone_at is not None or now - decision.decided_at > UNDO_WINDOW:
        return False
    if decision.reviewer_id != user.pk and not user.has_role(Role.COORDINATOR):
        return False
    latest = decision.candidate.decisions.filter(undone_at__isnull=True).order_by("-decided_at", "-id").first()
    return latest is not None and latest.pk == decision.pk


def undo(decision: ReviewDecision, user: User) -> None:
    with transaction.atomic():
        candidate = _locked(decision.candidate)
        decision = ReviewDecision.objects.select_for_update().get(pk=decision.pk)
        decision.candidate = candidate
        if not can_undo(decision, user):
            raise DecisionRefused(_("This decision can no longer be undone."))
        now = timezone.now()
        decision.undone_at, decision.undone_by = now, user
        decision.save(update_fields=["undone_at", "undone_by"])
        if decision.awaits_second:
            return
        if decision.event_id is not None:
            _retract(decision.event, user, now)
            _restore_statuses(decision)
            _link_entry(candidate.entry, None)
        candidate.decision, candidate.decided_by, candidate.decided_at, candidate.decision_reason = (
            Decision.PROPOSED, None, None, ""
        )
        candidate.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])


def _locked(candidate: Candidate) -> Candidate:
    """The candidate, locked until the transaction ends: two reviewers never both decide it."""
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("entry__source__facility", "entry__facility", "search_request__case__person")
        .get(pk=candidate.pk)
    )


def _decide(candidate: Candidate, decision: str, reviewer: User, now: dt.datetime, reason: str) -> None:
    candidate.decision, candidate.decided_by, candidate.decided_at, candidate.decision_reason = decision, reviewer, now, reason
    candidate.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])


def _link_entry(entry: ListEntry, person: Person | None) -> None:
    entry.person = person
    entry.save(update_fields=["person"])


def event_kind(entry: ListEntry, person: Person) -> str:
    """What the entry says happened; a custody list at another place than the last one is a transfer."""
    if says_died(entry):
        return EventKind.DIED
    kind = EVENT_OF_LIST[entry.source.kind]
    if entry.source.kind in CUSTODY:
        place = entry.facility_id or entry.source.facility_id
        held_before = person.events.standing().filter(kind__in=(EventKind.DETAINED, EventKind.TRANSFERRED))
        if place and held_before.exclude(facility_id=place).exists() and not held_before.filter(facility_id=place).exists():
            return EventKind.TRANSFERRED
    return kind


def _record_event(candidate: Candidate, person: Person, reviewer: User) -> Event:
    entry, source = candidate.entry, candidate.entry.source
    facility = entry.facility or source.facility
    kind = event_kind(entry, person)
    event = Event(
        person=person, kind=kind, facility=facility, place_text=entry.place_text, legal_grounds=entry.article[:300],
        certainty=Certainty.CONFIRMED, source=source, list_entry=entry, candidate=candidate, recorded_by=reviewer,
    )  # fmt: skip
    if source.list_date:
        # A list says who was there on its date, not when they arrived.
        event.occurred_at = timezone.make_aware(dt.datetime.combine(source.list_date, dt.time(12)))
        event.time_precision = TimePrecision.DAY
    else:
        event.time_precision = TimePrecision.APPROXIMATE
    if kind == EventKind.TRANSFERRED:
        event.destination_facility, event.destination_text = facility, entry.place_text
    if kind == EventKind.DIED:
        event.remains_location = (facility.name() if facility else entry.place_text)[:300]
    event.save()
    return event


def _mark_located(case: Case, event: Event) -> dict:
    """Move the case and its open requests to "located"; returns what they were, for undo."""
    if event.kind not in LOCATING:
        return {}
    before: dict = {"requests": {}}
    if case.status == CaseStatus.OPEN:
        before["case"] = case.status
        case.status = CaseStatus.LOCATED
        case.save(update_fields=["status"])
    for search_request in case.requests.filter(status=RequestStatus.OPEN):
        before["requests"][str(search_request.pk)] = search_request.status
        search_request.status = RequestStatus.LOCATED
        search_request.save(update_fields=["status"])
    return before


def _restore_statuses(decision: ReviewDecision) -> None:
    """Back to "searching", unless another standing event still locates the person."""
    case = Case.objects.select_related("person").get(requests__candidates=decision.candidate_id)
    if case.person.events.standing().filter(kind__in=LOCATING).exists():
        return
    if decision.statuses_before.get("case") and case.status == CaseStatus.LOCATED:
        case.status = decision.statuses_before["case"]
        case.save(update_fields=["status"])
    for search_request in case.requests.filter(pk__in=decision.statuses_before.get("requests", {})):
        if search_request.status == RequestStatus.LOCATED:
            search_request.status = decision.statuses_before["requests"][str(search_request.pk)]
            search_request.save(update_fields=["status"])


def _retract(event: Event, user: User, now: dt.datetime) -> None:
    event.retracted_at, event.retracted_by, event.certainty = now, user, Certainty.UNVERIFIED
    event.save(update_fields=["retracted_at", "retracted_by", "certainty"])
    event_retracted(event)
