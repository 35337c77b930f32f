import logging
import sys

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory, override_settings
from django.urls import reverse

from izdeu.accounts.clients import client_ip
from izdeu.audit.log import (
    Actor,
    AuditAction,
    acting_as,
    check_unusual_reads,
    in_bulk,
    record,
    record_bulk,
    record_change,
    record_read,
)
from izdeu.audit.models import GENESIS_HASH, AuditAlert, AuditEntry, ChainHead
from izdeu.audit.signals import username_digest
from izdeu.cases.models import Case, Priority
from izdeu.conftest import PASSWORD
from izdeu.demo.load import load_world, remove_world
from izdeu.demoworld import generate
from izdeu.lists.models import ListEntry
from izdeu.people.models import Person
from izdeu.review.models import Candidate
from izdeu.searches.models import RequestStatus, SearchRequest

pytestmark = pytest.mark.django_db


def entries(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(**filters).order_by("sequence"))


def test_entries_are_numbered_without_gaps_and_each_links_to_the_one_before(coordinator):
    for _ in range(3):
        record(coordinator, AuditAction.EXPORT, "cases.case", [7])
    first, second, third = entries()
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert all(entry.hash == entry.compute_hash() for entry in (first, second, third))
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (3, third.hash)


def test_the_hash_covers_who_what_when_and_the_link(coordinator):
    entry = record(coordinator, AuditAction.READ, Person, [12, 15], fields=["full_name"])
    original = entry.compute_hash()
    for name, value in [
        ("actor", "lawyer-aigerim"), ("user_id", 999), ("organisation_id", 999), ("ip", "10.0.0.9"),
        ("action", AuditAction.UPDATE), ("object_type", "searches.requester"), ("object_ids", ["12"]),
        ("fields", []), ("detail", "count=1"), ("prev_hash", "f" * 64), ("sequence", 99),
    ]:
        changed = AuditEntry.objects.get(pk=entry.pk)
        setattr(changed, name, value)
        assert changed.compute_hash() != original, name


def test_a_user_acting_is_named_with_their_organisation(coordinator):
    entry = record(coordinator, AuditAction.EXPORT, "cases.case", [3])
    assert (entry.user_id, entry.actor, entry.organisation_id) == (coordinator.pk, "coordinator-aigerim", coordinator.organisation_id)


def test_an_izdeu_command_acts_as_command_and_its_name(monkeypatch, factory):
    monkeypatch.setattr(sys, "argv", ["/opt/izdeu/bin/izdeu", "demo", "--scale", "0.1"])
    person = factory.person()
    entry = entries(object_type="people.person")[-1]
    assert (entry.actor, entry.user_id, entry.action) == ("command:demo", None, AuditAction.CREATE)
    assert entry.object_ids == [str(person.pk)]
    assert entry.organisation_id == person.organisation_id


def test_work_done_on_someones_behalf_names_them(factory, lawyer):
    with acting_as(lawyer):
        factory.person()
    assert entries(object_type="people.person")[-1].actor == "lawyer-aigerim"


def test_a_system_actor_must_be_a_label_not_free_text():
    with pytest.raises(ValueError):
        record("Загипаров Нурлан", AuditAction.PURGE)


def test_a_detail_is_a_short_code_not_a_story(coordinator):
    with pytest.raises(ValueError):
        record(coordinator, AuditAction.EXPORT, detail="Гүлнар Загипарова сказала, что сын задержан " * 10)


def test_changes_record_the_names_of_changed_fields_never_their_values(factory, volunteer, audit_text):
    request = factory.search_request()
    request.status = RequestStatus.LOCATED
    with acting_as(volunteer):
        request.save(update_fields=["status"])
    change = entries(object_type="searches.searchrequest", action=AuditAction.UPDATE)[-1]
    assert change.fields == ["status"] and change.actor == "volunteer-aigerim"
    assert change.organisation_id == request.case.organisation_id
    for value in ("Загипаров", "Zagghiparov", "+77015550142", "Гүлнар", "Республика"):
        assert value not in audit_text()


