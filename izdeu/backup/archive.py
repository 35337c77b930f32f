"""The backup file: one tar archive, gzip-compressed, then encrypted with age.

Inside: ``database.jsonl`` (see ``database.py``), every file under MEDIA_ROOT as stored
(``uploads/…``), and last ``manifest.json``: the izdeu version, the migrations applied, the
database vendor, the rows per model, a fingerprint of the data key (never the key) and each
member's SHA-256.

Plaintext exists on disk only inside a private working folder (mode 0700) in the data folder,
removed afterwards even on failure: the data folder rather than /tmp, which may be memory too
small for a dump the size of the database. Every step streams, so memory use does not grow
with the database; the working folder needs room for the dump and the archive.
"""

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from pyrage import x25519

from izdeu.audit.log import AuditAction, record
from izdeu.backup import database
from izdeu.backup.errors import BackupError, already_exists
from izdeu.backup.keys import data_key_fingerprint

FORMAT = "izdeu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.jsonl"
UPLOADS = "uploads"
AGE_HEADER = b"age-encryption.org/v1\n"
# pyrage's wording when no identity opens the file; any other failure means a damaged file.
NO_MATCHING_KEY = "No matching keys found"
READ_SIZE = 1024 * 1024


@dataclass(frozen=True)
class Backup:
    """A backup as written, or as opened and checked."""

    manifest: dict[str, Any]
    folder: Path | None = None

    @property
    def counts(self) -> dict[str, int]:
        return self.manifest["counts"]

    @property
    def uploads(self) -> int:
        return sum(1 for name in self.manifest["members"] if name.startswith(f"{UPLOADS}/"))

    @property
    def made_by(self) -> str:
        return self.manifest["izdeu_version"]


def utc_stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"izdeu-backup-{utc_stamp(dt.datetime.now(dt.UTC))}.age"


def create_backup(output: Path, recipients: list[x25519.Recipient]) -> Backup:
    """Write the database and the uploads to ``output``, readable only with the recipients' identities."""
    database.check_migrated()
    if output.exists():
        raise BackupError(already_exists(output))
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _private_folder() as work:
        plain = work / "backup.tar.gz"
        manifest = _write_tar(plain, work)
        _encrypt(plain, output, recipients)
    # A backup copies every record: the audit log says when, and who ran it.
    record("command:backup", AuditAction.EXPORT, detail="backup")
    return Backup(manifest)


def _write_tar(path: Path, work: Path) -> dict[str, Any]:
    created_at = dt.datetime.now(dt.UTC)
    members: dict[str, dict[str, Any]] = {}
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        dumped = work / DUMP
        with dumped.open("w", encoding="utf-8") as stream:
            counts = database.dump(stream)
        members[DUMP] = _add_file(tar, dumped, DUMP)
        dumped.unlink()
        media_root = Path(settings.MEDIA_ROOT)
        for upload in _upload_files(media_root):
            name = f"{UPLOADS}/{upload.relative_to(media_root).as_posix()}"
            members[name] = _add_file(tar, upload, name)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "izdeu_version": version("izdeu"),
            "created_at": created_at.isoformat(),
            "database_vendor": connection.vendor,
            "migrations": database.applied_migrations(),
            "counts": counts,
            "data_key_fingerprint": data_key_fingerprint(),
            "members": members,
        }
        text = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(text)
        info.mtime = int(created_at.timestamp())
        tar.addfile(info, io.BytesIO(text))
    return manifest


def _upload_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


class _HashingReader:
    """Hashes what tarfile reads, so each member is read once."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as f:
        info = tar.gettarinfo(arcname=name, fileobj=f)
        # Account names on this server say nothing the restore needs.
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _encrypt(plain: Path, output: Path, recipients: list[x25519.Recipient]) -> None:
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(already_exists(output)) from None
    try:
        with plain.open("rb") as source, os.fdopen(fd, "wb") as target:
            pyrage.encrypt_io(source, target, recipients)
    except BaseException:
        output.unlink()
        raise


@contextmanager
def open_backup(archive: Path, identities: list[x25519.Identity]) -> Iterator[Backup]:
    """Decrypt and unpack a backup into a private folder, check it, and remove the folder after."""
    with _private_folder() as work:
        plain = work / "backup.tar.gz"
        _decrypt(archive, plain, identities)
        folder = work / "backup"
        _unpack(plain, folder, archive)
        plain.unlink()
        manifest = _checked_manifest(folder, archive)
        yield Backup(manifest, folder)


def _decrypt(archive: Path, plain: Path, identities: list[x25519.Identity]) -> None:
    with archive.open("rb") as source:
        if source.read(len(AGE_HEADER)) != AGE_HEADER:
            raise BackupError(not_a_backup(archive))
        source.seek(0)
        with plain.open("xb") as target:
            try:
                pyrage.decrypt_io(source, target, identities)
            except pyrage.DecryptError as error:
                if NO_MATCHING_KEY in str(error):
                    raise BackupError(
                        _("This identity cannot open %(file)s: the backup was made for other keys.") % {"file": archive}
                    ) from None
                raise BackupError(damaged(archive)) from None
            except OSError as error:
                # pyrage reports a cut-off or altered file as an OSError without an errno.
                if error.errno is not None:
                    raise
                raise BackupError(damaged(archive)) from None


def _unpack(plain: Path, folder: Path, archive: Path) -> None:
    try:
        with tarfile.open(plain, "r:gz") as tar:
            if not all(member.isfile() for member in tar.getmembers()):
                raise BackupError(not_a_backup(archive))
            # The "data" filter refuses absolute paths, "..", links and devices.
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error):
        raise BackupError(not_a_backup(archive)) from None


def _checked_manifest(folder: Path, archive: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        is_ours = manifest["format"] == FORMAT
        format_version, made_by = manifest["format_version"], manifest["izdeu_version"]
        hashes = {name: member["sha256"] for name, member in manifest["members"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        is_ours = False
    if not is_ours:
        raise BackupError(not_a_backup(archive))
    if format_version != FORMAT_VERSION:
        raise BackupError(
            _(
                "%(file)s is in a backup format this izdeu does not know (made by izdeu %(version)s). "
                "Upgrade izdeu, then restore."
            )
            % {"file": archive, "version": made_by}
        )
    found = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()} - {MANIFEST}
    if found != set(hashes) or any(_sha256(folder / name) != sha256 for name, sha256 in hashes.items()):
        raise BackupError(damaged(archive))
    return manifest


def _sha256(path: Path) -> str:
    sha256 = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(READ_SIZE):
            sha256.update(chunk)
    return sha256.hexdigest()


@contextmanager
def _private_folder() -> Iterator[Path]:
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    # mkdtemp creates the folder readable by its owner only (0700).
    work = Path(tempfile.mkdtemp(prefix=".izdeu-backup-work-", dir=data_dir))
    try:
        yield work
    finally:
        shutil.rmtree(work)


def not_a_backup(archive: Path) -> str:
    return _("%(file)s is not an izdeu backup.") % {"file": archive}


def damaged(archive: Path) -> str:
    return _("%(file)s is damaged or cut short: its contents do not match what was written. Use another copy.") % {
        "file": archive
    }
