"""The keys that encrypt data at rest, derived from the data key and never the data key itself.

Each data key (``izdeu.keys``) gives, through HKDF-SHA256 with a distinct label, three
independent sub-keys: one for fields, one for keyed hashes ("blind indexes", which let equal
IINs be found without decrypting them) and one for uploaded files. A key is named by its key
id, the first 8 hex digits of SHA-256 over a fourth derivation, so a stored value says which
key wrote it without revealing anything about the key.

The current key (IZDEU_DATA_KEY) encrypts; the previous keys (IZDEU_DATA_KEY_PREVIOUS) only
decrypt, so that after a key change everything stays readable until ``izdeu rotatekey`` has
re-encrypted it under the current key.
"""

import functools
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from izdeu.keys import decode_key

# Changing a label makes every stored value unreadable: they are part of the format.
LABEL_KEY_ID = b"izdeu/v1/key-id"
LABEL_FIELDS = b"izdeu/v1/field-encryption"
LABEL_INDEX = b"izdeu/v1/blind-index"
LABEL_FILES = b"izdeu/v1/file-encryption"


def derive(key: bytes, label: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=label).derive(key)


class UnknownKey(LookupError):
    """A value or file names a key that is neither the current key nor a previous one."""


@dataclass(frozen=True, repr=False)
class Key:
    """The sub-keys derived from one data key."""

    key_id: str
    fields: AESGCM
    index: bytes
    files: bytes

    @classmethod
    def from_data_key(cls, data_key: bytes) -> "Key":
        return cls(
            key_id=hashlib.sha256(derive(data_key, LABEL_KEY_ID)).hexdigest()[:8],
            fields=AESGCM(derive(data_key, LABEL_FIELDS)),
            index=derive(data_key, LABEL_INDEX),
            files=derive(data_key, LABEL_FILES),
        )

    def __repr__(self) -> str:  # never print key material
        return f"<Key {self.key_id}>"


@dataclass(frozen=True)
class KeyRing:
    current: Key
    previous: tuple[Key, ...]

    def get(self, key_id: str) -> Key:
        if key_id == self.current.key_id:
            return self.current
        for key in self.previous:
            if key.key_id == key_id:
                return key
        raise UnknownKey(f"key {key_id} is neither IZDEU_DATA_KEY nor one of IZDEU_DATA_KEY_PREVIOUS")

    @property
    def all(self) -> tuple[Key, ...]:
        return (self.current, *self.previous)


def keyring() -> KeyRing:
    """The key ring for the current settings (cached; follows settings changes in tests)."""
    return _keyring(settings.DATA_KEY, tuple(getattr(settings, "DATA_KEY_PREVIOUS", ())))


def current_key() -> Key:
    return keyring().current


@functools.lru_cache(maxsize=16)
def _keyring(current_text: str, previous_texts: tuple[str, ...]) -> KeyRing:
    try:
        current = Key.from_data_key(decode_key(current_text, "IZDEU_DATA_KEY"))
        previous: list[Key] = []
        for number, text in enumerate(previous_texts, start=1):
            key = Key.from_data_key(decode_key(text, f"key no. {number} of IZDEU_DATA_KEY_PREVIOUS"))
            if key.key_id != current.key_id and key.key_id not in {k.key_id for k in previous}:
                previous.append(key)
    except ValueError as problem:
        raise ImproperlyConfigured(str(problem)) from None
    return KeyRing(current=current, previous=tuple(previous))
