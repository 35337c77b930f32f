"""A seized database or uploads folder gives away no phone number, IIN or testimony.

A known phone number, IIN and sentence of testimony go in through every path that holds them
(a requester, a search request, a list row with its raw row, an event, an uploaded file); then
the database file, every column of every table, and every file under MEDIA_ROOT are searched
for them, byte for byte, in the encodings a database or a JSON writer would use.
"""

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from izdeu.lists.models import ListEntry
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.searches.models import SearchRequest

PHONE = "+77015550142"
IIN = "920312350125"
TESTIMONY = "Его забрали у магазина на Абая, били дубинками по ногам"


def needles() -> dict[str, list[bytes]]:
    """Each secret in the byte forms it could take on disk."""
    forms = {}
    for secret in (PHONE, IIN, TESTIMONY):
        texts = {secret, json.dumps(secret)[1:-1]}  # as is, and as JSON with \\u escapes
        found = set()
        for text in texts:
            found |= {text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")}
        forms[secret] = sorted(found)
    forms[PHONE] += [b"7015550142"]  # the bare digits
    forms[IIN] += [IIN.encode("ascii")]
    forms[TESTIMONY] += ["дубинками".encode()]
    return forms


def assert_nowhere_in(data: bytes, where: str) -> None:
    for secret, forms in needles().items():
        for form in forms:
            assert form not in data, f"{secret[:12]}… is readable in {where}"


@pytest.fixture
def secrets_everywhere(factory, lawyer):
    requester = factory.requester(phone=PHONE, telegram="@gulnar_z")
    request = factory.search_request(
        requester=requester, iin=IIN, circumstances=TESTIMONY, health_needs=TESTIMONY, phone=PHONE
    )
    person = request.case.person
    person.iin = IIN
    person.description = TESTIMONY
    person.save()
    entry = factory.entry(
        iin=IIN,
        note=TESTIMONY,
        raw={"№": "1", "ФИО": "ЗАГИПАРОВ Нурлан Серикович", "ИИН": IIN, "Телефон": PHONE, "Примечание": TESTIMONY},
    )
    Event.objects.create(
        person=person, kind=EventKind.DETAINED, certainty=Certainty.CONFIRMED, source=entry.source, list_entry=entry,
        occurred_at=dt.datetime(2022, 1, 6, 15, tzinfo=dt.UTC), physical_condition=TESTIMONY, note=TESTIMONY,
        recorded_by=lawyer,
    )
    content = f"№;ФИО;ИИН;Телефон;Примечание\n1;ЗАГИПАРОВ Нурлан;{IIN};{PHONE};{TESTIMONY}\n".encode()
    upload = default_storage.save("Загипаров.csv", ContentFile(content))
    return {"request": request, "entry": entry, "upload": upload, "content": content}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a database file exists on SQLite only")
def test_the_database_file_holds_none_of_them(secrets_everywhere, tmp_path):
    # The database file's bytes, free pages included, as a seized disk would hold them. Taken
    # with serialize() because VACUUM INTO cannot run inside the test's transaction, and a test
    # outside one could not be cleaned up (the audit log refuses deletes).
    connection.ensure_connection()
    seized = tmp_path / "seized.sqlite3"
    seized.write_bytes(connection.connection.serialize())
    with sqlite3.connect(seized) as copy:
        assert copy.execute("SELECT count(*) FROM searches_requester").fetchone()[0] >= 1
    data = seized.read_bytes()
    assert data[:16] == b"SQLite format 3\x00" and len(data) > 10_000
    assert_nowhere_in(data, "the database file")


def test_no_column_of_any_table_holds_them(secrets_everywhere):
    quote = connection.ops.quote_name
    read = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    data = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
                    assert_nowhere_in(data, f"table {table}")
                    read += 1
    assert read > 100


def test_no_stored_upload_holds_them(secrets_everywhere):
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(files) == 1 and "Загипаров" not in str(files[0])
    for path in files:
        assert_nowhere_in(path.read_bytes(), f"upload {path.name}")


def test_and_yet_izdeu_reads_them_all_back(secrets_everywhere):
    request = SearchRequest.objects.get(pk=secrets_everywhere["request"].pk)
    assert (request.iin, request.circumstances, request.requester.phone) == (IIN, TESTIMONY, PHONE)
    assert request.case.person.description == TESTIMONY
    entry = ListEntry.objects.get(pk=secrets_everywhere["entry"].pk)
    assert (entry.iin, entry.raw["Телефон"], entry.raw["Примечание"], entry.note) == (IIN, PHONE, TESTIMONY, TESTIMONY)
    assert Event.objects.get(list_entry=entry).physical_condition == TESTIMONY
    assert list(SearchRequest.objects.filter_encrypted(iin=IIN)) == [request]
    with default_storage.open(secrets_everywhere["upload"]) as opened:
        assert opened.read() == secrets_everywhere["content"]
