from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "izdeu.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from izdeu.audit import retention, signals

        signals.connect()
        # A mistyped IZDEU_RETENTION_DAYS stops izdeu at start, not at the first purge.
        retention.periods()
