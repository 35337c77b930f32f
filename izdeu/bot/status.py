"""``/status CODE`` and ``/status CODE SECRET``: the status page's answer, in a chat.

The same facts, the same advice and the same rules as ``/<lang>/status/`` (``izdeu.searches``):
only what a person confirmed, never a death, lookups limited per chat and per code (the code's
count is shared with the web page), and one answer for a wrong code and a wrong secret. The
chat that filed a request is its requester: there the code alone is enough.
"""

import re
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from izdeu.audit.log import AuditAction, record, record_read
from izdeu.bot.conversation import ACTOR
from izdeu.bot.models import ChatRequest
from izdeu.searches import throttle
from izdeu.searches.intake import normalise_code, request_for
from izdeu.searches.models import REFERENCE_LENGTH, AttemptPurpose, SearchRequest
from izdeu.searches.status import status_of

# What the answer shows of the request, for the audit log.
SHOWN_FIELDS = ("reference_code",)


def status_reply(chat_id: str, typed: str) -> str:
    code, secret = split(typed)
    if not code:
        return _("Send /status followed by your reference code, for example /status ACDF-3479.")
    chat_key = f"telegram:{chat_id}"
    if throttle.is_limited(AttemptPurpose.STATUS_ADDRESS, chat_key) or throttle.is_limited(AttemptPurpose.STATUS_CODE, code):
        return str(throttle.LOOKUPS_REFUSAL)
    throttle.note(AttemptPurpose.STATUS_ADDRESS, chat_key)
    throttle.note(AttemptPurpose.STATUS_CODE, code)
    found = filed_in_chat(chat_id, code) or (request_for(code, secret) if secret else None)
    if found is None:
        # Which of the two was wrong is not said, nor recorded: only that a lookup failed.
        record(ACTOR, AuditAction.READ, SearchRequest, (), detail="status_lookup=refused")
        if secret:
            return _("No request matches this code and secret. Check both and try again.")
        return _("No request sent from this chat has this code. For a request sent elsewhere, send the code and "
                 "the secret: /status CODE SECRET")  # fmt: skip
    shown = status_of(found)
    record_read(ACTOR, [found, *shown.events], fields=SHOWN_FIELDS)
    context = {"code": found.reference_code, "shown": shown, "advice": advice(shown.situation)}
    return render_to_string("bot/status.txt", context).strip()


def split(typed: str) -> tuple[str, str]:
    """(code, secret) as stored, from whatever was typed after /status: "acdf 3479", "ACDF-3479
    KMNP-QRTU-VWXY" and "ACDF3479KMNPQRTUVWXY" all read the same."""
    compact = normalise_code(typed).replace("-", "")
    return normalise_code(compact[:REFERENCE_LENGTH]), normalise_code(compact[REFERENCE_LENGTH:])


def filed_in_chat(chat_id: str, code: str) -> SearchRequest | None:
    link = (
        ChatRequest.objects.filter_encrypted(chat_id=chat_id)
        .filter(search_request__reference_code=code)
        .select_related("search_request__case__person")
        .first()
    )
    return link.search_request if link else None


def advice(situation: str) -> list[str]:
    """The status page's advice for this situation, as lines of plain text."""
    html = render_to_string("searches/advice.html", {"situation": situation})
    return [unescape(strip_tags(item)).strip() for item in re.findall(r"<li>(.*?)</li>", html, re.DOTALL)]
