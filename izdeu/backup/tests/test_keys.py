import io
import os
import stat
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from pyrage import x25519

from izdeu.backup.errors import BackupError
from izdeu.backup.keys import read_identities
from izdeu.backup.tests.conftest import backup


def backupkey(*args: str) -> str:
    out = io.StringIO()
    call_command("backupkey", *args, stdout=out)
    return out.getvalue()


def test_backupkey_writes_an_identity_only_its_owner_can_read(tmp_path):
    path = tmp_path / "izdeu-backup-identity.txt"
    output = backupkey("-o", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (identity,) = read_identities(path.read_text())
    # The public key is printed ready for the server's environment; the identity never is.
    assert f"IZDEU_BACKUP_RECIPIENTS={identity.to_public()}" in output
    assert "AGE-SECRET-KEY-1" not in output


def test_backupkey_never_overwrites_a_key(tmp_path):
    path = tmp_path / "izdeu-backup-identity.txt"
    backupkey("-o", str(path))
    first = path.read_text()
    with pytest.raises(CommandError, match="already exists"):
        backupkey("-o", str(path))
    assert path.read_text() == first


@pytest.mark.django_db
def test_an_identity_configured_as_recipient_is_refused_without_being_shown(settings):
    secret = str(x25519.Identity.generate())
    settings.BACKUP_RECIPIENTS = [secret]
    with pytest.raises(CommandError, match="private identity") as refusal:
        backup()
    assert secret not in str(refusal.value)


@pytest.mark.django_db
def test_a_malformed_recipient_is_refused(settings):
    settings.BACKUP_RECIPIENTS = [str(x25519.Identity.generate().to_public()), "age1notakey"]
    with pytest.raises(CommandError, match="recipient 2 is not an age public key"):
        backup()


@pytest.mark.parametrize("text", ["", "# only a comment\n", "AGE-SECRET-KEY-1NOTAKEY\n", "age1notasecret\n"])
def test_an_identity_file_without_an_identity_is_refused(text):
    with pytest.raises(BackupError):
        read_identities(text)


@pytest.mark.parametrize("command", ["backup", "backupkey", "restore"])
def test_every_backup_command_explains_itself(tmp_path, command):
    env = {**os.environ, "IZDEU_DATA_DIR": str(tmp_path), "LANG": "en_US.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "izdeu", command, "--help"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8, description
