"""The review queue and the candidate page, as lawyers and coordinators use them. Every name is fictional."""

import datetime as dt

import pytest
from django.utils import timezone

from izdeu.accounts.models import Role
from izdeu.audit.models import AuditAction, AuditEntry
from izdeu.cases.models import Priority
from izdeu.conftest import make_user
from izdeu.people.models import Event, EventKind, Sex
from izdeu.review.models import Decision, ReviewDecision
from izdeu.review.sidebyside import AGREE, DISAGREE, MISSING, side_by_side
from izdeu.tests.factory import Factory

# The engine's reasons for "Nurlan Zagghiparov, 29-31" against "ЗАГИПАРОВ Нурлан Серикович, 12.03.1992".
REASONS = [
    {"comparison": "surname", "level": "same", "request": "Zagghiparov", "entry": "ЗАГИПАРОВ", "weight": 7.3,
     "text": "surname: same (Zagghiparov ~ ЗАГИПАРОВ) +7.3"},
    {"comparison": "given_name", "level": "same", "request": "Nurlan", "entry": "Нурлан", "weight": 4.1,
     "text": "given_name: same (Nurlan ~ Нурлан) +4.1"},
    {"comparison": "birth", "level": "fits_age", "request": "29-31 лет", "entry": "1992-03-12", "weight": 2.9,
     "text": "birth: fits the age given (29-31 лет ~ 1992-03-12) +2.9"},
]  # fmt: skip


def queued(factory, full_name, *, priority=Priority.NORMAL, is_minor=False, health_needs="", hours_ago=1,
           probability=0.9, row_number=1, source=None):
    """A request filed `hours_ago`, and a candidate for it from a police station list."""
    surname, given_name = full_name.split()
    case = factory.case(person=factory.person(full_name=full_name, surname=surname, given_name=given_name, patronymic=""),
                        priority=priority)  # fmt: skip
    search_request = factory.search_request(case=case, full_name=full_name, surname=surname, given_name=given_name,
                                            is_minor=is_minor, health_needs=health_needs,
                                            created_at=timezone.now() - dt.timedelta(hours=hours_ago))  # fmt: skip
    entry = factory.entry(source=source or factory.source(), row_number=row_number, full_name=full_name.upper(),
                          surname=surname.upper(), given_name=given_name, patronymic="")  # fmt: skip
    return factory.candidate(entry=entry, search_request=search_request, probability=probability, reasons=REASONS)


def test_the_queue_puts_the_people_most_at_risk_first(client, lawyer, factory):
    source = factory.source()
    likely = queued(factory, "Ахметов Ерлан", probability=0.99, hours_ago=2, row_number=1, source=source)
    waiting_long = queued(factory, "Сейткали Данияр", probability=0.6, hours_ago=40, row_number=2, source=source)
    injured = queued(factory, "Омаров Бауыржан", health_needs="сломана рука", probability=0.4, row_number=3, source=source)
    child = queued(factory, "Жумабаев Асет", is_minor=True, probability=0.3, row_number=4, source=source)
    urgent = queued(factory, "Нұрланқызы Әйгерім", priority=Priority.URGENT, probability=0.2, row_number=5, source=source)
    client.force_login(lawyer)

    page = client.get("/en/review/")

    order = [row["candidate"].pk for row in page.context["rows"]]
    assert order == [urgent.pk, child.pk, injured.pk, waiting_long.pk, likely.pk]
    assert "40 h without news" in page.content.decode()


