from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izdeu.audit.chain import Break, Problem, verify


def describe(broken: Break) -> str:
    """What is wrong, and where (translated when called)."""
    messages = {
        Problem.ALTERED: _("Broken at entry #%(sequence)s: the entry was altered (its content does not match its hash)."),
        Problem.MISSING: _("Broken at entry #%(sequence)s: the entry is missing (the next one is #%(found)s)."),
        Problem.REORDERED: _(
            "Broken at entry #%(sequence)s: it does not follow the entry before it (entries were reordered or replaced)."
        ),
        Problem.TRUNCATED: _(
            "Broken at entry #%(sequence)s: entries are missing from the end of the log (the chain head names #%(found)s)."
        ),
        Problem.HEAD_MISMATCH: _("Broken at entry #%(sequence)s: the chain head does not match the last entry."),
    }
    return messages[broken.problem] % {"sequence": broken.sequence, "found": broken.found}


class Command(BaseCommand):
    help = (
        "Work with the audit log. `izdeu audit verify` recomputes every entry's hash and link, "
        "prints the number of entries and the last hash (note it somewhere else: it proves later "
        "that nothing was cut off the end), or the first broken link, and then exits with status 1."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("verify", help="Check the hash chain of the whole audit log.")
        check.add_argument("--batch-size", type=int, default=2000, help="Entries read at a time (default 2000).")

    def handle(self, *args, action, batch_size, **options):
        verdict = verify(batch_size=batch_size)
        if verdict.broken is not None:
            raise CommandError(
                _("%(count)s entries checked before the break.") % {"count": verdict.entries} + "\n" + describe(verdict.broken),
                returncode=1,
            )
        self.stdout.write(_("%(count)s entries, chain intact.") % {"count": verdict.entries})
        self.stdout.write(_("Last hash: %(hash)s") % {"hash": verdict.last_hash})
