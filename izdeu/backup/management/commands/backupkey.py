from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izdeu.backup.errors import BackupError
from izdeu.backup.keys import write_identity


class Command(BaseCommand):
    help = (
        "Create the key pair for backups: writes the private identity (AGE-SECRET-KEY-1…) to a new "
        "file readable by you only, and prints the public key (age1…) to set as "
        "IZDEU_BACKUP_RECIPIENTS on the server. Run it on an offline machine, not on the server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, default=Path("izdeu-backup-identity.txt"),
            help="File for the identity (default izdeu-backup-identity.txt here). It is never overwritten.",
        )

    def handle(self, *args, output: Path, **options):
        try:
            recipient = write_identity(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(_("Could not read or write %(file)s: %(reason)s") % {"file": output, "reason": error.strerror}) from None
        self.stdout.write(
            _(
                "Wrote the backup identity to %(file)s (readable by you only). Whoever holds it can read "
                "every backup: keep it off the server, on an offline machine or on paper, and keep a second copy."
            )
            % {"file": output}
        )
        self.stdout.write(_("Set this on the server, in izdeu's environment:"))
        self.stdout.write(f"IZDEU_BACKUP_RECIPIENTS={recipient}")
