"""What is written to the outbox, and for whom, when a request arrives or an event is confirmed."""

import pytest
from django.db import transaction

from izdeu.cases.models import FollowUp, FollowUpKind, Priority
from izdeu.notify.models import Message, MessageChannel, MessageKind, MessageState
from izdeu.notify.outbox import event_confirmed, request_received
from izdeu.people.models import Certainty, EventKind
from izdeu.searches.models import Channel, RequestStatus

pytestmark = pytest.mark.django_db


def test_a_new_request_writes_a_received_message_in_the_requesters_language_and_channel(request_by_mother):
    request_received(request_by_mother)

    message = Message.objects.get()
    assert (message.kind, message.channel, message.language) == (MessageKind.RECEIVED, MessageChannel.EMAIL, "kk")
    assert message.search_request == request_by_mother
    assert message.state == MessageState.WAITING


def test_a_requester_who_asked_for_a_call_gets_no_machine_message_for_their_request(factory):
    # The volunteer on the call read the code out; nobody is called back to hear it again.
    search_request = factory.search_request(requester=factory.requester(preferred_channel=Channel.PHONE_CALL))

    request_received(search_request)

    assert not Message.objects.exists()
    assert not FollowUp.objects.exists()


def test_nothing_is_written_when_the_request_is_rolled_back(factory, mother):
    with pytest.raises(RuntimeError), transaction.atomic():
        request_received(factory.search_request(requester=mother))
        raise RuntimeError("the form failed after saving")

    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "kind, news",
    [
        (EventKind.DETAINED, MessageKind.LOCATED),
        (EventKind.HOSPITALISED, MessageKind.LOCATED),
        (EventKind.TRANSFERRED, MessageKind.MOVED),
        (EventKind.COURT_HEARING, MessageKind.COURT_DATE),
        (EventKind.RELEASED, MessageKind.RELEASED),
    ],
)
def test_each_confirmed_event_is_news_for_the_requester(events, request_by_mother, kind, news):
    extra = {"destination_text": "СИЗО-1 г. Алматы"} if kind == EventKind.TRANSFERRED else {}
    event = events.confirm(request_by_mother.case, kind, **extra)

    event_confirmed(event)

    message = Message.objects.get()
    assert (message.kind, message.event, message.requester) == (news, event, request_by_mother.requester)


def test_every_relative_on_the_case_is_told_in_their_own_language_and_channel(factory, events, request_by_mother):
    sister = factory.requester(
        name="Айгүл Загипарова", telegram="518204377", preferred_channel=Channel.TELEGRAM, language="ru"
    )
    factory.search_request(case=request_by_mother.case, requester=sister, full_name="Загипаров Нурлан")

    event_confirmed(events.confirm(request_by_mother.case))

    told = {(m.requester_id, m.channel, m.language) for m in Message.objects.all()}
    assert told == {(request_by_mother.requester_id, "email", "kk"), (sister.pk, "telegram", "ru")}


def test_a_relative_who_asked_twice_is_told_once(factory, events, request_by_mother):
    factory.search_request(case=request_by_mother.case, requester=request_by_mother.requester)

    event_confirmed(events.confirm(request_by_mother.case))

    assert Message.objects.count() == 1


def test_a_withdrawn_request_is_not_told(factory, events, request_by_mother):
    request_by_mother.status = RequestStatus.WITHDRAWN
    request_by_mother.save()

    event_confirmed(events.confirm(request_by_mother.case))

    assert not Message.objects.exists()


def test_news_for_a_relative_who_asked_to_be_phoned_becomes_a_call_back(factory, events):
    search_request = factory.search_request(requester=factory.requester(preferred_channel=Channel.PHONE_CALL))

    event = events.confirm(search_request.case)
    event_confirmed(event)

    assert not Message.objects.exists()
    follow_up = FollowUp.objects.get()
    assert (follow_up.kind, follow_up.news, follow_up.search_request, follow_up.event) == (
        FollowUpKind.CALL_BACK, MessageKind.LOCATED, search_request, event
    )  # fmt: skip


def test_an_event_not_yet_confirmed_tells_nobody(events, request_by_mother):
    event_confirmed(events.confirm(request_by_mother.case, certainty=Certainty.PROBABLE))

    assert not Message.objects.exists()


class TestDeath:
    """A death is never told by a machine: a lawyer tells the family, in person."""

    def test_a_confirmed_death_writes_no_message_and_an_urgent_follow_up_for_a_lawyer(self, factory, events, request_by_mother):
        sister = factory.requester(name="Айгүл Загипарова", preferred_channel=Channel.SMS, language="ru")
        factory.search_request(case=request_by_mother.case, requester=sister)

        death = events.confirm(request_by_mother.case, EventKind.DIED, facility=events.ivs())
        event_confirmed(death)

        assert not Message.objects.exists()
        follow_up = FollowUp.objects.get()
        assert (follow_up.kind, follow_up.priority, follow_up.case, follow_up.event) == (
            FollowUpKind.TELL_DEATH, Priority.URGENT, request_by_mother.case, death
        )  # fmt: skip

    def test_news_still_waiting_is_withheld_once_a_death_is_confirmed(self, events, request_by_mother):
        event_confirmed(events.confirm(request_by_mother.case))

        event_confirmed(events.confirm(request_by_mother.case, EventKind.DIED))

        assert Message.objects.get().state == MessageState.WITHHELD

    def test_later_events_tell_the_family_nothing_by_machine(self, events, request_by_mother):
        event_confirmed(events.confirm(request_by_mother.case, EventKind.DIED))

        event_confirmed(events.confirm(request_by_mother.case, EventKind.RELEASED))

        assert not Message.objects.exists()
