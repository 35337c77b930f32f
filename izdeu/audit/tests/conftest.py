import importlib

import pytest
from django.db import connection

from izdeu.audit.models import AuditEntry

append_only = importlib.import_module("izdeu.audit.migrations.0002_append_only")


@pytest.fixture
def triggers_dropped(db):
    """Lift the database's refusal for one test, as someone with the owner's rights could.

    The test's transaction is rolled back afterwards, and the triggers with it.
    """
    _install, remove = append_only.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in remove:
            cursor.execute(statement)


@pytest.fixture
def audit_text(db):
    """Every column of every audit entry as one text, to search for what must not be there."""

    def read() -> str:
        return "\n".join(str(row) for row in AuditEntry.objects.order_by("sequence").values_list())

    return read
