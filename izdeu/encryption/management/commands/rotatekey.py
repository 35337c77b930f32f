from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izdeu.encryption.keyring import keyring
from izdeu.encryption.rotation import encrypted_models, rewrite_table, rotate_files


def batch_size(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 10000:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and every uploaded file under the current data key "
        "(IZDEU_DATA_KEY), reading older values with IZDEU_DATA_KEY_PREVIOUS, and recompute every "
        "IIN hash. Safe to stop and run again: what is already under the current key is skipped. "
        "Prints counts, never values."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; write nothing.")
        parser.add_argument(
            "--batch-size", type=batch_size, default=500, help="Rows per transaction (default 500)."
        )

    def handle(self, *args, dry_run, batch_size, **options):
        ring = keyring()
        self.stdout.write(
            _("Current key: %(key)s. Previous keys: %(previous)s.")
            % {"key": ring.current.key_id, "previous": ", ".join(k.key_id for k in ring.previous) or "—"}
        )
        problems: list[str] = []
        meanwhile = 0
        for model in encrypted_models():
            counts = rewrite_table(model, dry_run=dry_run, batch_size=batch_size)
            self.stdout.write(
                _("%(model)s: %(rows)s rows, %(values)s values re-encrypted, %(hashes)s hashes recomputed.")
                % {
                    "model": model._meta.label,
                    "rows": counts.rows,
                    "values": counts.reencrypted,
                    "hashes": counts.hashes,
                }
            )
            problems += [f"{model._meta.label} {problem}" for problem in counts.problems]
            meanwhile += counts.changed_meanwhile
        files = rotate_files(default_storage, dry_run=dry_run)
        self.stdout.write(
            _("Uploaded files: %(files)s, %(values)s re-encrypted.") % {"files": files.files, "values": files.reencrypted}
        )
        problems += files.problems
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        for problem in problems:
            self.stderr.write(problem)
        if problems or meanwhile:
            raise CommandError(
                _(
                    "%(problems)s values or files could not be read, and %(meanwhile)s rows changed while "
                    "this ran. Run izdeu rotatekey again; keep the previous keys until it reports none."
                )
                % {"problems": len(problems), "meanwhile": meanwhile}
            )
        if not dry_run:
            self.stdout.write(
                _("Everything is under key %(key)s. The previous keys can now be removed from IZDEU_DATA_KEY_PREVIOUS.")
                % {"key": ring.current.key_id}
            )
