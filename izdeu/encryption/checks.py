"""System checks for encryption at rest (`izdeu check`, `izdeu check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from izdeu.encryption.keyring import keyring
from izdeu.encryption.storage import EncryptedFileSystemStorage


@register()
def check_previous_keys(app_configs, **kwargs):
    try:
        ring = keyring()
    except ImproperlyConfigured as problem:
        # An unusable current key is reported by izdeu.E001 (web/checks.py).
        if "PREVIOUS" not in str(problem):
            return []
        return [Error(f"IZDEU_DATA_KEY_PREVIOUS is unusable: {problem}.", id="izdeu.E101")]
    if ring.previous:
        return [
            Warning(
                f"{len(ring.previous)} previous data key(s) are still configured.",
                hint="Run `izdeu rotatekey`; once it reports nothing left, remove IZDEU_DATA_KEY_PREVIOUS "
                "(README, Changing the data key).",
                id="izdeu.W101",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_uploads_encrypted(app_configs, **kwargs):
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if not issubclass(backend, EncryptedFileSystemStorage):
        return [
            Error(
                "Uploaded files are stored unencrypted.",
                hint='Set STORAGES["default"] to izdeu.encryption.storage.EncryptedFileSystemStorage.',
                id="izdeu.E102",
            )
        ]
    return []
