from pathlib import Path

from django.utils.translation import gettext as _


class BackupError(Exception):
    """A backup cannot be written or restored; the message is translated and safe to show."""


def already_exists(path: Path) -> str:
    # Neither a backup nor a key is ever overwritten: yesterday's copy may be the only good one.
    return _("%(file)s already exists: choose another file name.") % {"file": path}