def test_another_organisations_candidates_are_never_shown(client, lawyer, factory, other_organisation):
    ours = queued(factory, "Ахметов Ерлан")
    theirs = queued(Factory(other_organisation, make_user(other_organisation, Role.VOLUNTEER, "volunteer-sholpan")),
                    "Сейткали Данияр")  # fmt: skip
    client.force_login(lawyer)
    assert [row["candidate"].pk for row in client.get("/en/review/").context["rows"]] == [ours.pk]
    assert client.get(f"/en/review/{theirs.pk}/").status_code == 404
    assert client.post(f"/en/review/{theirs.pk}/", {"action": "confirm"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.decision == Decision.PROPOSED


def test_volunteers_do_not_review(client, volunteer, factory):
    candidate = queued(factory, "Ахметов Ерлан")
    client.force_login(volunteer)
    assert client.get("/en/review/").status_code == 403
    assert client.get(f"/en/review/{candidate.pk}/").status_code == 403


def test_the_request_and_the_entry_are_compared_field_by_field(factory):
    search_request = factory.search_request(iin="920312350125")
    entry = factory.entry(iin="920312350133", sex=Sex.MALE)
    rows = {row.label: row for row in side_by_side(search_request, entry, REASONS)}
    # The engine's weights say the Latin and the Cyrillic surnames are one name.
    assert (rows["Surname"].request, rows["Surname"].entry, rows["Surname"].mark) == ("Zagghiparov", "ЗАГИПАРОВ", AGREE)
    assert rows["Name as written"].mark == AGREE
    assert rows["Patronymic"].mark == MISSING  # the mother did not give it
    assert (rows["Birth date or age"].request, rows["Birth date or age"].mark) == ("29–31 years old", AGREE)
    assert rows["Sex"].mark == AGREE
    # Masked as on the list pages, and two different numbers.
    assert (rows["IIN"].request, rows["IIN"].entry, rows["IIN"].mark) == ("92031235****", "92031235****", DISAGREE)
    assert rows["Place"].request == "Республика алаңы"


def test_a_name_written_whole_is_compared_in_the_parts_the_engine_read(factory):
    # The public form's usual request: one full name, no parts kept.
    search_request = factory.search_request(full_name="Nurlan Serikuly Zagghiparov", surname="", given_name="")
    father = {"comparison": "father", "level": "same", "request": "Serikuly", "entry": "Серикович", "weight": 6.3}
    rows = {row.label: row for row in side_by_side(search_request, factory.entry(), [*REASONS, father])}
    assert (rows["Surname"].request, rows["Surname"].entry, rows["Surname"].mark) == ("Zagghiparov", "ЗАГИПАРОВ", AGREE)
    assert (rows["Patronymic"].request, rows["Patronymic"].mark) == ("Serikuly", AGREE)
    assert rows["Name as written"].mark == AGREE


def test_without_the_engines_word_names_are_compared_across_scripts(factory):
    search_request = factory.search_request(full_name="Aset Zhumabayev", surname="Zhumabayev", given_name="Aset")
    entry = factory.entry(full_name="ЖУМАБАЕВ Асет", surname="ЖУМАБАЕВ", given_name="Асет", patronymic="")
    other = factory.entry(row_number=2, full_name="ЖУМАБЕКОВ Асет", surname="ЖУМАБЕКОВ", given_name="Асет", patronymic="")
    assert {r.label: r.mark for r in side_by_side(search_request, entry, [])}["Surname"] == AGREE
    assert {r.label: r.mark for r in side_by_side(search_request, other, [])}["Surname"] == DISAGREE


def test_the_candidate_page_shows_both_sides_the_reasons_and_the_list_and_is_audited(client, lawyer, factory):
    candidate = queued(factory, "Загипаров Нурлан")
    client.force_login(lawyer)

    page = client.get(f"/ru/review/{candidate.pk}/").content.decode()

    assert "Загипаров Нурлан" in page and "ЗАГИПАРОВ НУРЛАН" in page
    assert "+7,3" in page and "УП Алмалинского района, 7 января" in page  # a decimal comma in Russian
    assert "92031235" not in page  # neither side has an IIN here; never shown whole anywhere
    # The first button is the likely action: this candidate is probably the person.
    assert page.index('value="confirm"') < page.index('value="reject"')
    read = AuditEntry.objects.filter(action=AuditAction.READ, user_id=lawyer.pk)
    assert set(read.values_list("object_type", flat=True)) >= {"review.candidate", "searches.searchrequest", "lists.listentry"}


def test_an_unlikely_candidate_offers_rejecting_first(client, lawyer, factory):
    candidate = queued(factory, "Загипаров Нурлан", probability=0.1)
    client.force_login(lawyer)
    page = client.get(f"/en/review/{candidate.pk}/").content.decode()
    assert page.index('value="reject"') < page.index('value="confirm"')


def test_confirming_opens_the_next_candidate_and_undo_takes_it_back(client, lawyer, factory):
    source = factory.source()
    first = queued(factory, "Ахметов Ерлан", priority=Priority.HIGH, row_number=1, source=source)
    second = queued(factory, "Сейткали Данияр", row_number=2, source=source)
    client.force_login(lawyer)

    response = client.post(f"/en/review/{first.pk}/", {"action": "confirm", "reason": "ИИН совпадает"})

    assert response["Location"] == f"/en/review/{second.pk}/"
    assert Event.objects.get().kind == EventKind.DETAINED
    following = client.get(response["Location"]).content.decode()
    decision = ReviewDecision.objects.get()
    assert f"/en/review/decisions/{decision.pk}/undo/" in following  # the last decision, undoable from the next page
    response = client.post(f"/en/review/decisions/{decision.pk}/undo/")
    assert response["Location"] == f"/en/review/{first.pk}/"
    first.refresh_from_db()
    assert first.decision == Decision.PROPOSED
    assert not Event.objects.standing().exists()


def test_rejecting_without_a_reason_keeps_the_candidate_and_says_why(client, lawyer, factory):
    candidate = queued(factory, "Ахметов Ерлан")
    client.force_login(lawyer)
    response = client.post(f"/kk/review/{candidate.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PROPOSED
    response = client.post(f"/en/review/{candidate.pk}/", {"action": "reject", "reason": "Другой год рождения"})
    assert response["Location"] == "/en/review/"
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decision_reason) == (Decision.REJECTED, "Другой год рождения")


@pytest.fixture
def second_lawyer(organisation):
    return make_user(organisation, Role.LAWYER, "lawyer-dauren")


def test_the_page_tells_the_first_lawyer_that_a_death_needs_another(client, lawyer, second_lawyer, factory):
    morgue = factory.source(name="Городской морг, 10 января", kind="morgue")
    candidate = queued(factory, "Ахметов Ерлан", source=morgue)
    client.force_login(lawyer)
    client.post(f"/en/review/{candidate.pk}/", {"action": "confirm", "reason": "фото совпадает"})
    page = client.get(f"/en/review/{candidate.pk}/").content.decode()
    assert "another lawyer must confirm it now" in page and 'value="confirm"' not in page
    assert not Event.objects.exists()

    client.force_login(second_lawyer)
    assert 'value="confirm"' in client.get(f"/en/review/{candidate.pk}/").content.decode()
    client.post(f"/en/review/{candidate.pk}/", {"action": "confirm", "reason": "проверено"})
    assert Event.objects.get().kind == EventKind.DIED
