"""The person page: who asked, the timeline with conflicting claims side by side, what waits for review.
Every name is fictional."""

import datetime as dt

import pytest
from django.utils import timezone

from izdeu.accounts.models import Role
from izdeu.audit.models import AuditAction, AuditEntry
from izdeu.conftest import make_user
from izdeu.facilities.models import FacilityKind
from izdeu.lists.models import Reliability, SourceKind
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.review import decisions
from izdeu.searches.models import Relationship


def on(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2022, 1, day, 12))


@pytest.fixture
def case(factory, lawyer):
    return factory.case(assigned_lawyer=lawyer)


@pytest.fixture
def mother_and_wife(factory, case):
    mother = factory.search_request(case=case)
    wife = factory.search_request(case=case, requester=factory.requester(
        name="Әсел Загипарова", phone="+77075550199", relationship=Relationship.SPOUSE, language="ru"))  # fmt: skip
    return mother, wife


def event(factory, person, kind, facility, day, recorder, source_name):
    source = factory.source(name=source_name, facility=facility, list_date=dt.date(2022, 1, day),
                            reliability=Reliability.OFFICIAL_DOCUMENT)  # fmt: skip
    return Event.objects.create(person=person, kind=kind, facility=facility, occurred_at=on(day), certainty=Certainty.CONFIRMED,
                                source=source, recorded_by=recorder)  # fmt: skip


def test_two_claims_of_one_day_at_different_places_are_shown_side_by_side(client, coordinator, factory, case):
    station = factory.facility()
    hospital = factory.facility(kind=FacilityKind.HOSPITAL, name_ru="ГКБ №7 г. Алматы", name_kk="Алматы қ. №7 ҚКА",
                                name_en="City hospital No. 7, Almaty")  # fmt: skip
    person = case.person
    event(factory, person, EventKind.DETAINED, station, 7, coordinator, "УП Алмалинского района, 7 января")
    event(factory, person, EventKind.DETAINED, station, 8, coordinator, "УП Алмалинского района, 8 января")
    event(factory, person, EventKind.HOSPITALISED, hospital, 8, coordinator, "ГКБ №7, поступившие 8 января")
    client.force_login(coordinator)

    response = client.get(f"/en/people/{person.pk}/")

    days = response.context["days"]
    assert [(d.day, len(d.events), d.conflicting) for d in days] == [
        (dt.date(2022, 1, 7), 1, False), (dt.date(2022, 1, 8), 2, True)]
    page = response.content.decode()
    assert page.count("Conflicting claims") == 1
    assert "City hospital No. 7, Almaty" in page and "Almaly district police department, Almaty" in page
    assert page.count("Official document") == 3  # every claim with its source's reliability
    # Both claims stay confirmed: neither overwrote the other.
    assert Event.objects.filter(certainty=Certainty.CONFIRMED).count() == 3


def test_who_asked_is_shown_without_contacts_until_asked_for_and_each_look_is_audited(client, coordinator, factory,
                                                                                      case, mother_and_wife):
    client.force_login(coordinator)
    page = client.get(f"/en/people/{case.person_id}/").content.decode()
    assert "Parent" in page and "Husband or wife" in page
    assert "+77075550199" not in page and "Әсел" not in page
    wife = mother_and_wife[1].requester

    page = client.post(f"/en/people/{case.person_id}/").content.decode()

    assert "+77075550199" in page and "Әсел Загипарова" in page
    reads = AuditEntry.objects.filter(action=AuditAction.READ, object_type="searches.requester").order_by("sequence")
    assert ["phone" in entry.fields for entry in reads] == [False, True]
    assert str(wife.pk) in reads.last().object_ids


def test_the_assigned_lawyer_sees_the_person_and_other_lawyers_do_not(client, lawyer, organisation, factory, case):
    client.force_login(lawyer)
    assert client.get(f"/en/people/{case.person_id}/").status_code == 200
    client.force_login(make_user(organisation, Role.LAWYER, "lawyer-dauren"))
    assert client.get(f"/en/people/{case.person_id}/").status_code == 404


def test_another_organisation_and_volunteers_see_nothing(client, volunteer, other_organisation, case):
    client.force_login(make_user(other_organisation, Role.COORDINATOR, "coordinator-sholpan"))
    assert client.get(f"/en/people/{case.person_id}/").status_code == 404
    client.force_login(volunteer)
    assert client.get(f"/en/people/{case.person_id}/").status_code == 403


def test_pending_candidates_link_to_review_and_withdrawn_events_leave_the_timeline(client, coordinator, lawyer, factory,
                                                                                    case, mother_and_wife):
    mother, _ = mother_and_wife
    station = factory.facility()
    waiting = factory.candidate(entry=factory.entry(source=factory.source(facility=station)), search_request=mother)
    court = factory.source(name="Алмалинский районный суд, 10 января", kind=SourceKind.COURT, list_date=dt.date(2022, 1, 10))
    confirmed = factory.candidate(entry=factory.entry(source=court), search_request=mother)
    decisions.undo(decisions.confirm(confirmed, lawyer), lawyer)
    client.force_login(coordinator)

    response = client.get(f"/en/people/{case.person_id}/")

    page = response.content.decode()
    assert f'href="/en/review/{waiting.pk}/"' in page
    assert response.context["days"] == []
    assert "Withdrawn" in page and "Court hearing" in page
