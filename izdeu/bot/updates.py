"""What the bot answers to each update Telegram sends: commands, and answers to its questions."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from izdeu.bot import conversation
from izdeu.bot.models import Conversation
from izdeu.bot.replies import Reply
from izdeu.bot.status import status_reply


def reply_to(update: dict) -> dict | None:
    """The Bot API call that answers the update, or None when there is nothing to answer (an
    edited message, a member joining a group: anything but a new message)."""
    message = update.get("message")
    chat = message.get("chat") if isinstance(message, dict) else None
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    if not isinstance(chat_id, int):
        return None
    Conversation.forget_idle()
    under_way = Conversation.of_chat(str(chat_id))
    language = (under_way.language if under_way else "") or _language_of(message)
    with translation.override(language):
        reply = _reply(str(chat_id), chat.get("type"), message.get("text"), under_way)
    return reply.as_method(chat_id)


def _reply(chat_id: str, chat_type, text, under_way: Conversation | None) -> Reply:
    if chat_type != "private":
        # A group's other members would read the answers, and the code and secret.
        return Reply(_("For your safety, write to me in a private chat, not in a group."))
    if not isinstance(text, str):
        # A photo, a voice message, a sticker: nothing the questions can take.
        return Reply(_("Please answer in text.")) if under_way else Reply(help_text())
    command, argument = _command(text)
    if command == "start":
        return conversation.start(chat_id, argument.strip().lower())
    if command == "cancel":
        return conversation.cancel(chat_id)
    if command == "status":
        return Reply(status_reply(chat_id, argument))
    if command or under_way is None:
        return Reply(help_text())
    return conversation.answer(under_way, chat_id, text)


def _command(text: str) -> tuple[str, str]:
    """("status", "ACDF-3479") from "/status ACDF-3479" or "/status@izdeu_bot ACDF-3479"; ("", text)
    for an answer."""
    if not text.startswith("/"):
        return "", text
    word, _space, argument = text[1:].partition(" ")
    return word.partition("@")[0].lower() or "help", argument


def _language_of(message: dict) -> str:
    """The language of the person's Telegram app, when it is one of ours."""
    sender = message.get("from")
    code = sender.get("language_code") if isinstance(sender, dict) else None
    code = code[:2].lower() if isinstance(code, str) else ""
    return code if code in conversation.LANGUAGE_CODES else settings.LANGUAGE_CODE


def help_text() -> str:
    return "\n".join([
        _("I help you ask izdeu to look for someone who was detained, injured or went missing, and tell you what a "
          "person has confirmed."),
        "",
        "/start — " + _("send a request, step by step"),
        "/status CODE — " + _("what is confirmed, for a request sent from this chat"),
        "/status CODE SECRET — " + _("the same, for a request sent another way"),
        "/cancel — " + _("forget the answers of a request not sent yet"),
        "/help — " + _("this message"),
    ])  # fmt: skip
