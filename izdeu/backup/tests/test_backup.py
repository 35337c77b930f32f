import json
import re
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError
from django.db import connection
from django.utils import translation
from pyrage import x25519

from izdeu.backup import database
from izdeu.backup.archive import DUMP, MANIFEST, open_backup
from izdeu.backup.keys import read_identities
from izdeu.backup.tests.conftest import REQUESTER_PHONE, SURNAME, UPLOAD, backup, the_backup

pytestmark = pytest.mark.django_db


def test_backup_writes_one_file_in_the_data_folder_that_only_its_owner_can_read(world, identity_file):
    with translation.override("en"):
        output = backup()
    written = the_backup()
    assert written.parent == Path(settings.DATA_DIR) / "backups"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert str(written) in output
    # What it holds, counted: two list rows, one uploaded file.
    assert re.search(r"List entries +2\n", output) and re.search(r"Uploaded files +1\n", output)
    assert "IZDEU_DATA_KEY" in output, "the operator is told the data key is not in the backup"


def test_the_backup_reveals_nothing_to_whoever_holds_the_server(world, identity_file):
    output = backup()
    archive = the_backup().read_bytes()
    for secret in (REQUESTER_PHONE, SURNAME, "Загипаров", "Инсулин"):
        assert secret.encode() not in archive
        assert secret not in output
    # Nothing but the encrypted archive is left beside the uploads: the plaintext work folder is gone.
    assert {path.name for path in Path(settings.DATA_DIR).iterdir()} == {"backups", "uploads"}
    assert list((Path(settings.DATA_DIR) / "backups").iterdir()) == [the_backup()]


def test_the_archive_holds_a_manifest_the_records_and_the_uploads_as_stored(world, identity_file):
    before = (Path(settings.MEDIA_ROOT) / UPLOAD).read_bytes()
    counts = database.row_counts()
    backup()
    with open_backup(the_backup(), read_identities(identity_file.read_text())) as opened:
        manifest = json.loads((opened.folder / MANIFEST).read_text())
        dumped = (opened.folder / DUMP).read_text(encoding="utf-8")
        assert (opened.folder / "uploads" / UPLOAD).read_bytes() == before
    assert manifest["format"] == "izdeu-backup" and manifest["database_vendor"] == connection.vendor
    assert manifest["counts"] == counts and counts["lists.listentry"] == 2
    assert "0001_initial" in manifest["migrations"]["searches"]
    assert set(manifest["members"]) == {DUMP, f"uploads/{UPLOAD.as_posix()}"}
    # The list row as read, in its own script, with natural keys for accounts.
    assert "ЗАГИПАРОВ Нурлан Серикович" in dumped and '"lawyer-aigerim"' in dumped
    assert sum(manifest["counts"].values()) == len(dumped.splitlines())


def test_times_keep_their_microseconds(world, identity_file):
    # Django's own JSON encoder rounds them to milliseconds; the audit chain's hashes cover them.
    backup()
    with open_backup(the_backup(), read_identities(identity_file.read_text())) as opened:
        dumped = (opened.folder / DUMP).read_text(encoding="utf-8")
    assert "2022-01-07T23:40:12.345678+00:00" in dumped


def test_every_recipient_can_open_the_backup(world, identity_file, settings):
    partner = x25519.Identity.generate()
    counts = database.row_counts()
    backup("--recipient", str(partner.to_public()))
    for identities in (read_identities(identity_file.read_text()), [partner]):
        with open_backup(the_backup(), identities) as opened:
            assert opened.counts == counts


def test_backup_without_a_public_key_is_refused(world):
    with pytest.raises(CommandError, match="IZDEU_BACKUP_RECIPIENTS"):
        backup()
    assert not (Path(settings.DATA_DIR) / "backups").exists()


def test_backup_never_overwrites_a_file(world, identity_file, tmp_path):
    output = tmp_path / "usb" / "izdeu.age"
    output.parent.mkdir()
    output.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        backup("-o", str(output))
    assert output.read_bytes() == b"yesterday's backup"


def test_a_failed_backup_leaves_nothing_behind(world, identity_file, monkeypatch):
    def disk_full(stream):
        stream.write('{"model": "searches.requester", "fields": {"phone": "%s"}}\n' % REQUESTER_PHONE)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database, "dump", disk_full)
    with pytest.raises(CommandError, match="No space left on device"):
        backup()
    left = {path.name for path in Path(settings.DATA_DIR).iterdir()}
    assert left == {"backups", "uploads"} and not any((Path(settings.DATA_DIR) / "backups").iterdir())


def test_backup_of_a_database_not_migrated_is_refused(world, identity_file, monkeypatch):
    monkeypatch.setattr(database.MigrationExecutor, "migration_plan", lambda self, targets: [("searches", "0002")])
    with pytest.raises(CommandError, match="izdeu migrate"):
        backup()