def test_a_change_made_without_saving_is_recorded_when_asked(factory, lawyer):
    case = factory.case()
    Case.objects.filter(pk=case.pk).update(priority=Priority.URGENT)
    entry = record_change(lawyer, case, AuditAction.UPDATE, fields=["priority"])
    assert (entry.object_type, entry.object_ids, entry.fields) == ("cases.case", [str(case.pk)], ["priority"])
    assert (entry.user_id, entry.organisation_id) == (lawyer.pk, case.organisation_id)


def test_every_personal_data_model_is_recorded_on_create_and_delete(factory):
    candidate = factory.candidate()
    created = {entry.object_type for entry in entries(action=AuditAction.CREATE)}
    assert created == {
        "people.person", "cases.case", "searches.requester", "searches.searchrequest", "lists.listentry", "review.candidate",
    }
    pk = candidate.pk
    candidate.delete()
    deleted = entries(action=AuditAction.DELETE)
    assert [(e.object_type, e.object_ids) for e in deleted] == [("review.candidate", [str(pk)])]
    # A candidate's organisation is its list's.
    assert deleted[0].organisation_id == factory.organisation.pk


def test_a_read_names_the_records_and_fields_shown(factory, lawyer):
    people = [factory.person(), factory.person(full_name="Әбілқасымова Айгерім")]
    request = RequestFactory().get("/ru/cases/", REMOTE_ADDR="192.0.2.14")
    request.user = lawyer
    [entry] = record_read(request, people, fields=("full_name", "birth_date"))
    assert (entry.action, entry.object_type) == (AuditAction.READ, "people.person")
    assert entry.object_ids == [str(p.pk) for p in people]
    assert entry.fields == ["birth_date", "full_name"]
    assert (entry.user_id, entry.ip) == (lawyer.pk, "192.0.2.14")


def test_the_forwarded_address_is_believed_only_behind_the_https_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.HTTPS = False
    assert client_ip(request) == "127.0.0.1"
    settings.HTTPS = True
    # The proxy appends the address it saw; what comes before it the client could have written.
    assert client_ip(request) == "203.0.113.7"


def test_an_unreadable_address_is_left_empty():
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="not-an-address")) is None
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"


def test_signing_in_and_out_is_recorded_with_the_address(client, coordinator):
    with override_settings(LANGUAGE_CODE="en"):
        client.post(reverse("accounts:login"), {"username": coordinator.username, "password": PASSWORD})
        client.post(reverse("accounts:logout"))
    signed_in, signed_out = entries(action__in=[AuditAction.SIGN_IN, AuditAction.SIGN_OUT])
    assert (signed_in.action, signed_in.user_id, signed_in.ip) == (AuditAction.SIGN_IN, coordinator.pk, "127.0.0.1")
    assert (signed_out.action, signed_out.user_id) == (AuditAction.SIGN_OUT, coordinator.pk)


def test_a_failed_sign_in_keeps_a_keyed_hash_of_the_name_typed_never_the_name(client, coordinator, audit_text):
    with override_settings(LANGUAGE_CODE="en"):
        client.post(reverse("accounts:login"), {"username": coordinator.username, "password": "wrong-құпия"})
        # People type their password into the name box.
        client.post(reverse("accounts:login"), {"username": "Жаңа-құпия-сөз-2022", "password": "Загипаров"})
    known, unknown = entries(action=AuditAction.SIGN_IN_FAILED)
    assert known.object_ids == [str(coordinator.pk)] and known.organisation_id == coordinator.organisation_id
    assert known.detail == f"username-hmac={username_digest(coordinator.username)}"
    assert unknown.object_ids == [] and unknown.organisation_id is None
    for typed in ("Жаңа-құпия", "wrong", "Загипаров"):
        assert typed not in audit_text()
    assert known.actor == "public:sign-in" and known.ip == "127.0.0.1"


