"""Delivery by the worker: each channel through a local stand-in, retries with backoff, and a
crash that never sends a message twice."""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from izdeu.notify import channels, tasks
from izdeu.notify.models import Message, MessageState
from izdeu.notify.outbox import event_confirmed, request_received
from izdeu.people.models import EventKind
from izdeu.searches.models import Channel

pytestmark = pytest.mark.django_db(transaction=True)


def due_now(message):
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


class TestEmail:
    def test_the_requester_receives_the_received_message_through_smtp(self, smtp_sink, request_by_mother):
        request_received(request_by_mother)  # committed at once: the worker sends it on commit

        [email] = smtp_sink.messages()
        assert email["To"] == "gulnar.zagiparova@mail.kz"
        assert email["Subject"] == f"izdeu: {request_by_mother.reference_code} өтініші қабылданды"
        body = email.get_content()
        assert request_by_mother.reference_code in body
        assert "http://127.0.0.1:8000/kk/status/" in body
        message = Message.objects.get()
        assert message.state == MessageState.SENT and message.sent_at is not None

    def test_a_located_message_names_the_facility_and_since_when(self, smtp_sink, events, request_by_mother):
        event_confirmed(events.confirm(request_by_mother.case))

        [email] = smtp_sink.messages()
        # Whole, with its spaces: a long Kazakh subject is not folded into encoded words that lose one.
        assert email["Subject"] == f"izdeu: {request_by_mother.reference_code} өтініші бойынша жаңалық"
        assert "Алматы қ. ПД ИУО" in email.get_content()
        assert "7 қаңтар" in email.get_content()

    def test_a_mail_server_that_cannot_be_reached_is_tried_again_later(self, settings, request_by_mother):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
            }
        }
        request_received(request_by_mother)

        message = Message.objects.get()
        assert (message.state, message.attempts, message.last_error) == (MessageState.WAITING, 1, "unreachable")


class TestTelegram:
    def test_the_message_goes_to_the_requesters_chat_through_the_bot_api(self, factory, telegram_api):
        sister = factory.requester(
            name="Айгүл Загипарова", telegram="518204377", preferred_channel=Channel.TELEGRAM, language="ru"
        )
        search_request = factory.search_request(requester=sister)

        request_received(search_request)

        [call] = telegram_api.received
        assert call["path"] == "/bot123456:izdeu-test-token/sendMessage"
        assert call["json"]["chat_id"] == "518204377"
        assert f"Мы получили вашу заявку. Её код: {search_request.reference_code}." in call["json"]["text"]
        assert Message.objects.get().state == MessageState.SENT

    def test_messages_wait_visibly_while_the_bot_is_not_configured(self, factory, settings, telegram_api):
        settings.TELEGRAM_BOT_TOKEN = ""
        search_request = factory.search_request(
            requester=factory.requester(telegram="518204377", preferred_channel=Channel.TELEGRAM, language="ru")
        )

        request_received(search_request)

        message = Message.objects.get()
        assert (message.state, message.attempts, message.last_error) == (MessageState.WAITING, 0, "channel_off")
        assert telegram_api.received == []

        settings.TELEGRAM_BOT_TOKEN = "123456:izdeu-test-token"
        due_now(message)
        tasks.sweep.call()

        assert len(telegram_api.received) == 1
        assert Message.objects.get().state == MessageState.SENT


class TestSMS:
    @pytest.fixture
    def son_by_sms(self, factory, events):
        search_request = factory.search_request(
            requester=factory.requester(name="Бақыт Төлеуов", preferred_channel=Channel.SMS, language="ru")
        )
        return search_request

    def test_an_sms_carries_only_the_code_and_the_call_back_number(self, son_by_sms, events, sms_gateway):
        event_confirmed(events.confirm(son_by_sms.case))

        [call] = sms_gateway.received
        assert call["headers"]["Authorization"] == "Bearer sms-token-7f3a"
        assert call["json"] == {
            "to": "+77015550142",
            "text": f"izdeu: есть новости по заявке {son_by_sms.reference_code}. Позвоните +7 727 355 01 22",
        }

    def test_an_sms_never_names_the_person_or_the_place(self, son_by_sms, events, sms_gateway):
        person = son_by_sms.case.person
        event_confirmed(events.confirm(son_by_sms.case))

        text = sms_gateway.received[0]["json"]["text"]
        for word in (person.surname, person.given_name, son_by_sms.surname, "ИВС", "Алматы", "Бақыт"):
            assert word not in text

    def test_without_a_call_back_number_sms_stays_off(self, son_by_sms, settings, sms_gateway):
        settings.SMS_CALLBACK_NUMBER = ""

        request_received(son_by_sms)

        assert Message.objects.get().last_error == "channel_off"
        assert sms_gateway.received == []


