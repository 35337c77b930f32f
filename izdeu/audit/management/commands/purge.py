from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from izdeu.audit.log import acting_as
from izdeu.audit.retention import periods, purge


class Command(BaseCommand):
    help = (
        "Erase personal data past its retention period (README, 'Retention'): search requests "
        "no longer open with their requesters and photos, rows of old lists and the files they "
        "were loaded from, never anything of an open case. Each erased record leaves an audit "
        "entry without personal data. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be erased; change nothing.")

    def handle(self, *args, dry_run, **options):
        with acting_as("command:purge"):
            result = purge(dry_run=dry_run)
        days = periods()
        for rule in sorted(+result.erased | +result.refused):
            erased, refused = result.erased[rule], result.refused[rule]
            values = {"rule": rule, "days": days[rule], "count": erased}
            if dry_run:
                line = ngettext(
                    "%(rule)s (%(days)s days): %(count)s record would be erased.",
                    "%(rule)s (%(days)s days): %(count)s records would be erased.",
                    erased,
                )
            else:
                line = ngettext(
                    "%(rule)s (%(days)s days): %(count)s record erased.",
                    "%(rule)s (%(days)s days): %(count)s records erased.",
                    erased,
                )
            self.stdout.write(line % values)
            if refused:
                kept = ngettext(
                    "%(rule)s: %(count)s record kept because other records depend on it.",
                    "%(rule)s: %(count)s records kept because other records depend on them.",
                    refused,
                )
                self.stdout.write(kept % {"rule": rule, "count": refused})
        if result.orphans:
            if dry_run:
                line = ngettext(
                    "%(count)s stored file that no record refers to would be removed.",
                    "%(count)s stored files that no record refers to would be removed.",
                    result.orphans,
                )
            else:
                line = ngettext(
                    "%(count)s stored file that no record refers to removed.",
                    "%(count)s stored files that no record refers to removed.",
                    result.orphans,
                )
            self.stdout.write(line % {"count": result.orphans})
        if not result.erased.total() and not result.refused.total() and not result.orphans:
            self.stdout.write(_("Nothing is past its retention period."))
