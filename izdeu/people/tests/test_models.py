"""The database refuses records that would mislead a family or a lawyer."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from izdeu.people.models import Certainty, Event, EventKind, Person
from izdeu.tests.factory import refuses


def test_a_person_needs_some_name(factory):
    refuses(lambda: factory.person(full_name="", surname="", given_name="", patronymic=""))


def test_a_person_known_by_initials_only_is_accepted(factory):
    person = factory.person(full_name="Загипаров Н.С.", given_name="", patronymic="")
    assert person.display_name() == "Загипаров"


def test_an_iin_has_exactly_twelve_digits(factory):
    # The IIN is stored encrypted, so the check runs before encryption rather than in the database.
    for malformed in ("92031235012", "92031235012O", "9203123501250"):
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            factory.person(iin=malformed)
        assert refused.value.code == "invalid_iin"
    assert not Person.objects.exists()
    assert factory.person(iin="920312350125").iin == "920312350125"


def test_the_birth_date_must_agree_with_the_birth_year(factory):
    refuses(lambda: factory.person(birth_date=dt.date(1992, 3, 12), birth_year=1993))


def test_an_age_range_must_be_ordered_and_plausible(factory):
    refuses(lambda: factory.person(birth_date=None, birth_year=None, age_min=35, age_max=30))
    refuses(lambda: factory.person(birth_date=None, birth_year=None, age_min=30, age_max=150))
    assert factory.person(birth_date=None, birth_year=None, age_min=28, age_max=32).age_max == 32


def test_sex_is_one_of_the_known_values(factory):
    refuses(lambda: factory.person(sex="m"))


def test_every_event_is_traceable_to_a_list_or_a_user(factory, lawyer):
    person = factory.person()
    refuses(lambda: Event.objects.create(person=person, kind=EventKind.DETAINED, certainty=Certainty.PROBABLE, recorded_by=lawyer))
    reported = Event.objects.create(
        person=person,
        kind=EventKind.SEEN,
        certainty=Certainty.UNVERIFIED,
        reported_by=lawyer,
        recorded_by=lawyer,
        place_text="во дворе РОВД, со слов соседа",
    )
    assert reported.pk


def test_an_event_from_a_list_entry_names_its_list(factory, lawyer):
    entry = factory.entry()
    refuses(
        lambda: Event.objects.create(
            person=factory.person(), kind=EventKind.DETAINED, certainty=Certainty.CONFIRMED,
            list_entry=entry, reported_by=lawyer, recorded_by=lawyer,
        )
    )


def test_a_transfer_says_where_to(factory, lawyer):
    person, source = factory.person(), factory.source()
    refuses(
        lambda: Event.objects.create(
            person=person, kind=EventKind.TRANSFERRED, certainty=Certainty.CONFIRMED, source=source, recorded_by=lawyer
        )
    )
    ivs = factory.facility(kind="temporary_detention", name_ru="ИВС ДП г. Алматы", name_kk="Алматы қ. ПД УҰИ", name_en="")
    transfer = Event.objects.create(
        person=person,
        kind=EventKind.TRANSFERRED,
        certainty=Certainty.CONFIRMED,
        source=source,
        destination_facility=ivs,
        occurred_at=dt.datetime(2022, 1, 8, 14, 30, tzinfo=dt.UTC),
        recorded_by=lawyer,
    )
    assert transfer.destination_facility == ivs


def test_conflicting_events_are_all_kept(factory, lawyer):
    person = factory.person()
    police, morgue = factory.source(), factory.source(name="Морг, 10 января", kind="morgue")
    for source, kind in [(police, EventKind.DETAINED), (morgue, EventKind.DIED)]:
        Event.objects.create(person=person, kind=kind, certainty=Certainty.POSSIBLE, source=source, recorded_by=lawyer)
    assert sorted(person.events.values_list("kind", flat=True)) == ["detained", "died"]
