"""The public home page, the staff overview and the language switcher."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from izdeu.cases.models import CaseStatus, FollowUp, FollowUpKind, Priority
from izdeu.conftest import PASSWORD, make_user
from izdeu.lists.models import ListEntry
from izdeu.notify.models import Message, MessageChannel, MessageKind, MessageState
from izdeu.tests.factory import Factory

HOME_HEADINGS = {
    "kk": "Ұсталған, жараланған немесе хабарсыз кеткен адамдарды табу",
    "ru": "Найти задержанных, раненых и пропавших",
    "en": "Find people detained, injured or missing",
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_home_page_speaks_each_language(client, db, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert HOME_HEADINGS[language] in page


def test_the_bare_address_sends_visitors_to_their_browsers_language(client, db):
    response = client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_switching_language_keeps_the_visitor_on_the_same_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/kk/"})
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_pages_load_nothing_from_other_hosts(client, db):
    page = client.get("/en/").content.decode()
    for attribute in ('src="', 'href="'):
        for value in page.split(attribute)[1:]:
            assert value.startswith(("/", "#")), value[:60]


def test_staff_sign_in_leads_to_the_overview(client, volunteer):
    with translation.override("en"):
        login_url = reverse("accounts:login")
    response = client.post(login_url, {"username": volunteer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/overview/"


def test_a_wrong_password_is_refused_in_the_users_language(client, volunteer):
    response = client.post("/ru/accounts/sign-in/", {"username": volunteer.username, "password": "неверный-пароль"})
    assert response.status_code == 200
    assert "правильные имя пользователя и пароль" in response.content.decode()


def test_the_overview_counts_only_the_users_organisation(client, factory, coordinator, other_organisation):
    factory.case()
    factory.case(person=factory.person(given_name="Айгерим", surname="Сулейменова", sex="female"), status=CaseStatus.LOCATED)
    elsewhere = Factory(other_organisation, make_user(other_organisation, "volunteer", "ерлан"))
    elsewhere.case()
    client.force_login(coordinator)
    figures = {f.label: f.value for f in client.get("/en/overview/").context["figures"]}
    assert figures["People sought"] == 1
    assert figures["People located"] == 1


def test_the_overview_shows_no_names(client, factory, lawyer):
    factory.search_request()
    client.force_login(lawyer)
    page = client.get("/en/overview/").content.decode()
    assert "Zagghiparov" not in page and "Загипаров" not in page


def test_health_reports_the_database_and_nothing_else(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_expired_form_gets_a_plain_explanation_in_the_users_language(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ru/accounts/sign-in/", {"username": "volunteer", "password": "x"})
    assert response.status_code == 403
    assert "Срок действия формы истёк" in response.content.decode()


@pytest.mark.parametrize("language,written", [("en", "1,250"), ("ru", "1\xa0250"), ("kk", "1\xa0250")])
def test_large_figures_are_grouped_the_way_each_language_writes_them(client, factory, coordinator, language, written):
    source = factory.source()
    ListEntry.objects.bulk_create(
        ListEntry(source=source, row_number=row, full_name=f"Омаров Б. (строка {row})", raw={"ФИО": "Омаров Б."})
        for row in range(1, 1251)
    )
    client.force_login(coordinator)
    assert written in client.get(f"/{language}/overview/").content.decode()


def _work_waiting(factory, lawyer):
    """A death for the lawyer to tell, and a message to the mother that failed and one that arrived."""
    search_request = factory.search_request(case=factory.case(assigned_lawyer=lawyer))
    FollowUp.objects.create(case=search_request.case, kind=FollowUpKind.TELL_DEATH, priority=Priority.URGENT)
    for state, sent_at in ((MessageState.FAILED, None), (MessageState.SENT, timezone.now())):
        Message.objects.create(organisation=search_request.requester.organisation, search_request=search_request,
                               requester=search_request.requester, kind=MessageKind.RECEIVED,
                               channel=MessageChannel.EMAIL, language="kk", state=state, sent_at=sent_at)  # fmt: skip


def test_the_overview_counts_the_work_waiting_and_leads_to_it(client, factory, lawyer, coordinator):
    _work_waiting(factory, lawyer)
    client.force_login(coordinator)
    response = client.get("/en/overview/")
    figures = {f.label: (f.value, f.url) for f in response.context["figures"]}
    assert figures["Follow-ups waiting"] == (1, "/en/messages/follow-ups/")
    assert figures["Messages needing a decision"] == (1, "/en/messages/")
    assert '<a href="/en/messages/follow-ups/">Follow-ups waiting</a>' in response.content.decode()


@pytest.mark.parametrize("role, shown", [
    ("lawyer", {"Follow-ups waiting"}),
    ("volunteer", {"Follow-ups waiting"}),
    ("administrator", set()),
])  # fmt: skip
def test_each_role_sees_only_the_work_it_may_open(client, factory, lawyer, request, role, shown):
    _work_waiting(factory, lawyer)
    client.force_login(request.getfixturevalue(role))
    figures = {f.label: f for f in client.get("/en/overview/").context["figures"]}
    assert {label for label, figure in figures.items() if figure.url} == shown
    # The volunteer took no call: the lawyer's death to tell is not theirs to see.
    assert [figures[label].value for label in shown] == ([1] if role == "lawyer" else [0] if shown else [])
