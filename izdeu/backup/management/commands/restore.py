import datetime as dt
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izdeu.backup.errors import BackupError
from izdeu.backup.keys import read_identities
from izdeu.backup.report import data_key_reminder, print_counts
from izdeu.backup.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an izdeu backup into this server's database and uploads folder, with the identity "
        "that opens it. Checks the archive and the migrations first and loads everything in one "
        "transaction; refuses a database that already holds data unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The backup file (.age).")
        parser.add_argument(
            "--identity", required=True, metavar="KEYFILE",
            help="File holding the identity (AGE-SECRET-KEY-1…), or - to read it from standard input "
            "so that it never touches this server's disk.",
        )
        parser.add_argument(
            "--replace", action="store_true",
            help="Delete every record in this database first (in the same transaction), "
            "and move the current uploads to a folder beside them.",
        )

    def handle(self, *args, archive: Path, identity: str, replace: bool, **options):
        started = time.perf_counter()
        try:
            identities = read_identities(self._identity_text(identity))
            restored = restore_backup(archive, identities, replace=replace)
        except BackupError as error:
            # Chained, so that --traceback shows what lies beneath to an operator who asks.
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("Could not read or write %(file)s: %(reason)s") % {"file": error.filename or archive, "reason": error.strerror}
            ) from None
        backup = restored.backup
        self.stdout.write(
            _("Restored %(file)s in %(seconds)s s: made %(made)s by izdeu %(version)s on %(vendor)s.")
            % {
                "file": archive,
                "seconds": f"{time.perf_counter() - started:.1f}",
                "made": dt.datetime.fromisoformat(backup.manifest["created_at"]).strftime("%Y-%m-%d %H:%M UTC"),
                "version": backup.made_by,
                "vendor": backup.manifest["database_vendor"],
            }
        )
        print_counts(self.stdout, backup)
        if restored.set_aside:
            self.stdout.write(
                _("The uploads that were here are now in %(folder)s: delete it once the restore is checked.")
                % {"folder": restored.set_aside}
            )
        self.stdout.write(data_key_reminder())

    def _identity_text(self, identity: str) -> str:
        if identity == "-":
            return sys.stdin.read()
        return Path(identity).read_text(encoding="utf-8")
