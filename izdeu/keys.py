"""The data key: encrypts sensitive fields at rest, and is kept outside the database.

The current key (IZDEU_DATA_KEY) encrypts everything written; previous keys
(IZDEU_DATA_KEY_PREVIOUS) only decrypt what was written before a rotation (README,
"Changing the data key"). ``izdeu.encryption.keyring`` derives the working sub-keys from them.
"""

import base64
import binascii

from django.conf import settings


def decode_key(text: str, name: str = "the data key") -> bytes:
    """A 32-byte key written as URL-safe base64 (padding optional)."""
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError(f"{name} is not base64") from None
    if len(key) != 32:
        raise ValueError(f"{name} is {len(key)} bytes long, not 32")
    return key


def data_key() -> bytes:
    """The 32-byte data key from IZDEU_DATA_KEY(_FILE), written as URL-safe base64."""
    return decode_key(settings.DATA_KEY)


def previous_data_keys() -> list[bytes]:
    """Keys from IZDEU_DATA_KEY_PREVIOUS(_FILE): used to decrypt only, until `izdeu rotatekey` ran."""
    return [
        decode_key(text, f"previous key no. {number}")
        for number, text in enumerate(getattr(settings, "DATA_KEY_PREVIOUS", []), start=1)
    ]
