import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone, translation

from izdeu.audit.log import AuditAction
from izdeu.audit.models import AuditEntry
from izdeu.audit.retention import DEFAULT_DAYS, ErasureRefused, erase, parse_periods, purge
from izdeu.audit.tasks import purge_expired
from izdeu.cases.models import Case, CaseStatus
from izdeu.lists.models import ListEntry, Source, SourceKind
from izdeu.people.models import Certainty, Event, EventKind, Person
from izdeu.review.models import Candidate, Decision
from izdeu.searches.models import RequestStatus, Requester, SearchRequest

pytestmark = pytest.mark.django_db

# What must never reach the audit log: the fictional family's names and phone numbers.
PERSONAL = ("Загипаров", "Zagghiparov", "Гүлнар", "+77015550142", "+77015550199", "Әлия", "Республика")
LATER = dt.timedelta(days=200)


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.RETENTION_DAYS = "request_closed=180,request_withdrawn=30,request_located=365,police_station=150"


@dataclass
class World:
    closed: SearchRequest  # closed case: past its period
    withdrawn: SearchRequest  # closed case, withdrawn: past its period
    closed_in_open_case: SearchRequest
    open: SearchRequest
    located: SearchRequest  # located case: within its period
    matched_entry: ListEntry  # matched to the closed request, cited by the timeline
    plain_entry: ListEntry
    entry_of_open_request: ListEntry
    entry_of_open_person: ListEntry
    morgue_entry: ListEntry
    event: Event


def closed_case(factory, status=CaseStatus.CLOSED) -> Case:
    opened_at = timezone.now() - dt.timedelta(days=30)
    closed_at = timezone.now() if status == CaseStatus.CLOSED else None
    return factory.case(person=factory.person(), status=status, opened_at=opened_at, closed_at=closed_at)


@pytest.fixture
def world(factory, lawyer) -> World:
    police = factory.source(kind=SourceKind.POLICE_STATION)
    morgue = factory.source(kind=SourceKind.MORGUE, name="Морг №1, 8 января")
    closed = factory.search_request(case=closed_case(factory), status=RequestStatus.CLOSED)
    withdrawn_requester = factory.requester(name="Әлия Загипарова", phone="+77015550199")
    withdrawn = factory.search_request(
        case=closed_case(factory), status=RequestStatus.WITHDRAWN, requester=withdrawn_requester
    )
    open_case = factory.case()
    open_request = factory.search_request(case=open_case)
    matched = factory.entry(source=police, row_number=1)
    candidate = factory.candidate(
        entry=matched, search_request=closed, decision=Decision.CONFIRMED, decided_by=lawyer, decided_at=timezone.now()
    )
    event = Event.objects.create(
        person=closed.case.person, kind=EventKind.DETAINED, certainty=Certainty.CONFIRMED, source=police,
        list_entry=matched, candidate=candidate, recorded_by=lawyer,
    )
    entry_of_open_request = factory.entry(source=police, row_number=3)
    factory.candidate(entry=entry_of_open_request, search_request=open_request)
    return World(
        closed=closed,
        withdrawn=withdrawn,
        closed_in_open_case=factory.search_request(case=open_case, status=RequestStatus.CLOSED),
        open=open_request,
        located=factory.search_request(case=closed_case(factory, CaseStatus.LOCATED), status=RequestStatus.LOCATED),
        matched_entry=matched,
        plain_entry=factory.entry(source=police, row_number=2),
        entry_of_open_request=entry_of_open_request,
        entry_of_open_person=factory.entry(source=police, row_number=4, person=open_case.person),
        morgue_entry=factory.entry(source=morgue, row_number=1),
        event=event,
    )


def exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def erased(object_type: str) -> dict[str, str]:
    return {
        entry.object_ids[0]: entry.detail
        for entry in AuditEntry.objects.filter(action=AuditAction.ERASE, object_type=object_type)
    }