def test_opening_a_staff_account_in_the_admin_site_is_a_recorded_read(client, administrator, lawyer):
    administrator.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(administrator)
    response = client.get(reverse("admin:accounts_user_change", args=[lawyer.pk]))
    assert response.status_code == 200
    [read] = entries(action=AuditAction.READ)
    assert (read.object_type, read.object_ids, read.user_id) == ("accounts.user", [str(lawyer.pk)], administrator.pk)
    assert "email" in read.fields and read.organisation_id == lawyer.organisation_id


def test_bulk_writes_leave_one_entry_per_model(coordinator, factory):
    record_bulk(coordinator, AuditAction.BULK_LOAD, ListEntry, 56000)
    with in_bulk(AuditAction.BULK_DELETE, "command:demo"):
        factory.person()
        factory.person()
    load, *bulk = entries()
    assert (load.object_type, load.detail) == ("lists.listentry", "count=56000")
    assert [(e.action, e.object_type, e.detail) for e in bulk] == [(AuditAction.BULK_DELETE, "people.person", "count=2")]


def test_loading_and_removing_the_demo_world_leaves_one_entry_per_model(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with acting_as("command:demo"):
        demo = load_world(generate(seed=11, scale=0.02))
        remove_world()
    loaded = entries(action=AuditAction.BULK_LOAD)
    removed = entries(action=AuditAction.BULK_DELETE)
    assert {e.object_type for e in loaded} == {
        "lists.listentry", "people.person", "cases.case", "searches.requester", "searches.searchrequest",
    }
    assert {e.object_type for e in removed} == {e.object_type for e in loaded}
    assert all(e.organisation_id == demo.organisation_id for e in loaded + removed)
    assert AuditEntry.objects.count() == len(loaded) + len(removed)


def reads_of(reader, count: int, factory) -> None:
    people = Person.objects.bulk_create(
        Person(full_name=f"Тұрсынов Ерлан №{n}", organisation=factory.organisation) for n in range(count)
    )
    for start in range(0, count, 50):
        record_read(reader, people[start : start + 50], fields=("full_name",))


def test_reading_more_people_than_the_limit_within_an_hour_raises_one_alert(settings, factory, lawyer, caplog):
    settings.AUDIT_READ_ALERT = 120
    with caplog.at_level(logging.WARNING, logger="izdeu.audit.log"):
        reads_of(lawyer, 200, factory)
    [alert] = AuditAlert.objects.all()
    assert (alert.user, alert.organisation, alert.records_read) == (lawyer, lawyer.organisation, 150)
    assert len(entries(action=AuditAction.ALERT)) == 1
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert str(lawyer.pk) in warning.getMessage() and "Тұрсынов" not in warning.getMessage()
    assert lawyer.username not in warning.getMessage()


def test_reading_the_same_people_again_is_not_unusual(settings, factory, lawyer):
    settings.AUDIT_READ_ALERT = 120
    people = [factory.person() for _ in range(30)]
    for _ in range(10):
        record_read(lawyer, people)
    assert check_unusual_reads(Actor.of_user(lawyer)) is None
    assert not AuditAlert.objects.exists()


def test_reads_of_records_not_about_one_person_do_not_count(settings, factory, lawyer):
    settings.AUDIT_READ_ALERT = 2
    candidates = [factory.candidate(entry=factory.entry(row_number=n)) for n in range(1, 5)]
    record_read(lawyer, candidates)
    assert not AuditAlert.objects.exists()
    assert Candidate.objects.count() == 4


def test_a_search_request_read_counts_towards_the_alert(settings, factory, lawyer):
    settings.AUDIT_READ_ALERT = 2
    requests = [factory.search_request() for _ in range(3)]
    record_read(lawyer, requests)
    assert AuditAlert.objects.get().records_read == 3
    assert SearchRequest.objects.count() == 3


def test_the_model_refuses_to_change_or_delete_an_entry(coordinator):
    entry = record(coordinator, AuditAction.EXPORT)
    entry.detail = "count=0"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="count=0")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
