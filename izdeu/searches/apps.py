from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchesConfig(AppConfig):
    name = "izdeu.searches"
    label = "searches"
    verbose_name = _("Search requests")

    def ready(self) -> None:
        from izdeu.searches import checks, signals  # noqa: F401  (registers the system checks and signals)
