"""The webhook Telegram calls with each update the bot receives.

Only Telegram knows the secret it sends in ``X-Telegram-Bot-Api-Secret-Token`` (given to it by
``izdeu telegram-webhook``); anything else is refused before the body is read. The answer to an
update is the Bot API call that replies to it, in the response's body.
"""

import hmac
import json

from django.conf import settings
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.views.decorators.csrf import csrf_exempt

from izdeu.accounts.access import public
from izdeu.audit.log import acting_as
from izdeu.bot.conversation import ACTOR
from izdeu.bot.models import HandledUpdate
from izdeu.bot.updates import reply_to


@public
@csrf_exempt  # Telegram has no CSRF token; the secret header proves the call comes from it
def webhook(request: HttpRequest) -> HttpResponse:
    if not settings.TELEGRAM_BOT_TOKEN:
        raise Http404  # the bot is off
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not _from_telegram(request):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest()
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int):
        return HttpResponseBadRequest()
    with acting_as(ACTOR), transaction.atomic():
        # Telegram sends an update again when it did not get our answer. The repeat gets an empty
        # answer: the first one may have filed a request, and its code and secret are kept nowhere.
        if not HandledUpdate.first_time(update_id):
            return HttpResponse()
        method = reply_to(update)
    if method is None:
        return HttpResponse()
    return JsonResponse(method, json_dumps_params={"ensure_ascii": False})


def _from_telegram(request: HttpRequest) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
