"""Encrypted model fields: what the database holds, what the ORM gives back, what it refuses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from izdeu.encryption import cipher
from izdeu.encryption.fields import EncryptedLookupError
from izdeu.lists.models import ListEntry
from izdeu.people.models import Certainty, Event, EventKind, Person
from izdeu.searches.models import Requester, SearchRequest
from izdeu.tests.factory import refuses

IIN = "920312350125"
PHONE = "+77015550142"


def stored(model, pk, column):
    """What the database itself holds (table and column names are the models' own)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_requester_contacts_are_ciphertext_in_the_database_and_plain_in_python(factory):
    requester = factory.requester(phone=PHONE, email="gulnar@example.kz", telegram="@gulnar_z", reachable_when="после 19:00")
    for column, value in [("phone", PHONE), ("email", "gulnar@example.kz"), ("telegram", "@gulnar_z"),
                          ("reachable_when", "после 19:00"), ("name", "Гүлнар Загипарова")]:
        raw = stored(Requester, requester.pk, column)
        assert cipher.is_encrypted(raw) and value not in raw
        assert cipher.decrypt(raw, f"searches.requester.{column}") == value
    again = Requester.objects.get(pk=requester.pk)
    assert (again.phone, again.email, again.telegram) == (PHONE, "gulnar@example.kz", "@gulnar_z")


def test_empty_values_stay_empty_so_constraints_still_see_them(factory):
    requester = factory.requester(email="", telegram="")
    assert stored(Requester, requester.pk, "email") == ""
    # A requester who cannot be reached is still refused by the database.
    refuses(lambda: factory.requester(phone="", email="", telegram=""))


def test_an_iin_is_encrypted_and_hashed_on_every_model(factory):
    person = factory.person(iin=IIN)
    request = factory.search_request(iin=IIN)
    entry = factory.entry(iin=IIN)
    for row in (person, request, entry):
        raw = stored(type(row), row.pk, "iin")
        assert cipher.is_encrypted(raw) and IIN not in raw
        assert type(row).objects.get(pk=row.pk).iin == IIN
        assert row.iin_hash == stored(type(row), row.pk, "iin_hash") == cipher.blind_index(IIN, "iin")
    # The same IIN is bound to each table: a ciphertext copied across does not decrypt.
    assert stored(Person, person.pk, "iin") != stored(SearchRequest, request.pk, "iin")


def test_a_malformed_iin_is_refused_before_it_is_encrypted(factory):
    source = factory.source()
    for bad in ("92031235012", "92031235012O", "9203123501255", "９２０３１２３５０１２５"):
        with pytest.raises(ValidationError, match="12 digits"), transaction.atomic():
            factory.person(iin=bad)
        with pytest.raises(ValidationError), transaction.atomic():
            ListEntry.objects.bulk_create([ListEntry(source=source, row_number=9, full_name="X", raw={}, iin=bad)])
        with pytest.raises(ValidationError), transaction.atomic():
            Person.objects.update(iin=bad)
    assert not Person.objects.exists()


def test_full_clean_reports_a_malformed_iin_as_a_field_error(factory):
    person = Person(organisation=factory.organisation, full_name="Загипаров Нурлан", iin="92031235012")
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "iin" in refused.value.message_dict
    person.iin = IIN
    person.full_clean()


def test_bulk_create_encrypts_and_hashes(factory):
    source = factory.source()
    ListEntry.objects.bulk_create([
        ListEntry(source=source, row_number=n, full_name="ЗАГИПАРОВ Нурлан", iin=IIN, note="со слов соседа",
                  raw={"ФИО": "ЗАГИПАРОВ Нурлан", "ИИН": IIN, "Телефон": PHONE})
        for n in (1, 2)
    ])
    Requester.objects.bulk_create([Requester(**{**_requester_fields(factory), "phone": PHONE})])
    with connection.cursor() as cursor:
        cursor.execute("SELECT iin, iin_hash, raw, note FROM lists_listentry")
        rows = cursor.fetchall()
        cursor.execute("SELECT phone FROM searches_requester")
        (phone,) = cursor.fetchone()
    assert len(rows) == 2 and cipher.is_encrypted(phone)
    for iin, iin_hash, raw, note in rows:
        assert all(cipher.is_encrypted(v) for v in (iin, raw, note))
        assert IIN not in raw and PHONE not in raw and iin_hash == cipher.blind_index(IIN, "iin")
    entry = ListEntry.objects.get(row_number=2)
    assert entry.raw == {"ФИО": "ЗАГИПАРОВ Нурлан", "ИИН": IIN, "Телефон": PHONE}
    assert list(entry.raw) == ["ФИО", "ИИН", "Телефон"], "the row keeps its column order"


def _requester_fields(factory):
    from django.utils import timezone

    return {"organisation": factory.organisation, "name": "Гүлнар", "relationship": "parent",
            "preferred_channel": "phone_call", "language": "kk", "consent_given_at": timezone.now(),
            "sharing_scope": "organisation"}


def test_the_hash_follows_the_iin_through_every_write_path(factory):
    person = factory.person(iin=IIN)
    other = "850101300456"
    person.iin = other
    person.save(update_fields=["iin"])
    assert stored(Person, person.pk, "iin_hash") == cipher.blind_index(other, "iin")
    Person.objects.filter(pk=person.pk).update(iin=IIN)
    assert stored(Person, person.pk, "iin_hash") == cipher.blind_index(IIN, "iin")
    person.iin = ""
    Person.objects.bulk_update([person], ["iin"])
    assert stored(Person, person.pk, "iin_hash") == ""
    # Writing around izdeu, an IIN without its hash is refused by the database.
    refuses(lambda: Person._base_manager.filter(pk=person.pk).update(iin=IIN))


def test_rows_are_found_by_iin_through_the_hash(factory):
    wanted = factory.search_request(iin=IIN)
    factory.search_request(iin="850101300456")
    factory.search_request()
    assert list(SearchRequest.objects.filter_encrypted(iin="9203 1235 0125")) == [wanted]
    assert list(SearchRequest.objects.filter_encrypted(iin="")) == []
    assert list(wanted.case.requests.filter_encrypted(iin=IIN)) == [wanted]


@pytest.mark.parametrize(
    "lookup",
    [
        {"phone": PHONE},
        {"phone__icontains": "555"},
        {"phone__startswith": "+7"},
        {"phone__in": [PHONE]},
        {"name__iexact": "гүлнар"},
        {"phone__gt": ""},
    ],
)
def test_filtering_on_an_encrypted_field_is_refused_clearly(factory, lookup):
    with pytest.raises(EncryptedLookupError, match="searches.requester.(phone|name) is encrypted"):
        list(Requester.objects.filter(**lookup))


def test_filtering_on_an_iin_points_to_the_hash(factory):
    with pytest.raises(EncryptedLookupError, match=r"filter_encrypted\(iin=…\)"):
        SearchRequest.objects.filter(iin=IIN).exists()
    with pytest.raises(EncryptedLookupError):
        ListEntry.objects.filter(raw__ФИО="ЗАГИПАРОВ").exists()
    with pytest.raises(EncryptedLookupError):
        Requester.objects.filter(requests__circumstances__contains="Абая").exists()


def test_whether_a_value_is_filled_in_can_still_be_asked(factory):
    with_email = factory.requester(email="gulnar@example.kz")
    factory.requester(email="")
    assert list(Requester.objects.exclude(email="")) == [with_email]
    assert Requester.objects.filter(email="").count() == 1
    assert not Requester.objects.filter(email__isnull=True).exists()


def test_a_value_longer_than_max_length_is_refused_before_encryption(factory):
    with pytest.raises(ValueError, match=r"searches.requester.phone: 40 characters, more than the 32"), transaction.atomic():
        factory.requester(phone="7" * 40)
    requester = Requester(**{**_requester_fields(factory), "phone": "7" * 40})
    with pytest.raises(ValidationError) as refused:
        requester.full_clean()
    assert "phone" in refused.value.message_dict


def test_an_invalid_email_is_still_refused_by_validation(factory):
    requester = Requester(**{**_requester_fields(factory), "email": "not an address"})
    with pytest.raises(ValidationError) as refused:
        requester.full_clean()
    assert "email" in refused.value.message_dict


def test_events_keep_testimony_and_health_notes_encrypted(factory, lawyer):
    person = factory.person(description="в чёрной куртке")
    event = Event.objects.create(
        person=person, kind=EventKind.DIED, certainty=Certainty.PROBABLE, reported_by=lawyer, recorded_by=lawyer,
        occurred_at=dt.datetime(2022, 1, 6, tzinfo=dt.UTC), physical_condition="перелом ноги",
        death_circumstances="огнестрельное ранение", cause_of_death="кровопотеря", note="со слов брата",
    )
    for column in ("physical_condition", "death_circumstances", "cause_of_death", "note"):
        assert cipher.is_encrypted(stored(Event, event.pk, column))
    assert cipher.is_encrypted(stored(Person, person.pk, "description"))
    assert Event.objects.get(pk=event.pk).cause_of_death == "кровопотеря"


def test_a_forms_field_is_a_one_line_input_for_short_values():
    from django import forms

    assert isinstance(Requester._meta.get_field("phone").formfield().widget, forms.TextInput)
    assert isinstance(Requester._meta.get_field("email").formfield(), forms.EmailField)
    assert isinstance(SearchRequest._meta.get_field("circumstances").formfield().widget, forms.Textarea)
    assert Requester._meta.get_field("phone").formfield().max_length == 32
