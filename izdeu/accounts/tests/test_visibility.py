"""Object-level rules: each role sees exactly the records its work needs."""

import datetime as dt

import pytest
from django.utils import timezone

from izdeu.accounts import visibility
from izdeu.accounts.models import BreakGlass
from izdeu.cases.models import Case
from izdeu.conftest import make_user
from izdeu.searches.models import IntakeChannel
from izdeu.tests.factory import Factory


@pytest.fixture
def world(factory, volunteer, lawyer, other_organisation):
    """Two cases in our organisation (one assigned to our lawyer, one taken by phone by our
    volunteer), a list uploaded by someone else, and a case in another organisation."""
    assigned = factory.case(assigned_lawyer=lawyer)
    factory.search_request(case=assigned)
    by_phone = factory.case(person=factory.person(surname="Сулейменова", given_name="Айгерім", sex="female"))
    factory.search_request(case=by_phone, channel=IntakeChannel.PHONE, entered_by=volunteer)
    own_list = factory.source(uploaded_by=volunteer)
    factory.entry(source=own_list)
    colleague = make_user(factory.organisation, "volunteer", "ерлан")
    others_list = factory.source(name="ИВС ДП г. Алматы, 8 января", uploaded_by=colleague)
    factory.candidate(entry=factory.entry(source=others_list))
    elsewhere = Factory(other_organisation, make_user(other_organisation, "coordinator", "шымкент"))
    elsewhere.search_request(case=elsewhere.case())
    return {"assigned": assigned, "by_phone": by_phone, "own_list": own_list, "others_list": others_list}


def test_a_coordinator_sees_the_whole_organisation_and_nothing_else(world, coordinator):
    # Three cases: the assigned one, the phone intake, and the one behind the candidate's request.
    assert set(visibility.cases(coordinator)) == set(Case.objects.filter(organisation=coordinator.organisation))
    assert visibility.cases(coordinator).count() == 3
    assert set(visibility.sources(coordinator)) == {world["own_list"], world["others_list"]}
    assert visibility.search_requests(coordinator).count() == 3
    assert visibility.candidates(coordinator).count() == 1


def test_a_lawyer_sees_assigned_cases_and_the_review_queue(world, lawyer):
    assert list(visibility.cases(lawyer)) == [world["assigned"]]
    assert {r.case for r in visibility.search_requests(lawyer)} == {world["assigned"]}
    assert visibility.candidates(lawyer).count() == 1
    assert visibility.requesters(lawyer).count() == 1


def test_a_volunteer_sees_what_they_entered(world, volunteer):
    assert list(visibility.cases(volunteer)) == [world["by_phone"]]
    assert list(visibility.sources(volunteer)) == [world["own_list"]]
    assert visibility.list_entries(volunteer).count() == 1
    assert visibility.candidates(volunteer).count() == 0


def test_an_administrator_sees_no_case_content(world, administrator):
    for rule in (visibility.cases, visibility.search_requests, visibility.requesters, visibility.people,
                 visibility.sources, visibility.list_entries, visibility.candidates):
        assert rule(administrator).count() == 0, rule.__name__


def test_a_break_glass_opens_the_organisation_to_an_administrator_for_a_limited_time(world, administrator):
    glass = BreakGlass.open(administrator, "Координатор задержан, нужно передать дела коллегам")
    assert visibility.cases(administrator).count() == 3
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    BreakGlass.objects.filter(pk=glass.pk).update(opened_at=an_hour_ago - BreakGlass.DURATION, expires_at=an_hour_ago)
    assert visibility.cases(administrator).count() == 0


def test_a_deactivated_account_sees_nothing(world, coordinator):
    coordinator.is_active = False
    assert visibility.cases(coordinator).count() == 0


def test_an_administrator_opens_emergency_access_with_a_reason_and_it_is_audited(client, administrator, factory):
    from izdeu.accounts import reauth
    from izdeu.audit.models import AuditEntry

    factory.case()
    client.force_login(administrator)
    session = client.session
    session[reauth.SESSION_KEY] = timezone.now().timestamp()
    session.save()
    assert client.post("/en/accounts/break-glass/open/", {"reason": "коротко"}).status_code == 400
    response = client.post("/en/accounts/break-glass/open/", {"reason": "Координатор задержан, дела нужно передать"})
    assert response.status_code == 302
    assert visibility.cases(administrator).count() == 1
    entry = AuditEntry.objects.get(action="break_glass")
    assert entry.user_id == administrator.pk and "Координатор" not in str(entry.__dict__)


def test_only_administrators_can_break_the_glass(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/en/accounts/break-glass/").status_code == 403
