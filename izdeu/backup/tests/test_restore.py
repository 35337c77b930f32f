import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pyrage import encrypt, x25519

from izdeu.accounts.models import Organisation
from izdeu.audit.models import AuditEntry
from izdeu.backup import database
from izdeu.backup.archive import MANIFEST, open_backup
from izdeu.backup.keys import read_identities, write_identity
from izdeu.backup.tests.conftest import backup, new_server, restore, stored_rows, the_backup, uploaded_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def backed_up(world, identity_file) -> tuple[dict, dict]:
    """A backup of the world on the server, and what the server held when it was made."""
    rows, files = stored_rows(), uploaded_files()
    backup()
    return rows, files


def audit_tables() -> set[str]:
    return {model._meta.db_table for model in database.backed_up_models() if model._meta.app_label == "audit"}


def test_a_new_server_gets_back_every_row_and_file_as_it_was(backed_up, identity_file):
    rows, files = backed_up
    new_server()
    assert not database.holds_data() and not Path(settings.MEDIA_ROOT).exists()

    output = restore(str(the_backup()), "--identity", str(identity_file))

    restored = stored_rows()
    # Ciphertext included: every stored value is the one the old server wrote.
    for table in set(rows) - audit_tables():
        assert restored[table] == rows[table], table
    # The audit log goes on where it stopped: its old entries, then one per kind of record restored.
    entries = AuditEntry._meta.db_table
    assert restored[entries][: len(rows[entries])] == rows[entries]
    assert {entry.actor for entry in AuditEntry.objects.filter(sequence__gt=len(rows[entries]))} == {"command:restore"}
    call_command("audit", "verify", stdout=io.StringIO())
    assert uploaded_files() == files
    assert "IZDEU_DATA_KEY" in output and "+77015550142" not in output and "ЗАГИПАРОВ" not in output


def test_the_identity_can_come_from_standard_input(backed_up, identity_file, monkeypatch):
    new_server()
    monkeypatch.setattr("sys.stdin", io.StringIO(identity_file.read_text()))
    restore(str(the_backup()), "--identity", "-")
    assert database.holds_data()


def test_a_wrong_identity_is_refused_and_changes_nothing(backed_up, tmp_path):
    new_server()
    write_identity(tmp_path / "someone-else.txt")
    with pytest.raises(CommandError, match="cannot open"):
        restore(str(the_backup()), "--identity", str(tmp_path / "someone-else.txt"))
    assert not database.holds_data() and not Path(settings.MEDIA_ROOT).exists()
    assert not [path for path in Path(settings.DATA_DIR).iterdir() if path.name.startswith(".")]


def test_a_truncated_backup_is_refused_and_changes_nothing(backed_up, identity_file, tmp_path):
    new_server()
    cut = tmp_path / "cut-short.age"
    data = the_backup().read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CommandError, match="damaged or cut short"):
        restore(str(cut), "--identity", str(identity_file))
    assert not database.holds_data() and not Path(settings.MEDIA_ROOT).exists()


def test_an_altered_member_is_refused(backed_up, identity_file, tmp_path):
    # Encrypted to the server's public key by anyone who has it, with a file swapped after hashing.
    identities = read_identities(identity_file.read_text())
    tampered = tmp_path / "tampered.age"
    tampered.write_bytes(encrypt(_repacked(the_backup(), identities, swap=b"not the uploaded list"), _recipients()))
    new_server()
    with pytest.raises(CommandError, match="damaged or cut short"):
        restore(str(tampered), "--identity", str(identity_file))
    assert not database.holds_data()


def test_a_file_that_is_not_an_izdeu_backup_is_refused(db, identity_file, tmp_path):
    for name, content in (
        ("notes.txt", "Список ИВС на 8 января".encode()),
        ("photo.age", encrypt(b"\x89PNG\r\n\x1a\n" + bytes(64), _recipients())),
    ):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(CommandError, match="not an izdeu backup"):
            restore(str(tmp_path / name), "--identity", str(identity_file))


def test_a_backup_made_by_a_newer_izdeu_is_refused(backed_up, identity_file, tmp_path):
    identities = read_identities(identity_file.read_text())
    newer = tmp_path / "newer.age"
    newer.write_bytes(
        encrypt(
            _repacked(the_backup(), identities, migrations={"searches": ["0001_initial", "0099_requests_by_region"]}),
            _recipients(),
        )
    )
    new_server()
    with pytest.raises(CommandError, match="newer izdeu"):
        restore(str(newer), "--identity", str(identity_file))
    assert not database.holds_data()


