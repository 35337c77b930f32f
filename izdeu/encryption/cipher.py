"""Authenticated encryption of single values, and keyed hashes for finding equal values.

A stored value reads ``enc1:<key id>:<base64url(nonce + ciphertext + tag)>``: AES-256-GCM with
a fresh random 96-bit nonce per value, under the field sub-key of the named key. The associated
data binds each ciphertext to its column (``searches.requester.phone``), so a value copied into
another column or another table no longer decrypts. It is not bound to its row (``bulk_create``
encrypts before rows have ids): values swapped between two rows of one column still decrypt.
Errors name the column and the key id, never the value.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata

from cryptography.exceptions import InvalidTag

from izdeu.encryption.keyring import Key, UnknownKey, current_key, keyring

PREFIX = "enc1"
NONCE_BYTES = 12
TAG_BYTES = 16
TOKEN = re.compile(r"^enc1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$")


class DecryptionError(ValueError):
    """A stored value cannot be decrypted: unknown key, altered, or moved from another column."""


def _associated_data(column: str) -> bytes:
    return f"izdeu/{PREFIX}/{column}".encode()


def is_encrypted(stored: object) -> bool:
    return isinstance(stored, str) and stored.startswith(f"{PREFIX}:")


def key_id_of(stored: str) -> str | None:
    """The id of the key that wrote a stored value, or None if it is not an encrypted value."""
    match = TOKEN.match(stored) if isinstance(stored, str) else None
    return match.group(1) if match else None


def encrypt(plaintext: str, column: str, key: Key | None = None) -> str:
    key = key or current_key()
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.fields.encrypt(nonce, plaintext.encode("utf-8"), _associated_data(column))
    return f"{PREFIX}:{key.key_id}:{base64.urlsafe_b64encode(nonce + sealed).rstrip(b'=').decode('ascii')}"


def decrypt(stored: str, column: str) -> str:
    """The plaintext of a stored value; DecryptionError if it cannot be trusted."""
    match = TOKEN.match(stored) if isinstance(stored, str) else None
    if match is None:
        raise DecryptionError(f"{column}: the stored value is not an izdeu-encrypted value ({PREFIX}:…)")
    key_id, body = match.groups()
    try:
        key = keyring().get(key_id)
    except UnknownKey as problem:
        raise DecryptionError(f"{column}: {problem}") from None
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise DecryptionError(f"{column}: the value under key {key_id} is not valid base64") from None
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"{column}: the value under key {key_id} is too short")
    try:
        plain = key.fields.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated_data(column))
    except InvalidTag:
        raise DecryptionError(
            f"{column}: the value under key {key_id} fails authentication: it was altered, "
            "or copied from another column"
        ) from None
    return plain.decode("utf-8")


def reencrypt(stored: str, column: str) -> str:
    """The same value under the current key (unchanged if it already is)."""
    if key_id_of(stored) == current_key().key_id:
        return stored
    return encrypt(decrypt(stored, column), column)


# Blind indexes --------------------------------------------------------------------------------


def _normalise_iin(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and ch.isdigit())


def _normalise_text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _normalise_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isascii() and ch.isdigit())
    # Kazakh numbers are written +7 7xx…, 8 7xx… or 7xx…: compare the last ten digits.
    return digits[-10:] if len(digits) >= 10 else digits


NORMALISERS = {"iin": _normalise_iin, "phone": _normalise_phone, "text": _normalise_text}


def normalise(value: str, purpose: str) -> str:
    try:
        normaliser = NORMALISERS[purpose]
    except KeyError:
        raise ValueError(f"no blind index purpose {purpose!r}; known: {', '.join(NORMALISERS)}") from None
    return normaliser(value or "")


def blind_index(value: str, purpose: str, key: Key | None = None) -> str:
    """Keyed hash (HMAC-SHA256, hex) of a normalised value; empty for an empty value.

    Equal values give equal hashes under one key, so rows can be matched on the hash, while a
    copy of the database alone cannot be searched for a known IIN. For ``iin`` only the digits
    count. The purpose separates hashes of different kinds of value.
    """
    normalised = normalise(value, purpose)
    if not normalised:
        return ""
    key = key or current_key()
    message = purpose.encode("utf-8") + b"\x00" + normalised.encode("utf-8")
    return hmac.new(key.index, message, hashlib.sha256).hexdigest()


def blind_indexes(value: str, purpose: str) -> list[str]:
    """The value's blind index under the current and every previous key (for lookups mid-rotation)."""
    return list(dict.fromkeys(h for key in keyring().all if (h := blind_index(value, purpose, key))))