class TestRetries:
    def test_a_gateway_that_asks_for_patience_is_tried_again_with_growing_waits(self, factory, sms_gateway):
        sms_gateway.answers = [503, 503]
        search_request = factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS))

        request_received(search_request)
        message = Message.objects.get()
        assert (message.state, message.attempts, message.last_error) == (MessageState.WAITING, 1, "http_503")
        first_wait = message.next_attempt_at - timezone.now()
        assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(minutes=1)

        tasks.sweep.call()  # not due yet: nothing happens
        assert len(sms_gateway.received) == 1

        due_now(message)
        tasks.sweep.call()
        message.refresh_from_db()
        second_wait = message.next_attempt_at - timezone.now()
        assert message.attempts == 2
        assert dt.timedelta(seconds=110) < second_wait <= dt.timedelta(minutes=2)

        due_now(message)
        tasks.sweep.call()
        message.refresh_from_db()
        assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 3, "")
        assert len(sms_gateway.received) == 3

    def test_after_the_last_attempt_the_message_has_failed(self, factory, sms_gateway):
        sms_gateway.answers = [502] * tasks.MAX_ATTEMPTS
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))

        message = Message.objects.get()
        for _ in range(tasks.MAX_ATTEMPTS - 1):
            due_now(message)
            tasks.sweep.call()

        message.refresh_from_db()
        assert (message.state, message.attempts, message.last_error) == (MessageState.FAILED, tasks.MAX_ATTEMPTS, "http_502")
        assert len(sms_gateway.received) == tasks.MAX_ATTEMPTS

    def test_a_message_the_gateway_refuses_fails_at_once(self, factory, sms_gateway):
        sms_gateway.answers = [400]
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))

        message = Message.objects.get()
        assert (message.state, message.attempts, message.last_error) == (MessageState.FAILED, 1, "http_400")

    def test_a_gateway_that_took_the_message_but_never_answered_is_not_asked_again(
        self, factory, sms_gateway, monkeypatch
    ):
        monkeypatch.setattr(channels, "TIMEOUT", 0.3)
        original = sms_gateway.server.RequestHandlerClass.do_POST

        def slow(handler):
            time.sleep(1)
            original(handler)

        monkeypatch.setattr(sms_gateway.server.RequestHandlerClass, "do_POST", slow)
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))

        message = Message.objects.get()
        assert (message.state, message.last_error) == (MessageState.UNCERTAIN, "timeout")
        due_now(message)
        tasks.sweep.call()
        time.sleep(1.2)
        assert len(sms_gateway.received) == 1


class WorkerKilled(BaseException):
    """The worker's process dying (a kill, a power cut): no except clause of izdeu's catches it."""


class TestCrash:
    def test_a_crash_after_the_gateway_answered_never_sends_twice(self, factory, sms_gateway, settings, monkeypatch):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the real queue
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))
        message = Message.objects.get()

        def killed(message):
            raise WorkerKilled

        with monkeypatch.context() as patch:
            patch.setattr(tasks, "_mark_sent", killed)
            with pytest.raises(WorkerKilled):
                tasks.send(message.pk)  # the gateway answers, then the worker dies

        assert Message.objects.get().state == MessageState.SENDING
        assert len(sms_gateway.received) == 1

        # The worker restarts and runs the queued delivery and the sweep: while the lease runs,
        # the message is left alone...
        call_command("db_worker", batch=True, interval=0, verbosity=0)
        tasks.sweep.call()
        assert Message.objects.get().state == MessageState.SENDING

        # ...and once it is over, a coordinator decides; nothing was sent again.
        Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - tasks.LEASE - dt.timedelta(seconds=1))
        tasks.sweep.call()
        tasks.deliver.call(message.pk)

        message.refresh_from_db()
        assert (message.state, message.last_error) == (MessageState.UNCERTAIN, "worker_lost")
        assert len(sms_gateway.received) == 1


def test_a_confirmed_death_sends_no_email(events, request_by_mother, smtp_sink):
    event_confirmed(events.confirm(request_by_mother.case, EventKind.DIED))

    assert smtp_sink.envelopes == []
    assert not Message.objects.exists()


class TestWorker:
    def test_izdeu_worker_sends_the_retries_that_are_due(self, factory, sms_gateway, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        sms_gateway.answers = [503]
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))

        call_command("worker", batch=True, interval=0, verbosity=0)
        message = Message.objects.get()
        assert (message.state, message.last_error) == (MessageState.WAITING, "http_503")

        due_now(message)
        call_command("worker", batch=True, interval=0, verbosity=0)

        assert Message.objects.get().state == MessageState.SENT
        assert len(sms_gateway.received) == 2

    def test_a_running_worker_sweeps_the_outbox_every_so_often(self, factory, sms_gateway, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        request_received(factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS)))

        with tasks.sweeping(every=0.05):
            deadline = time.monotonic() + 10
            while Message.objects.get().state != MessageState.SENT and time.monotonic() < deadline:
                time.sleep(0.05)

        assert Message.objects.get().state == MessageState.SENT
        assert len(sms_gateway.received) == 1


def test_reading_the_requesters_address_to_send_is_audited(smtp_sink, request_by_mother):
    from izdeu.audit.models import AuditEntry

    request_received(request_by_mother)

    entry = AuditEntry.objects.get(action="read", object_type="searches.requester")
    assert (entry.actor, entry.object_ids, entry.fields) == ("task:notify", [str(request_by_mother.requester_id)], ["email"])
