import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

TIMEOUT = 20  # seconds


class Command(BaseCommand):
    help = (
        "Register the bot's webhook with Telegram (setWebhook): updates go to IZDEU_PUBLIC_URL + "
        "/telegram/webhook/, each with IZDEU_TELEGRAM_WEBHOOK_SECRET. Run it once, and again when "
        "the address or the secret changes."
    )

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError(_("IZDEU_TELEGRAM_BOT_TOKEN is not set: the bot is off."))
        if not settings.TELEGRAM_WEBHOOK_SECRET:
            raise CommandError(_("IZDEU_TELEGRAM_WEBHOOK_SECRET is not set: the webhook would refuse every update."))
        address = settings.PUBLIC_URL.rstrip("/") + reverse("telegram_webhook")
        call("setWebhook", {
            "url": address,
            "secret_token": settings.TELEGRAM_WEBHOOK_SECRET,
            # Messages are all the bot answers; edits, reactions and the rest are not sent at all.
            "allowed_updates": ["message"],
        })  # fmt: skip
        self.stdout.write(_("Telegram sends the bot's messages to %(address)s.") % {"address": address})


def call(method: str, payload: dict) -> dict:
    """One Bot API call; its result, or CommandError with Telegram's reason. The token is part
    of the address, so the address is never shown."""
    base = settings.TELEGRAM_API_URL.rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise CommandError(_("IZDEU_TELEGRAM_API_URL must start with https://."))
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        f"{base}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()  # Telegram gives its reason in the body of a refusal
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CommandError(_("Telegram's Bot API could not be reached: %(reason)s") % {"reason": reason}) from None
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {}
    if not isinstance(answer, dict) or not answer.get("ok"):
        reason = answer.get("description", "") if isinstance(answer, dict) else ""
        raise CommandError(_("Telegram refused: %(reason)s") % {"reason": reason or "?"})
    return answer.get("result")
