import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from izdeu.backup.archive import create_backup, default_path
from izdeu.backup.errors import BackupError
from izdeu.backup.keys import parse_recipients
from izdeu.backup.report import data_key_reminder, print_counts


class Command(BaseCommand):
    help = (
        "Write one encrypted backup of izdeu: every record in the database and every uploaded file, "
        "encrypted to the public keys in IZDEU_BACKUP_RECIPIENTS, so this server cannot read it. "
        "The data key is not in it. Prints the file, its size and counts, never data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path,
            help="File to write (default: backups/izdeu-backup-<UTC time>.age in the data folder). Never overwritten.",
        )
        parser.add_argument(
            "--recipient", action="append", default=[], metavar="AGE1…",
            help="Also encrypt to this public key, besides IZDEU_BACKUP_RECIPIENTS. May be repeated.",
        )

    def handle(self, *args, output: Path | None, recipient: list[str], **options):
        started = time.perf_counter()
        output = output or default_path()
        try:
            recipients = parse_recipients([*settings.BACKUP_RECIPIENTS, *recipient])
            if not recipients:
                raise BackupError(
                    _(
                        "No public key to encrypt the backup to. Create a key pair with `izdeu backupkey` "
                        "on an offline machine, then set IZDEU_BACKUP_RECIPIENTS (or give --recipient)."
                    )
                )
            backup = create_backup(output, recipients)
        except BackupError as error:
            # Chained, so that --traceback shows what lies beneath to an operator who asks.
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("Could not read or write %(file)s: %(reason)s") % {"file": error.filename or output, "reason": error.strerror}
            ) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("Wrote %(file)s (%(size)s) in %(seconds)s s. Only the holders of the matching identities can open it.")
            % {"file": output, "size": filesizeformat(output.stat().st_size), "seconds": f"{seconds:.1f}"}
        )
        print_counts(self.stdout, backup)
        self.stdout.write(data_key_reminder())
