"""What the backup commands print about a backup: rows per kind of record, never their contents."""

from django.apps import apps
from django.core.management.base import OutputWrapper
from django.utils.translation import gettext as _

from izdeu.backup.archive import Backup


def print_counts(stdout: OutputWrapper, backup: Backup) -> None:
    rows = [(_label(label), number) for label, number in sorted(backup.counts.items()) if number]
    rows.append((_("Uploaded files"), backup.uploads))
    width = max(len(label) for label, _number in rows)
    for label, number in rows:
        stdout.write(f"  {label:<{width}}  {number:>9,}")


def _label(label: str) -> str:
    return str(apps.get_model(label)._meta.verbose_name_plural).capitalize()


def data_key_reminder() -> str:
    return _(
        "The data key (IZDEU_DATA_KEY) is never in a backup: keep a copy of it apart from the backups. "
        "A restored database can read its encrypted fields only with the same data key."
    )
