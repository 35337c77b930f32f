"""The `izdeu` command: every operator task, from serving to importing lists.

It is Django's manage.py under the project's name; `izdeu help` lists every command.
"""

import os
import sys


def operator_language() -> str | None:
    """kk, ru or en when the operator's terminal is set to one of them (LANG=ru_RU.UTF-8)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            code = value[:2].lower()
            return code if code in ("kk", "ru", "en") else None
    return None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izdeu.settings")
    import django
    from django.core.management import ManagementUtility
    from django.utils import translation

    django.setup()
    # Messages follow the terminal's language, else the site's default (IZDEU_LANGUAGE).
    if language := operator_language():
        translation.activate(language)
    ManagementUtility(["izdeu", *sys.argv[1:]]).execute()


if __name__ == "__main__":
    main()
