import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.db import connection

from izdeu.accounts.models import Organisation, User
from izdeu.cases.models import Case
from izdeu.demo.load import DEMO_LOGINS, DatabaseState, NotEmpty, database_state, load_world, remove_world
from izdeu.demo.models import DemoWorld
from izdeu.facilities.models import Facility, FacilityKind
from izdeu.lists.models import ListEntry, Source
from izdeu.people.models import Event, Person
from izdeu.review.models import Candidate
from izdeu.searches.models import Requester, SearchRequest

pytestmark = pytest.mark.django_db


def test_the_database_holds_exactly_what_the_world_holds(small_world):
    demo = load_world(small_world)
    counts = small_world.counts()
    assert Facility.objects.count() == counts["facilities"]
    assert Source.objects.count() == counts["sources"]
    assert ListEntry.objects.count() == counts["list_entries"]
    assert SearchRequest.objects.count() == Requester.objects.count() == counts["search_requests"]
    assert Person.objects.count() == Case.objects.count() == counts["sought_persons"]
    assert demo.counts["list_entries"] == counts["list_entries"]
    assert (demo.seed, demo.scale) == (11, 0.02)
    # Linking entries to people is the matcher's work.
    assert not Candidate.objects.exists()
    assert not ListEntry.objects.exclude(person=None).exists()


def test_everything_belongs_to_the_demo_organisation(small_world):
    demo = load_world(small_world)
    assert demo.organisation.name == "Demo coalition (fictional)"
    for model in (Source, Person, Case, Requester, User):
        assert not model.objects.exclude(organisation=demo.organisation).exists()
    assert database_state() is DatabaseState.DEMO


def test_list_entries_keep_their_row_and_where_it_came_from(small_world):
    load_world(small_world)
    source = next(s for s in small_world.sources if s.previous_version and s.entries)
    entry = source.entries[-1]
    row = ListEntry.objects.get(source__name=source.name, source__list_date=source.list_date, row_number=entry.row_number)
    assert row.raw == entry.raw
    assert (row.file_name, row.sheet) == (source.file_name, source.sheet)
    assert (row.full_name, row.surname, row.birth_date, row.age_min, row.iin) == (
        entry.full_name, entry.surname, entry.birth_date, entry.age_min, entry.iin,
    )
    assert row.source.previous_version.list_date < row.source.list_date
    assert row.source.facility.name_ru


def test_requests_about_one_person_share_a_case_and_keep_every_spelling(small_world):
    load_world(small_world)
    by_person = {}
    for request in small_world.requests:
        by_person.setdefault(request.person, []).append(request)
    several = next(requests for requests in by_person.values() if len(requests) > 1)
    first = min(several, key=lambda r: (r.created_at, r.key))
    case = SearchRequest.objects.get(full_name=first.full_name, created_at=first.created_at).case
    assert case.requests.count() == len(several)
    assert case.person.full_name == first.full_name
    assert set(case.person.other_spellings) == {r.full_name for r in several} - {first.full_name}
    assert case.opened_at == first.created_at


def test_phone_intake_names_the_demo_volunteer(small_world):
    load_world(small_world)
    phoned = SearchRequest.objects.filter(channel="phone")
    assert phoned.exists()
    assert set(phoned.values_list("entered_by__username", flat=True)) == {"volunteer"}
    assert not SearchRequest.objects.exclude(channel="phone").exclude(entered_by=None).exists()
    assert set(SearchRequest.objects.values_list("channel", flat=True)) == {"web", "telegram", "phone"}


def test_the_database_constraints_hold_for_every_row(small_world):
    load_world(small_world)
    # SQLite checks foreign keys only at commit; ask it now.
    connection.check_constraints()
    for model in (ListEntry, SearchRequest, Person):
        for row in model.objects.all()[:300]:
            row.validate_constraints()


def test_demo_accounts_sign_in_with_the_published_passwords(small_world):
    load_world(small_world)
    for username, role, password in DEMO_LOGINS:
        user = authenticate(username=username, password=password)
        assert user is not None and user.role == role
        assert len(password) >= 12
    assert User.objects.get(username="admin").is_staff
    assert not User.objects.filter(is_staff=True).exclude(username="admin").exists()


def test_loading_refuses_a_database_with_other_data(small_world, organisation):
    with pytest.raises(NotEmpty):
        load_world(small_world)
    assert not DemoWorld.objects.exists()
    assert Organisation.objects.get() == organisation


def test_facilities_already_there_are_reused_and_kept_on_removal(small_world):
    almaly = Facility.objects.create(
        kind=FacilityKind.POLICE_STATION, name_ru="УП Алмалинского района ДП г. Алматы", city="Алматы",
        name_kk="Алмалы ауданының ПБ",
    )
    load_world(small_world)
    assert Facility.objects.count() == len(small_world.facilities)
    remove_world()
    assert list(Facility.objects.all()) == [almaly]


def test_removal_deletes_the_demo_and_what_was_recorded_about_it_since(small_world):
    load_world(small_world)
    lawyer = User.objects.get(username="lawyer")
    entry = ListEntry.objects.filter(source__kind="police_station").first()
    request = SearchRequest.objects.first()
    confirmed_at = dt.datetime(2022, 1, 9, 11, 0, tzinfo=dt.UTC)
    candidate = Candidate.objects.create(
        entry=entry, search_request=request, probability=0.91, decision="confirmed", decided_by=lawyer, decided_at=confirmed_at
    )
    Event.objects.create(
        person=request.case.person, kind="detained", certainty="confirmed", source=entry.source, list_entry=entry,
        candidate=candidate, recorded_by=lawyer, occurred_at=dt.datetime(2022, 1, 7, 14, 30, tzinfo=dt.UTC),
    )
    remove_world()
    for model in (Organisation, User, Facility, Source, ListEntry, Person, Case, Requester, SearchRequest, Candidate, Event, DemoWorld):
        assert not model.objects.exists(), model.__name__
    assert database_state() is DatabaseState.EMPTY


def test_removal_refuses_when_real_data_sits_beside_the_demo(small_world):
    load_world(small_world)
    Organisation.objects.create(name="Алматы құқық қорғау орталығы")
    with pytest.raises(NotEmpty):
        remove_world()
    assert DemoWorld.objects.exists() and ListEntry.objects.exists()
