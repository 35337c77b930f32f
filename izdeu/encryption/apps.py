from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncryptionConfig(AppConfig):
    name = "izdeu.encryption"
    label = "encryption"
    verbose_name = _("Encryption at rest")

    def ready(self) -> None:
        from izdeu.encryption import checks  # noqa: F401  (registers the system checks)
