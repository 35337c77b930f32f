"""What izdeu tells requesters, decided in the transaction that changed what is known.

``request_received`` and ``event_confirmed`` only write rows: outbox messages, and follow-ups
for a person where a machine must not speak. The worker delivers the messages once the
transaction has committed (izdeu/notify/tasks.py), so news that was rolled back is never sent.
"""

from django.db import transaction

from izdeu.cases.models import Case, FollowUp, FollowUpKind, Priority
from izdeu.notify.models import Message, MessageChannel, MessageKind, MessageState
from izdeu.notify.tasks import deliver
from izdeu.people.models import Certainty, EventKind
from izdeu.searches.models import Channel, IntakeChannel, RequestStatus

# What each confirmed event tells a family. Events not named here (charged, sentenced, seen...)
# are for a lawyer to explain; a death is never told by a machine (see event_confirmed).
NEWS_OF_EVENT = {
    EventKind.DETAINED: MessageKind.LOCATED,
    EventKind.HOSPITALISED: MessageKind.LOCATED,
    EventKind.TRANSFERRED: MessageKind.MOVED,
    EventKind.COURT_HEARING: MessageKind.COURT_DATE,
    EventKind.RELEASED: MessageKind.RELEASED,
}

MACHINE_CHANNELS = {
    Channel.EMAIL: MessageChannel.EMAIL,
    Channel.TELEGRAM: MessageChannel.TELEGRAM,
    Channel.SMS: MessageChannel.SMS,
}


def request_received(search_request) -> None:
    """Tell the requester their request arrived, with its reference code. Call inside the
    transaction that saved the request."""
    # The bot's answer in the chat that filed the request already gave its code, and its secret.
    if search_request.channel == IntakeChannel.TELEGRAM:
        return
    channel = MACHINE_CHANNELS.get(search_request.requester.preferred_channel)
    # Someone who asked to be phoned or met heard their code on the call or saw it on the page.
    if channel is not None:
        _write(search_request, MessageKind.RECEIVED, channel)


def event_confirmed(event) -> None:
    """A confirmed event on a person's timeline: tell every requester of the person's case
    (event.person.case.requests), each in their own language and channel (located, moved, court
    date, released...). A death is never told by a machine: no message at all; instead an urgent
    follow-up for a lawyer of that case. Call inside the transaction that saved the event."""
    if event.certainty != Certainty.CONFIRMED:
        return
    case = Case.objects.filter(person_id=event.person_id).first()
    if case is None:
        return
    with transaction.atomic():
        if event.kind == EventKind.DIED:
            _death_confirmed(case, event)
        elif not case.death_known():
            _tell_requesters(case, event)


def event_retracted(event) -> None:
    """A confirmed event taken back (a reviewer's undo): its news still waiting is withheld, and
    the work it asked of a person and not yet done is withdrawn, so that no one tells a family
    of a death that was taken back. News already delivered cannot be recalled."""
    Message.objects.filter(event=event, state=MessageState.WAITING).update(
        state=MessageState.WITHHELD, last_error="event_retracted"
    )
    for follow_up in FollowUp.objects.open().filter(event=event):
        follow_up.delete()


def _death_confirmed(case, event) -> None:
    FollowUp.objects.create(case=case, event=event, kind=FollowUpKind.TELL_DEATH, priority=Priority.URGENT)
    # A "held at ИВС" still waiting for a channel must not reach the family after the death.
    Message.objects.filter(search_request__case=case, state=MessageState.WAITING).update(
        state=MessageState.WITHHELD, last_error="death_confirmed"
    )


def _tell_requesters(case, event) -> None:
    kind = NEWS_OF_EVENT.get(event.kind)
    if kind is None:
        return
    told = set()
    requests = case.requests.exclude(status=RequestStatus.WITHDRAWN).select_related("requester").order_by("created_at")
    for search_request in requests:
        # A relative who filed twice about the same person hears the news once.
        if search_request.requester_id in told:
            continue
        told.add(search_request.requester_id)
        channel = MACHINE_CHANNELS.get(search_request.requester.preferred_channel)
        if channel is None:
            FollowUp.objects.create(
                case=case, search_request=search_request, event=event, kind=FollowUpKind.CALL_BACK, news=kind
            )
        else:
            _write(search_request, kind, channel, event)


def _write(search_request, kind: str, channel: str, event=None) -> Message:
    requester = search_request.requester
    message = Message.objects.create(
        organisation_id=requester.organisation_id,
        search_request=search_request,
        requester=requester,
        event=event,
        kind=kind,
        channel=channel,
        language=requester.language,
    )
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message
