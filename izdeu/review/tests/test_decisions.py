"""Confirming, rejecting and undoing a candidate, and the death rule. Every name is fictional."""

import datetime as dt

import pytest
from django.utils import timezone

from izdeu.accounts.models import Role
from izdeu.cases.models import CaseStatus, FollowUp, FollowUpKind
from izdeu.conftest import make_user
from izdeu.facilities.models import FacilityKind
from izdeu.lists.models import SourceKind
from izdeu.notify.models import Message, MessageKind, MessageState
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.review import decisions
from izdeu.review.models import Decision
from izdeu.searches.models import Channel, RequestStatus


@pytest.fixture
def second_lawyer(organisation):
    return make_user(organisation, Role.LAWYER, "lawyer-dauren")


@pytest.fixture
def station(factory):
    return factory.facility()


@pytest.fixture
def ivs(factory):
    return factory.facility(kind=FacilityKind.TEMPORARY_DETENTION, name_kk="Алматы қ. ПД УҚУ", name_ru="ИВС ДП г. Алматы",
                            name_en="Temporary detention centre, Almaty police")  # fmt: skip


@pytest.fixture
def morgue(factory):
    return factory.facility(kind=FacilityKind.MORGUE, name_kk="Алматы қалалық мәйітханасы", name_ru="Городской морг г. Алматы",
                            name_en="Almaty city morgue")  # fmt: skip


@pytest.fixture
def emailed_request(factory):
    """A mother who asked to hear by email, about her son."""
    requester = factory.requester(email="gulnar.zagiparova@example.kz", preferred_channel=Channel.EMAIL)
    return factory.search_request(requester=requester)


def station_candidate(factory, station, search_request, row_number=1, **source):
    entry = factory.entry(source=factory.source(facility=station, **source), row_number=row_number)
    return factory.candidate(entry=entry, search_request=search_request)


def test_confirming_records_the_event_locates_the_case_and_writes_the_familys_news(factory, lawyer, station, emailed_request):
    candidate = station_candidate(factory, station, emailed_request)

    decision = decisions.confirm(candidate, lawyer, "ИИН и дата рождения совпадают")

    event = Event.objects.get()
    assert (event.kind, event.facility, event.certainty) == (EventKind.DETAINED, station, Certainty.CONFIRMED)
    assert (event.list_entry, event.candidate, event.source, event.recorded_by) == (
        candidate.entry, candidate, candidate.entry.source, lawyer)
    assert event.person == emailed_request.case.person
    assert timezone.localdate(event.occurred_at) == dt.date(2022, 1, 7)
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by, candidate.decision_reason) == (
        Decision.CONFIRMED, lawyer, "ИИН и дата рождения совпадают")
    assert decision.event == event
    emailed_request.refresh_from_db()
    assert emailed_request.status == RequestStatus.LOCATED
    assert emailed_request.case.status == CaseStatus.LOCATED
    assert candidate.entry.person == emailed_request.case.person
    message = Message.objects.get()
    assert (message.kind, message.event, message.requester) == (MessageKind.LOCATED, event, emailed_request.requester)


def test_other_candidates_of_the_request_stay_for_review(factory, lawyer, station, emailed_request):
    first = station_candidate(factory, station, emailed_request, row_number=1)
    second = station_candidate(factory, station, emailed_request, row_number=2, name="УП Алмалинского района, 8 января")
    decisions.confirm(first, lawyer)
    second.refresh_from_db()
    assert second.decision == Decision.PROPOSED


def test_a_custody_list_at_another_place_records_a_transfer_and_keeps_the_detention(factory, lawyer, station, ivs,
                                                                                    emailed_request):
    decisions.confirm(station_candidate(factory, station, emailed_request), lawyer)
    later = factory.entry(source=factory.source(name="ИВС ДП г. Алматы, 9 января", kind=SourceKind.TEMPORARY_DETENTION,
                                                facility=ivs, list_date=dt.date(2022, 1, 9)))  # fmt: skip
    decisions.confirm(factory.candidate(entry=later, search_request=emailed_request), lawyer)

    detained, moved = Event.objects.order_by("occurred_at")
    assert (detained.kind, detained.facility) == (EventKind.DETAINED, station)
    assert (moved.kind, moved.destination_facility) == (EventKind.TRANSFERRED, ivs)
    assert Message.objects.filter(kind=MessageKind.MOVED, event=moved).count() == 1


def test_a_decided_candidate_cannot_be_decided_again(factory, lawyer, second_lawyer, station, emailed_request):
    candidate = station_candidate(factory, station, emailed_request)
    decisions.confirm(candidate, lawyer)
    with pytest.raises(decisions.DecisionRefused):
        decisions.reject(candidate, second_lawyer, "другой человек")
    assert Event.objects.count() == 1


def test_rejecting_needs_a_reason_and_records_it(factory, lawyer, station, emailed_request):
    candidate = station_candidate(factory, station, emailed_request)
    with pytest.raises(decisions.DecisionRefused):
        decisions.reject(candidate, lawyer, "  ")
    decisions.reject(candidate, lawyer, "Другая дата рождения: 1975 г.р.")
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decision_reason) == (Decision.REJECTED, "Другая дата рождения: 1975 г.р.")
    assert not Event.objects.exists()
    emailed_request.refresh_from_db()
    assert emailed_request.status == RequestStatus.OPEN