def test_a_backup_made_before_a_data_conversion_is_refused(backed_up, identity_file, tmp_path):
    # The audit log's triggers are installed by a migration that runs code: a backup from
    # before it never had them applied to its records, so it must go through that version.
    identities = read_identities(identity_file.read_text())
    older = tmp_path / "older.age"
    older.write_bytes(encrypt(_repacked(the_backup(), identities, migrations={"audit": ["0001_initial"]}), _recipients()))
    new_server()
    with pytest.raises(CommandError, match="older izdeu"):
        restore(str(older), "--identity", str(identity_file))


def test_a_server_with_another_data_key_is_refused(backed_up, identity_file, settings):
    new_server()
    settings.DATA_KEY = "Q2Fub3RoZXItc2VydmVyLWRhdGEta2V5LTMyYnl0ZXM"
    with pytest.raises(CommandError, match="IZDEU_DATA_KEY"):
        restore(str(the_backup()), "--identity", str(identity_file))
    assert not database.holds_data()


def test_a_backup_made_before_a_key_change_restores_while_the_old_key_is_kept_as_previous(
    backed_up, identity_file, settings
):
    new_server()
    settings.DATA_KEY_PREVIOUS = [settings.DATA_KEY]
    settings.DATA_KEY = "Q2Fub3RoZXItc2VydmVyLWRhdGEta2V5LTMyYnl0ZXM"
    restore(str(the_backup()), "--identity", str(identity_file))
    assert database.holds_data()


def test_restoring_into_a_database_that_holds_data_is_refused(backed_up, identity_file):
    before = stored_rows()
    with pytest.raises(CommandError, match="already holds data"):
        restore(str(the_backup()), "--identity", str(identity_file))
    assert stored_rows() == before


def test_replace_refuses_to_delete_the_audit_log(backed_up, identity_file):
    assert AuditEntry.objects.exists()
    before = stored_rows()
    with pytest.raises(CommandError, match="audit log"):
        restore(str(the_backup()), "--identity", str(identity_file), "--replace")
    assert stored_rows() == before


def test_replace_swaps_the_records_and_sets_the_old_uploads_aside(backed_up, identity_file):
    rows, files = backed_up
    new_server()
    # A test installation that was set up before the restore: no audit entries yet.
    Organisation.objects.create(name="Тест ұйымы")
    stray = Path(settings.MEDIA_ROOT) / "stray.bin"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left from a test")

    output = restore(str(the_backup()), "--identity", str(identity_file), "--replace")

    assert not Organisation.objects.filter(name="Тест ұйымы").exists()
    assert stored_rows()["accounts_organisation"] == rows["accounts_organisation"]
    assert uploaded_files() == files
    (set_aside,) = Path(settings.MEDIA_ROOT).parent.glob("uploads-replaced-*")
    assert (set_aside / "stray.bin").read_bytes() == b"left from a test"
    assert str(set_aside) in output


def test_restore_into_a_database_not_migrated_is_refused(backed_up, identity_file, monkeypatch):
    new_server()
    monkeypatch.setattr(database.MigrationExecutor, "migration_plan", lambda self, targets: [("searches", "0002")])
    with pytest.raises(CommandError, match="izdeu migrate"):
        restore(str(the_backup()), "--identity", str(identity_file))


def _recipients() -> list[x25519.Recipient]:
    return [x25519.Recipient.from_str(key) for key in settings.BACKUP_RECIPIENTS]


def _repacked(archive: Path, identities, *, swap: bytes | None = None, migrations: dict | None = None) -> bytes:
    """The backup's tar again, with one uploaded file's bytes swapped or the manifest's migrations changed."""
    with open_backup(archive, identities) as opened:
        members = {
            path.relative_to(opened.folder).as_posix(): path.read_bytes()
            for path in opened.folder.rglob("*")
            if path.is_file()
        }
    manifest = json.loads(members[MANIFEST])
    if migrations is not None:
        manifest["migrations"] = migrations
    members[MANIFEST] = json.dumps(manifest).encode()
    if swap is not None:
        (upload,) = [name for name in members if name.startswith("uploads/")]
        members[upload] = swap
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()

