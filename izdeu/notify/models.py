"""The outbox: every message to a requester, written in the transaction of the event that causes it.

A row holds no text and no contact details: the words are rendered, and the requester's encrypted
contact read, only at delivery (izdeu/notify/delivery.py). Errors are short codes, never a
gateway's answer, which could quote a phone number or an address.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    LOCATED = "located", _("Located")
    MOVED = "moved", _("Moved")
    COURT_DATE = "court_date", _("Court date")
    RELEASED = "released", _("Released")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")
    SMS = "sms", _("SMS")


class MessageState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    # Claimed by a worker, which is talking to the gateway now: never claimed again.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # Its worker went away while sending: it may or may not have arrived. A coordinator decides.
    UNCERTAIN = "uncertain", _("Uncertain")
    # Never to be sent: the news it carried was overtaken by a death, which only a person tells.
    WITHHELD = "withheld", _("Withheld")


class MessageQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(state=MessageState.WAITING, next_attempt_at__lte=now or timezone.now())

    def needing_a_look(self):
        """What a coordinator sees: messages not yet delivered, or whose fate is unknown."""
        return self.exclude(state__in=[MessageState.SENT, MessageState.WITHHELD])


class Message(models.Model):
    """One message to one requester about one request, and how its delivery went."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    search_request = models.ForeignKey(
        "searches.SearchRequest", verbose_name=_("search request"), on_delete=models.PROTECT, related_name="messages"
    )
    requester = models.ForeignKey(
        "searches.Requester", verbose_name=_("requester"), on_delete=models.PROTECT, related_name="messages"
    )
    event = models.ForeignKey(
        "people.Event", verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    language = models.CharField(_("language"), max_length=2)
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.WAITING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed by a worker at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MessageKind.values), name="message_kind_known"),
            models.CheckConstraint(condition=Q(channel__in=MessageChannel.values), name="message_channel_known"),
            models.CheckConstraint(condition=Q(state__in=MessageState.values), name="message_state_known"),
            models.CheckConstraint(condition=Q(language__in=["kk", "ru", "en"]), name="message_language_known"),
            models.CheckConstraint(
                condition=Q(state=MessageState.SENT, sent_at__isnull=False) | (~Q(state=MessageState.SENT) & Q(sent_at__isnull=True)),
                name="message_sent_iff_sent_at",
            ),
            # Only the received message stands alone; every other one tells of an event.
            models.CheckConstraint(
                condition=Q(kind=MessageKind.RECEIVED) | Q(event__isnull=False), name="message_tells_an_event"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return _("Message #%(id)s") % {"id": self.pk}
