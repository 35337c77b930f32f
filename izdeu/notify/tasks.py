"""Delivery of the outbox: claim, send, mark; retries with backoff; a crash never sends twice.

A message is claimed (state "sending", committed) before izdeu talks to a gateway, and marked sent
after. A worker that dies in between leaves it "sending": the sweep marks it "uncertain" once its
lease is over, and a coordinator decides whether to send it again; nothing resends it by itself.
The tasks take only a message's id: nothing personal goes into the task queue.
"""

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import close_old_connections
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from izdeu.audit.log import acting_as, record_read
from izdeu.notify import channels
from izdeu.notify.channels import NotDelivered, Outcome
from izdeu.notify.models import Message, MessageChannel, MessageState
from izdeu.notify.texts import render

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=1)  # then 2, 4, 8 and 16 minutes
# A channel that is off is looked at again this often, without counting attempts.
CHANNEL_OFF_WAIT = dt.timedelta(minutes=5)
# Longer than any send can take (two timeouts, for connecting and for the answer).
LEASE = dt.timedelta(minutes=5)
SWEEP_EVERY = 30  # seconds


def backoff(attempts: int) -> dt.timedelta:
    return FIRST_RETRY * 2 ** (attempts - 1)


@task()
def deliver(message_id: int) -> None:
    with acting_as("task:notify"):
        send(message_id)


@task()
def sweep() -> dict[str, int]:
    """Give up on abandoned sends, and send what is due (retries, channels switched back on)."""
    with acting_as("task:notify"):
        abandoned = give_up_abandoned()
        due = list(Message.objects.due().values_list("pk", flat=True))
        for message_id in due:
            send(message_id)
    return {"uncertain": abandoned, "due": len(due)}


@contextmanager
def sweeping(every: float = SWEEP_EVERY, once: bool = False) -> Iterator[None]:
    """Sweep the outbox beside the task queue: `izdeu worker` runs inside this.

    Retries are not queued as tasks with a time to run: the outbox itself says what is due,
    so a retry survives the queue being emptied, and one look finds every message due.
    """
    if once:
        sweep.call()
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                sweep.call()
            except Exception as error:
                logger.error("sweeping the outbox failed: %s", type(error).__name__)
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="outbox-sweep", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every)


def give_up_abandoned(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count = Message.objects.filter(state=MessageState.SENDING, claimed_at__lt=now - LEASE).update(
        state=MessageState.UNCERTAIN, last_error="worker_lost"
    )
    if count:
        logger.warning("%s messages were left sending by a lost worker; they wait for a coordinator", count)
    return count


def send(message_id: int) -> None:
    message = Message.objects.select_related("requester", "search_request", "event").get(pk=message_id)
    if message.state != MessageState.WAITING or message.next_attempt_at > timezone.now():
        return
    if not channels.is_on(message.channel):
        _wait_for_channel(message)
        return
    if not _claim(message):
        return  # another worker has it
    try:
        _send(message)
    except NotDelivered as failure:
        _failed(message, failure.code, failure.outcome)
        return
    except Exception as error:
        logger.error("message %s could not be sent: %s", message.pk, type(error).__name__)
        _failed(message, "error", Outcome.RETRY)
        return
    _mark_sent(message)


def _claim(message: Message) -> bool:
    """Take the message for this worker, committed before any gateway hears of it."""
    now = timezone.now()
    claimed = Message.objects.filter(pk=message.pk, state=MessageState.WAITING).update(
        state=MessageState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    message.refresh_from_db(fields=["state", "claimed_at", "attempts"])
    return claimed == 1


# The requester's field each channel reaches them at, and the function that sends through it.
ADDRESSES = {
    MessageChannel.EMAIL: ("email", lambda address, subject, text: channels.send_email(address, subject, text)),
    MessageChannel.TELEGRAM: ("telegram", lambda address, subject, text: channels.send_telegram(address, text)),
    MessageChannel.SMS: ("phone", lambda address, subject, text: channels.send_sms(address, text)),
}


def _send(message: Message) -> None:
    subject, text = render(message)
    field, send_through = ADDRESSES[message.channel]
    # The contact detail is decrypted here, at delivery, and nowhere else; the read is audited.
    address = getattr(message.requester, field)
    record_read(None, [message.requester], fields=(field,))
    send_through(address, subject, text)


def _mark_sent(message: Message) -> None:
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
        state=MessageState.SENT, sent_at=timezone.now(), last_error=""
    )


def _failed(message: Message, code: str, outcome: Outcome) -> None:
    if outcome is Outcome.UNKNOWN:
        state, next_attempt_at = MessageState.UNCERTAIN, message.next_attempt_at
    elif outcome is Outcome.FINAL or message.attempts >= MAX_ATTEMPTS:
        state, next_attempt_at = MessageState.FAILED, message.next_attempt_at
    else:
        state, next_attempt_at = MessageState.WAITING, timezone.now() + backoff(message.attempts)
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
        state=state, next_attempt_at=next_attempt_at, last_error=code
    )
    logger.info("message %s not delivered (%s): now %s", message.pk, code, state)


def _wait_for_channel(message: Message) -> None:
    Message.objects.filter(pk=message.pk, state=MessageState.WAITING).update(
        next_attempt_at=timezone.now() + CHANNEL_OFF_WAIT, last_error="channel_off"
    )