def test_purge_erases_exactly_what_is_past_its_period(world):
    result = purge("task:purge", now=timezone.now() + LATER)
    assert dict(+result.erased) == {"request_closed": 1, "request_withdrawn": 1, "police_station": 2}
    gone = [world.closed, world.closed.requester, world.withdrawn, world.withdrawn.requester, world.matched_entry, world.plain_entry]
    kept = [world.closed_in_open_case, world.open, world.located, world.entry_of_open_request, world.entry_of_open_person, world.morgue_entry]
    assert not any(exists(obj) for obj in gone)
    assert all(exists(obj) for obj in kept)


def test_nothing_of_an_open_case_is_purged_however_old(world):
    purge("task:purge", now=timezone.now() + dt.timedelta(days=36500))
    open_case = world.open.case
    assert SearchRequest.objects.filter(case=open_case).count() == 2
    assert Requester.objects.filter(requests__case=open_case).count() == 2
    assert exists(world.entry_of_open_request) and exists(world.entry_of_open_person)
    assert Candidate.objects.filter(search_request=world.open).exists()


def test_the_person_case_and_timeline_stay_with_their_source(world):
    purge("task:purge", now=timezone.now() + LATER)
    event = Event.objects.get(pk=world.event.pk)
    assert (event.list_entry, event.candidate, event.source_id) == (None, None, world.matched_entry.source_id)
    assert Case.objects.filter(pk=world.closed.case_id).exists() and Person.objects.filter(pk=world.closed.case.person_id).exists()
    assert Source.objects.filter(pk=world.matched_entry.source_id).exists()
    [unlinked] = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="people.event", fields=["candidate"])
    assert unlinked.object_ids == [str(event.pk)] and unlinked.detail == "retention:request_closed"


def test_each_erased_record_leaves_a_tombstone_naming_the_rule(world):
    candidate_id = str(Candidate.objects.get(search_request=world.closed).pk)
    purge("task:purge", now=timezone.now() + LATER)
    assert erased("searches.searchrequest") == {
        str(world.closed.pk): "retention:request_closed", str(world.withdrawn.pk): "retention:request_withdrawn",
    }
    assert erased("searches.requester") == {
        str(world.closed.requester_id): "retention:request_closed",
        str(world.withdrawn.requester_id): "retention:request_withdrawn",
    }
    assert erased("lists.listentry") == {
        str(world.matched_entry.pk): "retention:police_station", str(world.plain_entry.pk): "retention:police_station",
    }
    assert erased("review.candidate") == {candidate_id: "retention:request_closed"}
    tombstone = AuditEntry.objects.filter(action=AuditAction.ERASE).first()
    assert (tombstone.actor, tombstone.fields, tombstone.organisation_id) == ("task:purge", [], world.closed.case.organisation_id)
    [summary] = AuditEntry.objects.filter(action=AuditAction.PURGE)
    assert summary.detail == "erased=4 refused=0 orphans=0"


def test_the_audit_log_holds_no_personal_data_after_a_purge(world, audit_text):
    purge("task:purge", now=timezone.now() + LATER)
    text = audit_text()
    for value in PERSONAL:
        assert value not in text


def test_a_dry_run_changes_nothing(world, capsys):
    counts = {model: model.objects.count() for model in (SearchRequest, Requester, ListEntry, Candidate, Event)}
    entries = AuditEntry.objects.count()
    result = purge("command:purge", dry_run=True, now=timezone.now() + LATER)
    assert dict(+result.erased) == {"request_closed": 1, "request_withdrawn": 1, "police_station": 2}
    assert {model: model.objects.count() for model in counts} == counts
    assert AuditEntry.objects.count() == entries
    assert Event.objects.get(pk=world.event.pk).candidate_id is not None


