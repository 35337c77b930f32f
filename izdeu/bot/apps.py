from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "izdeu.bot"
    label = "bot"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        from izdeu.bot import checks  # noqa: F401  (registers the system checks)