def test_undoing_a_confirmation_retracts_its_event_restores_the_statuses_and_holds_back_the_news(
    factory, lawyer, station, emailed_request
):
    candidate = station_candidate(factory, station, emailed_request)
    decision = decisions.confirm(candidate, lawyer)

    decisions.undo(decision, lawyer)

    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by) == (Decision.PROPOSED, None)
    event = Event.objects.get()  # kept, never deleted
    assert event.retracted_by == lawyer and event.certainty != Certainty.CONFIRMED
    assert not Event.objects.standing().exists()
    emailed_request.refresh_from_db()
    assert emailed_request.status == RequestStatus.OPEN
    assert emailed_request.case.status == CaseStatus.OPEN
    assert Message.objects.get().state == MessageState.WITHHELD
    candidate.entry.refresh_from_db()
    assert candidate.entry.person is None


def test_undoing_a_rejection_puts_the_candidate_back(factory, lawyer, station, emailed_request):
    candidate = station_candidate(factory, station, emailed_request)
    decisions.undo(decisions.reject(candidate, lawyer, "однофамилец"), lawyer)
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decision_reason) == (Decision.PROPOSED, "")


def test_only_the_reviewer_or_a_coordinator_may_undo_and_only_for_a_while(
    factory, lawyer, second_lawyer, coordinator, station, emailed_request
):
    candidate = station_candidate(factory, station, emailed_request)
    decision = decisions.confirm(candidate, lawyer)
    assert not decisions.can_undo(decision, second_lawyer)
    assert decisions.can_undo(decision, coordinator)
    later = decision.decided_at + decisions.UNDO_WINDOW + dt.timedelta(seconds=1)
    assert not decisions.can_undo(decision, lawyer, now=later)
    with pytest.raises(decisions.DecisionRefused):
        decisions.undo(decision, second_lawyer)
    decisions.undo(decision, coordinator)
    assert not Event.objects.standing().exists()


def morgue_candidate(factory, morgue, search_request):
    source = factory.source(name="Городской морг, 10 января", kind=SourceKind.MORGUE, facility=morgue,
                            list_date=dt.date(2022, 1, 10))  # fmt: skip
    return factory.candidate(entry=factory.entry(source=source), search_request=search_request)


def test_one_lawyer_alone_cannot_confirm_a_death(factory, lawyer, morgue, emailed_request):
    candidate = morgue_candidate(factory, morgue, emailed_request)

    first = decisions.confirm(candidate, lawyer, "совпадают ФИО и дата рождения")

    assert first.awaits_second and first.event is None
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PROPOSED
    assert not Event.objects.exists() and not Message.objects.exists() and not FollowUp.objects.exists()
    with pytest.raises(decisions.DecisionRefused):
        decisions.confirm(candidate, lawyer)
    assert not Event.objects.exists()


def test_a_second_lawyer_confirms_a_death_and_nobody_is_told_by_a_machine(factory, lawyer, second_lawyer, morgue,
                                                                          emailed_request):
    candidate = morgue_candidate(factory, morgue, emailed_request)
    decisions.confirm(candidate, lawyer)

    decisions.confirm(candidate, second_lawyer, "проверил по фото")

    event = Event.objects.get()
    assert (event.kind, event.facility, event.recorded_by) == (EventKind.DIED, morgue, second_lawyer)
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by) == (Decision.CONFIRMED, second_lawyer)
    assert not Message.objects.exists()
    assert FollowUp.objects.get().kind == FollowUpKind.TELL_DEATH


def test_undoing_a_confirmed_death_withdraws_the_visit_to_the_family(factory, lawyer, second_lawyer, morgue,
                                                                     emailed_request):
    candidate = morgue_candidate(factory, morgue, emailed_request)
    decisions.confirm(candidate, lawyer)
    second = decisions.confirm(candidate, second_lawyer, "проверил по фото")
    assert FollowUp.objects.open().filter(kind=FollowUpKind.TELL_DEATH).exists()

    decisions.undo(second, second_lawyer)

    assert not FollowUp.objects.open().exists()
    assert Event.objects.get().retracted_at is not None


def test_the_second_confirmation_of_a_death_comes_from_a_lawyer(factory, lawyer, coordinator, morgue, emailed_request):
    candidate = morgue_candidate(factory, morgue, emailed_request)
    decisions.confirm(candidate, lawyer)
    with pytest.raises(decisions.DecisionRefused):
        decisions.confirm(candidate, coordinator)
    assert not Event.objects.exists()


def test_a_hospital_row_that_says_the_patient_died_is_a_death(factory, lawyer, emailed_request):
    hospital = factory.facility(kind=FacilityKind.HOSPITAL, name_ru="ГКБ №4 г. Алматы", name_kk="Алматы қ. №4 ҚКА",
                                name_en="City hospital No. 4, Almaty")  # fmt: skip
    source = factory.source(name="ГКБ №4, поступившие", kind=SourceKind.HOSPITAL, facility=hospital)
    entry = factory.entry(source=source, raw={"ФИО": "ЗАГИПАРОВ Нурлан Серикович", "Исход": "летальный исход"})
    assert decisions.says_died(entry)
    decisions.confirm(factory.candidate(entry=entry, search_request=emailed_request), lawyer)
    assert not Event.objects.exists()  # waits for a second lawyer
    discharged = factory.entry(source=source, row_number=2, raw={"ФИО": "ЗАГИПАРОВ Нурлан", "Исход": "выписан"})
    assert not decisions.says_died(discharged)
