"""The public home page, the staff overview and the language switcher."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from izdeu.cases.models import CaseStatus
from izdeu.conftest import PASSWORD, make_user
from izdeu.lists.models import ListEntry
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
