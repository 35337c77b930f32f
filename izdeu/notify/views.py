"""The coordinators' view of the outbox, and the follow-ups that a person must do.

The outbox page shows what a coordinator needs to decide and nothing more: kind, channel,
reference code, state, attempts and the error code; never a message's words or an address.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role
from izdeu.accounts.visibility import follow_ups, outbox
from izdeu.audit.log import AuditAction, record, record_read
from izdeu.notify.models import Message, MessageKind, MessageState
from izdeu.notify.tasks import deliver

SHOWN = 200  # the oldest first: those have waited longest

ERRORS = {
    "channel_off": gettext_lazy("This channel is not set up yet: the message waits until it is."),
    "unreachable": gettext_lazy("The gateway could not be reached; it will be tried again."),
    "timeout": gettext_lazy("The gateway did not answer in time: the message may have arrived."),
    "worker_lost": gettext_lazy("The worker stopped while sending: the message may have arrived."),
    "no_address": gettext_lazy("The requester gave no address for this channel."),
    "refused": gettext_lazy("The mail server refused the address."),
    "death_confirmed": gettext_lazy("Withheld: a death was confirmed, which a person tells the family."),
}


def explain(code: str) -> str:
    return str(ERRORS.get(code) or (_("The gateway answered with an error (%(code)s).") % {"code": code} if code else ""))


@roles(Role.COORDINATOR)
def outbox_page(request: HttpRequest) -> HttpResponse:
    shown = list(
        outbox(request.user).needing_a_look().select_related("search_request").order_by("state", "created_at")[:SHOWN]
    )
    for message in shown:
        message.problem = explain(message.last_error)
    open_follow_ups = open_follow_ups_of(request.user)
    response = render(
        request,
        "notify/outbox.html",
        {
            "waiting": [m for m in shown if m.state in (MessageState.WAITING, MessageState.SENDING)],
            "failed": [m for m in shown if m.state == MessageState.FAILED],
            "uncertain": [m for m in shown if m.state == MessageState.UNCERTAIN],
            "follow_ups": open_follow_ups,
            "uncertain_decisions": [("mark_sent", _("Mark as sent")), ("resend", _("Send again"))],
            "failed_decisions": [("retry", _("Try again"))],
        },
    )
    record_read(request, [m.search_request for m in shown] + [f.search_request for f in open_follow_ups if f.search_request],
                fields=("reference_code",))  # fmt: skip
    record_read(request, open_follow_ups, fields=("kind", "news", "priority"))
    return response


def open_follow_ups_of(user) -> list:
    shown = list(follow_ups(user).open().select_related("search_request", "case", "case__assigned_lawyer")[:SHOWN])
    for follow_up in shown:
        follow_up.news_display = MessageKind(follow_up.news).label if follow_up.news else ""
    return shown


# What a coordinator may decide for a message in each state, and the state it then takes.
DECISIONS = {
    "retry": (MessageState.FAILED, MessageState.WAITING),
    "resend": (MessageState.UNCERTAIN, MessageState.WAITING),
    "mark_sent": (MessageState.UNCERTAIN, MessageState.SENT),
}


@require_POST
@roles(Role.COORDINATOR)
def decide(request: HttpRequest, message_id: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        return redirect("notify:outbox")
    expected, new_state = DECISIONS[decision]
    with transaction.atomic():
        message = get_object_or_404(outbox(request.user).select_for_update(), pk=message_id)
        if message.state != expected:
            messages.info(request, _("Someone else has already decided about this message."))
            return redirect("notify:outbox")
        now = timezone.now()
        if new_state == MessageState.SENT:
            # The gateway has it, as the requester or the gateway's own log confirmed.
            Message.objects.filter(pk=message.pk).update(state=new_state, sent_at=message.claimed_at or now)
        else:
            # A fresh set of attempts, starting now.
            Message.objects.filter(pk=message.pk).update(state=new_state, attempts=0, next_attempt_at=now)
            transaction.on_commit(lambda: deliver.enqueue(message.pk))
        record(request, AuditAction.UPDATE, Message, [message.pk], detail=f"decision={decision}", fields=("state",),
               organisation_id=message.organisation_id)  # fmt: skip
    messages.success(request, _("Decision recorded."))
    return redirect("notify:outbox")


@roles(Role.LAWYER, Role.COORDINATOR, Role.VOLUNTEER)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    shown = open_follow_ups_of(request.user)
    response = render(request, "notify/follow_ups.html", {"follow_ups": shown})
    record_read(request, shown, fields=("kind", "news", "priority"))
    return response


@require_POST
@roles(Role.LAWYER, Role.COORDINATOR, Role.VOLUNTEER)
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    with transaction.atomic():
        follow_up = get_object_or_404(follow_ups(request.user).open().select_for_update(), pk=follow_up_id)
        follow_up.done_by, follow_up.done_at = request.user, timezone.now()
        follow_up.save(update_fields=["done_by", "done_at"])  # audited by the model's save
    messages.success(request, _("Marked as done."))
    # Coordinators mark follow-ups done from the outbox page too, and go back where they were.
    return redirect("notify:outbox" if request.POST.get("next") == "outbox" else "notify:follow_ups")
