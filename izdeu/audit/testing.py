"""Test helpers for the append-only audit log; never used by the running site.

Tests that commit for real (``transaction=True``, ``live_server``) are emptied afterwards by
deleting every row, which the audit log's triggers refuse; the triggers are lifted for that
moment and put back before the next test.
"""

import importlib

from django.db import connection

_append_only = importlib.import_module("izdeu.audit.migrations.0002_append_only")


def remove_append_only() -> None:
    with connection.cursor() as cursor:
        for statement in _append_only.STATEMENTS[connection.vendor][1]:
            cursor.execute(statement)


def install_append_only() -> None:
    """Put the triggers (back) in place; harmless when they already are."""
    remove_append_only()
    with connection.cursor() as cursor:
        for statement in _append_only.STATEMENTS[connection.vendor][0]:
            cursor.execute(statement)
