"""System checks: a bot with a token needs the webhook's secret, or it refuses every update."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def check_webhook_secret(app_configs, **kwargs):
    if not settings.TELEGRAM_BOT_TOKEN or settings.TELEGRAM_WEBHOOK_SECRET:
        return []
    return [
        Warning(
            "IZDEU_TELEGRAM_BOT_TOKEN is set but IZDEU_TELEGRAM_WEBHOOK_SECRET is not: the bot refuses every update.",
            hint="Set a long random secret (python3 -c 'import secrets; print(secrets.token_urlsafe(32))'), "
            "then run izdeu telegram-webhook.",
            id="bot.W001",
        )
    ]
