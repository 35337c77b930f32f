"""Restoring a backup: checks first, then the database in one transaction, then the uploads."""

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyrage import x25519

from izdeu.backup import database
from izdeu.backup.archive import DUMP, UPLOADS, Backup, open_backup, utc_stamp
from izdeu.backup.errors import BackupError
from izdeu.backup.keys import readable_fingerprints


@dataclass(frozen=True)
class Restored:
    backup: Backup
    # Where the uploads that were here went, when --replace moved them aside.
    set_aside: Path | None


def restore_backup(archive: Path, identities: list[x25519.Identity], *, replace: bool) -> Restored:
    """Put a backup's records and uploads back; change nothing unless every check passes."""
    database.check_migrated()
    if not replace and (database.holds_data() or _has_uploads()):
        raise BackupError(database.not_empty_message())
    with open_backup(archive, identities) as backup:
        database.check_compatible(backup.manifest["migrations"], backup.made_by)
        _check_data_key(backup.manifest["data_key_fingerprint"])
        database.load(backup.folder / DUMP, backup.counts, replace=replace, made_by=backup.made_by)
        # After the database committed: files without their records would be unreachable,
        # records without their files would say what is missing.
        set_aside = _put_uploads_in_place(backup.folder / UPLOADS)
    return Restored(Backup(backup.manifest), set_aside)


def _check_data_key(fingerprint: str) -> None:
    """Refuse ciphertext this server could not decrypt: it would restore unreadable records."""
    if fingerprint not in readable_fingerprints():
        raise BackupError(
            _(
                "This server's data key is not the one the backup was made with, so it could not read "
                "the encrypted fields. Set IZDEU_DATA_KEY to that data key, then restore."
            )
        )


def _has_uploads() -> bool:
    media_root = Path(settings.MEDIA_ROOT)
    return media_root.is_dir() and any(media_root.iterdir())


def _put_uploads_in_place(restored: Path) -> Path | None:
    """Move the restored files into MEDIA_ROOT, and what was there (only with --replace) aside.

    Nothing is deleted: the operator removes the set-aside folder once the restore is checked.
    MEDIA_ROOT may be a mount point, so its entries move, never the folder itself.
    """
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    set_aside = None
    if existing := sorted(media_root.iterdir()):
        set_aside = media_root.with_name(f"{media_root.name}-replaced-{utc_stamp(dt.datetime.now(dt.UTC))}")
        set_aside.mkdir(mode=0o700)
        for entry in existing:
            shutil.move(entry, set_aside / entry.name)
    if restored.is_dir():
        for entry in sorted(restored.iterdir()):
            shutil.move(entry, media_root / entry.name)
    return set_aside
