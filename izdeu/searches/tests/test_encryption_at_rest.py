"""Issue 6, point 9: a requester's contact details cannot be found in a raw copy of the database."""

import pytest
from django.db import connection

from izdeu.searches.models import Requester
from izdeu.searches.tests.conftest import request_data


def raw_dump() -> str:
    """Every value of every table, as a copy of the database files would show them."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            lines.extend(" ".join(str(value) for value in row) for row in cursor.fetchall())
    return "\n".join(lines)


@pytest.mark.django_db(transaction=True)
def test_a_known_phone_number_and_email_are_not_in_a_raw_dump(client, public_organisation):
    client.post("/kk/request/", request_data(requester_phone="+7 701 555 01 42", requester_email="gulnar.z@example.kz",
                                             requester_telegram="@gulnar_z", requester_name="Гүлнар Загипарова"))  # fmt: skip
    requester = Requester.objects.get()
    assert (requester.phone, requester.email) == ("+77015550142", "gulnar.z@example.kz")
    dump = raw_dump()
    assert "Nurlan Zagiparov" in dump  # the dump does hold the tables' contents
    for secret in ("7015550142", "701 555 01 42", "gulnar.z@example.kz", "gulnar_z", "Гүлнар"):
        assert secret not in dump