def test_the_clock_of_a_request_starts_at_its_last_change(world, monkeypatch):
    request = world.closed
    closing_day = timezone.now() + dt.timedelta(days=150)
    monkeypatch.setattr(timezone, "now", lambda: closing_day)
    request.status = RequestStatus.CLOSED
    request.save(update_fields=["status"])
    monkeypatch.undo()
    purge("task:purge", now=timezone.now() + LATER)
    assert exists(request)
    assert not exists(world.withdrawn)


def test_a_requester_asking_about_someone_else_still_open_keeps_their_contact(factory, world):
    still_open = factory.search_request(case=factory.case(), requester=world.closed.requester)
    purge("task:purge", now=timezone.now() + LATER)
    assert not exists(world.closed)
    assert exists(still_open) and exists(still_open.requester)


def test_erasure_on_request_removes_the_requester_and_their_words(world, coordinator, audit_text):
    requester = world.withdrawn.requester
    count = erase(coordinator, requester, "erasure_request")
    assert count == 2
    assert not exists(requester) and not exists(world.withdrawn)
    tombstones = AuditEntry.objects.filter(action=AuditAction.ERASE)
    assert {(e.object_type, e.detail, e.user_id) for e in tombstones} == {
        ("searches.searchrequest", "erasure_request", coordinator.pk),
        ("searches.requester", "erasure_request", coordinator.pk),
    }
    for value in PERSONAL:
        assert value not in audit_text()


def test_an_erasure_reason_is_a_code_never_free_text(world, coordinator):
    with pytest.raises(ValueError):
        erase(coordinator, world.withdrawn, "Гүлнар просила удалить")
    assert exists(world.withdrawn)


def test_only_records_of_personal_data_are_erased_this_way(world, coordinator):
    with pytest.raises(ValueError):
        erase(coordinator, world.plain_entry.source, "erasure_request")


def test_a_record_others_depend_on_is_not_erased(world, coordinator):
    person = world.open.case.person
    with pytest.raises(ErasureRefused):
        erase(coordinator, person, "erasure_request")
    assert exists(person)
    assert not AuditEntry.objects.filter(action=AuditAction.ERASE).exists()


def test_the_purge_command_reports_counts_never_names(world, capsys, monkeypatch):
    later = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: later)
    with translation.override("en"):
        call_command("purge", "--dry-run")
        dry_run = capsys.readouterr().out
        assert exists(world.closed)
        call_command("purge")
    out = capsys.readouterr().out
    assert "request_closed (180 days): 1 record would be erased." in dry_run
    assert "police_station (150 days): 2 records erased." in out
    for value in PERSONAL:
        assert value not in dry_run + out
    assert not exists(world.closed)
    assert AuditEntry.objects.filter(action=AuditAction.PURGE, actor="command:purge").exists()


def test_the_purge_task_acts_as_the_task(world):
    assert purge_expired.call() == {}
    assert AuditEntry.objects.filter(action=AuditAction.PURGE).get().actor == "task:purge"


def test_every_source_kind_closed_outcome_and_unloaded_file_has_a_period():
    names = set(SourceKind.values) | {f"request_{s}" for s in RequestStatus.values if s != RequestStatus.OPEN}
    assert set(DEFAULT_DAYS) == names | {"upload_unimported"}


def test_periods_are_read_from_the_setting():
    assert parse_periods(" morgue=3650, request_closed=90 ,official_statement=never,") == {
        "morgue": 3650, "request_closed": 90, "official_statement": None,
    }
    assert parse_periods("") == {}


@pytest.mark.parametrize(
    "text,complaint",
    [
        ("morgue", "not name=days"),
        ("request_open=30", "unknown name 'request_open'"),
        ("morgue=ten", "neither a number of days nor 'never'"),
        ("morgue=-1", "neither a number of days nor 'never'"),
        ("morgue=10,morgue=20", "given twice"),
    ],
)
def test_a_mistyped_setting_is_refused_clearly(text, complaint):
    with pytest.raises(ImproperlyConfigured) as refused:
        parse_periods(text)
    assert complaint in str(refused.value) and "IZDEU_RETENTION_DAYS" in str(refused.value)
