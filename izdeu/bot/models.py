"""What the Telegram bot keeps: conversations under way, the chat that filed each request, and
the updates already answered.

A chat id reaches a person's phone: it is kept encrypted, and found again through its keyed
hash (``filter_encrypted(chat_id=…)``), as an IIN is.
"""

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from izdeu.encryption.fields import BlindIndexField, EncryptedCharField, EncryptedJSONField
from izdeu.encryption.models import BlindIndexedModel

# A conversation nobody answered for this long is forgotten, answers and all.
IDLE = dt.timedelta(hours=24)
# Telegram retries an update for a day at most; a week of ids is plenty to recognise a repeat.
KEEP_UPDATE_IDS = dt.timedelta(days=7)


class Conversation(BlindIndexedModel):
    """A request being filed step by step in one chat: the answers so far and the next question.

    Deleted when the request is filed, when the requester cancels or refuses consent, and
    after a day without an answer.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    chat_id = EncryptedCharField(max_length=32)
    chat_id_hash = BlindIndexField(source="chat_id", purpose="text", unique=True)
    # The next question (izdeu.bot.conversation.STEPS); names a step, never an answer.
    step = models.CharField(max_length=20)
    language = models.CharField(max_length=2, blank=True)
    # The answers accepted so far, as the web form's fields would hold them.
    answers = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    @classmethod
    def of_chat(cls, chat_id: str) -> "Conversation | None":
        return cls.objects.filter_encrypted(chat_id=chat_id).first()

    @classmethod
    def idle(cls, now: dt.datetime | None = None):
        """Conversations left unfinished for longer than IDLE: forgotten, answers and all."""
        return cls.objects.filter(updated_at__lt=(now or timezone.now()) - IDLE)

    @classmethod
    def forget_idle(cls) -> int:
        return cls.idle().delete()[0]


class ChatRequest(BlindIndexedModel):
    """A search request filed through the bot, and the chat that filed it: that chat is its
    requester, so it may see the request's status with the reference code alone."""

    audited = True  # every read and change is in the audit log (izdeu.audit)

    chat_id = EncryptedCharField(max_length=32)
    chat_id_hash = BlindIndexField(source="chat_id", purpose="text")
    search_request = models.OneToOneField("searches.SearchRequest", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)


class HandledUpdate(models.Model):
    """An update Telegram sent and izdeu answered: Telegram sends it again when it did not see
    our answer, and a repeat must change nothing. Holds the update's number only."""

    update_id = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    @classmethod
    def first_time(cls, update_id: int) -> bool:
        """Note the update as handled; False when it already was. Call inside the transaction
        that handles it, so that an update whose handling failed is handled again."""
        cls.objects.filter(at__lt=timezone.now() - KEEP_UPDATE_IDS).delete()
        try:
            with transaction.atomic():
                cls.objects.create(update_id=update_id)
        except IntegrityError:
            return False
        return True
