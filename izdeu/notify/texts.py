"""The words of each message, rendered at delivery in the requester's language.

Email and Telegram say what a person confirmed: where, since when, and what to do next. An SMS
may be read by anyone holding the phone, and passes through the operator: it carries only the
reference code and the number to call back, never a name or a place.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from izdeu.facilities.models import FacilityKind
from izdeu.formats import in_sentence
from izdeu.notify.models import MessageChannel, MessageKind
from izdeu.people.models import EventKind, TimePrecision


def render(message) -> tuple[str, str]:
    """(subject, text) of a message; the subject is for email only, and as plain as the SMS."""
    with translation.override(message.language):
        code = message.search_request.reference_code
        context = {"message": message, "code": code, "callback": settings.SMS_CALLBACK_NUMBER}
        if message.channel == MessageChannel.SMS:
            template = "notify/messages/sms.txt"
        else:
            template = f"notify/messages/{message.kind}.txt"
            context |= {"status_url": f"{settings.PUBLIC_URL.rstrip('/')}/{message.language}/status/"}
            if message.event is not None:
                context |= event_context(message.event, message.language)
        text = render_to_string(template, context).strip()
        if message.kind == MessageKind.RECEIVED:
            subject = _("izdeu: request %(code)s received") % {"code": code}
        else:
            # The subject shows on a locked phone: it tells that there is news, not what it is.
            subject = _("izdeu: news on request %(code)s") % {"code": code}
        return subject, _paragraphs(text)


def event_context(event, language: str) -> dict:
    place, described = event.where()
    return {
        "place": place.name(language) if place else described,
        "since": when(event),
        "in_hospital": event.kind == EventKind.HOSPITALISED
        or (place is not None and place.kind == FacilityKind.HOSPITAL),
    }


def when(event) -> str:
    """"7 January" (with the time for a court hearing known to the minute), or "" when unknown."""
    if event.occurred_at is None or event.time_precision == TimePrecision.APPROXIMATE:
        return ""
    exact = event.kind == EventKind.COURT_HEARING and event.time_precision == TimePrecision.EXACT
    return in_sentence(event.occurred_at, "j E, H:i" if exact else "j E")


def _paragraphs(text: str) -> str:
    # Template tags leave blank lines where branches were not taken: one blank line between paragraphs.
    lines = [line.strip() for line in text.splitlines()]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
