"""The data key: encrypts sensitive fields at rest, and is kept outside the database."""

import base64
import binascii

from django.conf import settings


def data_key() -> bytes:
    """The 32-byte data key from IZDEU_DATA_KEY(_FILE), written as URL-safe base64."""
    text = settings.DATA_KEY
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("the data key is not base64") from None
    if len(key) != 32:
        raise ValueError(f"the data key is {len(key)} bytes long, not 32")
    return key
