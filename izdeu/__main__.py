"""The `izdeu` command: every operator task, from serving to importing lists.

It is Django's manage.py under the project's name; `izdeu help` lists every command.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izdeu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["izdeu", *sys.argv[1:]])


if __name__ == "__main__":
    main()
