"""Backup keys: an age X25519 identity, kept off the server, and its public recipient.

The server holds only recipients (``age1…``), so whoever seizes it can make backups but not
read them. The identity file uses age-keygen's format: the standard ``age`` tool opens the
backups too (``age -d -i FILE backup.age | tar -tz``).
"""

import datetime as dt
import hashlib
import hmac
import os
from pathlib import Path

from django.utils.translation import gettext as _
from pyrage import IdentityError, RecipientError, x25519

from izdeu.backup.errors import BackupError, already_exists
from izdeu.keys import data_key, previous_data_keys

IDENTITY_PREFIX = "AGE-SECRET-KEY-1"


def write_identity(path: Path) -> x25519.Recipient:
    """Create a new identity in a new file only its owner can read; return its public recipient."""
    identity = x25519.Identity.generate()
    recipient = identity.to_public()
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = (
        "# izdeu backup identity: whoever holds this file can read every backup made for it.\n"
        "# Keep it off the server, on an offline machine or on paper.\n"
        f"# created: {created}\n"
        f"# public key: {recipient}\n"
        f"{identity}\n"
    )
    try:
        # Created with its final mode, never briefly readable by others; never overwrites a key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(already_exists(path)) from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text)
    return recipient


def parse_recipients(texts: list[str]) -> list[x25519.Recipient]:
    recipients = []
    for number, text in enumerate(texts, start=1):
        text = text.strip()
        if text.upper().startswith(IDENTITY_PREFIX):
            # Never echo it: it is a secret that was put where a public key belongs.
            raise BackupError(
                _(
                    "Backup recipient %(number)s is a private identity, not a public key. "
                    "Configure only its public key (age1…) on the server and keep the identity off it."
                )
                % {"number": number}
            )
        try:
            recipients.append(x25519.Recipient.from_str(text))
        except RecipientError:
            raise BackupError(
                _("Backup recipient %(number)s is not an age public key (age1…).") % {"number": number}
            ) from None
    return recipients


def read_identities(text: str) -> list[x25519.Identity]:
    """The identities in an age identity file: one per line, with # comments and blank lines."""
    lines = [line.strip() for line in text.splitlines()]
    keys = [line for line in lines if line and not line.startswith("#")]
    try:
        identities = [x25519.Identity.from_str(key) for key in keys]
    except IdentityError:
        identities = []
    if not identities:
        raise BackupError(
            _("The identity file must hold age identities (lines starting AGE-SECRET-KEY-1) and comments only.")
        )
    return identities


def data_key_fingerprint(key: bytes | None = None) -> str:
    """Names a data key (this server's current one by default) without revealing anything of it.

    A backup carries it so that a restore can tell whether this server's data key reads the
    encrypted fields; anyone holding a guessed key could test it against any ciphertext anyway.
    """
    return hmac.new(key or data_key(), b"izdeu/backup/data-key-fingerprint", hashlib.sha256).hexdigest()[:16]


def readable_fingerprints() -> set[str]:
    """The keys whose ciphertext this server reads: the current one and, during a key change,
    the previous ones (IZDEU_DATA_KEY_PREVIOUS), so a backup made before the change restores."""
    return {data_key_fingerprint(key) for key in (data_key(), *previous_data_keys())}
