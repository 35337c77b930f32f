"""`izdeu rotatekey`: everything moves to the new key; stopping and running again is safe."""

import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from izdeu.encryption import cipher
from izdeu.encryption.fields import encrypted_fields
from izdeu.encryption.keyring import current_key
from izdeu.encryption.rotation import encrypted_models
from izdeu.lists.models import ListEntry
from izdeu.people.models import Person
from izdeu.searches.models import Requester, SearchRequest

IIN = "920312350125"
PHONE = "+77015550142"
TESTIMONY = "Его забрали у магазина на Абая, били дубинками по ногам"


def rotatekey(*args):
    out, err = StringIO(), StringIO()
    call_command("rotatekey", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def key_ids_in_the_database() -> set[str]:
    found = set()
    with connection.cursor() as cursor:
        for model in encrypted_models():
            for field in encrypted_fields(model):
                cursor.execute(f"SELECT {field.column} FROM {model._meta.db_table}")  # noqa: S608
                found |= {cipher.key_id_of(v) for (v,) in cursor.fetchall() if v}
    return found


def test_the_rotation_command_finds_every_encrypted_model_itself():
    labels = {model._meta.label for model in encrypted_models()}
    assert {"people.Person", "people.Event", "searches.Requester", "searches.SearchRequest", "lists.ListEntry"} <= labels


def test_a_rotation_moves_everything_to_the_new_key(use_keys, new_key, factory):
    a, b = new_key(), new_key()
    use_keys(a)
    request = factory.search_request(iin=IIN, circumstances=TESTIMONY, requester=factory.requester(phone=PHONE))
    entry = factory.entry(iin=IIN, raw={"ИИН": IIN, "Телефон": PHONE}, note=TESTIMONY)
    upload = default_storage.save("list.csv", ContentFile(f"{IIN};{PHONE};{TESTIMONY}".encode()))
    key_a = current_key().key_id
    hash_a = cipher.blind_index(IIN, "iin")

    # The new key is current, the old one previous: everything still reads, and is still found.
    use_keys(b, a)
    key_b = current_key().key_id
    assert SearchRequest.objects.get(pk=request.pk).circumstances == TESTIMONY
    assert list(SearchRequest.objects.filter_encrypted(iin=IIN)) == [request]
    assert default_storage.open(upload).read().decode().endswith(TESTIMONY)
    assert key_ids_in_the_database() == {key_a}

    dry = rotatekey("--dry-run")
    assert "Dry run" in dry and key_ids_in_the_database() == {key_a}
    assert default_storage.key_id(upload) == key_a

    report = rotatekey()
    assert IIN not in report and PHONE not in report and TESTIMONY not in report
    assert "searches.Requester: 2 rows, 4 values re-encrypted" in report
    assert "Uploaded files: 1, 1 re-encrypted." in report
    assert key_ids_in_the_database() == {key_b}
    assert default_storage.key_id(upload) == key_b

    # The old key can go: everything reads with the new key alone.
    use_keys(b)
    request = SearchRequest.objects.get(pk=request.pk)
    assert (request.iin, request.circumstances, request.requester.phone) == (IIN, TESTIMONY, PHONE)
    assert request.iin_hash == cipher.blind_index(IIN, "iin") != hash_a
    entry = ListEntry.objects.get(pk=entry.pk)
    assert entry.raw == {"ИИН": IIN, "Телефон": PHONE} and entry.note == TESTIMONY
    assert entry.iin_hash == request.iin_hash
    assert list(SearchRequest.objects.filter_encrypted(iin=IIN)) == [request]
    assert default_storage.open(upload).read().decode().endswith(TESTIMONY)

    # A second run finds nothing left to do.
    again = rotatekey()
    changed = re.findall(r"(\d+) values re-encrypted, (\d+) hashes recomputed", again)
    assert len(changed) == len(encrypted_models()) and set(changed) == {("0", "0")}
    assert "Uploaded files: 1, 0 re-encrypted." in again


def test_a_value_no_key_can_read_stops_the_command_without_losing_the_rest(use_keys, new_key, factory):
    lost, a, b = new_key(), new_key(), new_key()
    use_keys(lost)
    orphan = factory.requester(phone="+77010000000")
    use_keys(a)
    kept = factory.requester(phone=PHONE)
    use_keys(b, a)
    with pytest.raises(CommandError, match="could not be read"):
        rotatekey()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, phone FROM searches_requester")
        stored = dict(cursor.fetchall())
    assert cipher.key_id_of(stored[kept.pk]) == current_key().key_id
    assert cipher.key_id_of(stored[orphan.pk]) not in {current_key().key_id, None}, "left as it was"


def test_a_plaintext_value_written_around_izdeu_is_reported_not_laundered(factory):
    requester = factory.requester(phone=PHONE)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE searches_requester SET telegram = %s WHERE id = %s", ["@someone", requester.pk])
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("rotatekey", stdout=out, stderr=err)
    assert f"#{requester.pk} searches.requester.telegram: the stored value is not encrypted" in err.getvalue()
    assert "@someone" not in out.getvalue() + err.getvalue()


def test_a_stale_iin_hash_is_repaired(factory):
    person = factory.person(iin=IIN)
    Person._base_manager.filter(pk=person.pk).update(iin_hash="0" * 64)
    assert "people.Person: 1 rows, 0 values re-encrypted, 1 hashes recomputed." in rotatekey()
    person.refresh_from_db()
    assert person.iin_hash == cipher.blind_index(IIN, "iin")


def test_a_row_changed_while_the_command_runs_is_not_overwritten(use_keys, new_key, factory, monkeypatch):
    from izdeu.encryption import rotation

    a, b = new_key(), new_key()
    use_keys(a)
    requester = factory.requester(phone=PHONE)
    use_keys(b, a)
    original = rotation._compare_and_set

    def someone_writes_first(connection, model, row, changes):
        if model is Requester:
            Requester.objects.filter(pk=requester.pk).update(phone="+77019999999")
        return original(connection, model, row, changes)

    monkeypatch.setattr(rotation, "_compare_and_set", someone_writes_first)
    with pytest.raises(CommandError, match="1 rows changed while this ran"):
        rotatekey()
    assert Requester.objects.get(pk=requester.pk).phone == "+77019999999"


def test_batches_cover_every_row(use_keys, new_key, factory):
    a, b = new_key(), new_key()
    use_keys(a)
    source = factory.source()
    for n in range(1, 8):
        factory.entry(source=source, row_number=n, iin=IIN)
    use_keys(b, a)
    assert "lists.ListEntry: 7 rows, 14 values re-encrypted, 7 hashes recomputed." in rotatekey("--batch-size", "3")
    assert key_ids_in_the_database() == {current_key().key_id}
