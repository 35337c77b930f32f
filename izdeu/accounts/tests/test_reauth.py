"""Exports, deletions and key operations ask for the password again (``@recent_authentication``)."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path

from izdeu.accounts.access import ALL_ROLES, roles
from izdeu.accounts.reauth import recent_authentication
from izdeu.accounts.testing import give_authenticator
from izdeu.accounts.tests.conftest import OVERVIEW, code_for, location, sign_in
from izdeu.conftest import PASSWORD
from izdeu.urls import urlpatterns as izdeu_urlpatterns

CONFIRM = "/en/accounts/confirm/"


@roles(*ALL_ROLES)
@recent_authentication(minutes=5)
def export_everything(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the export")


# izdeu's addresses, plus one guarded view standing in for an export.
urlpatterns = [*izdeu_urlpatterns, path("en/test-export/", export_everything)]
pytestmark = pytest.mark.urls(__name__)


def test_a_guarded_view_asks_for_the_password_first(client, volunteer):
    client.force_login(volunteer)
    assert location(client.get("/en/test-export/")) == f"{CONFIRM}?next=%2Fen%2Ftest-export%2F"


def test_after_confirming_the_view_runs_for_five_minutes(client, volunteer, clock):
    client.force_login(volunteer)
    confirmed = client.post(CONFIRM, {"password": PASSWORD, "next": "/en/test-export/"})
    assert location(confirmed) == "/en/test-export/"
    clock.advance(minutes=5)
    assert client.get("/en/test-export/").content == b"the export"
    clock.advance(seconds=1)
    assert location(client.get("/en/test-export/")).startswith(CONFIRM)


def test_signing_in_counts_as_entering_the_password(client, volunteer):
    sign_in(client, volunteer)
    assert client.get("/en/test-export/").content == b"the export"


def test_a_wrong_password_is_refused(client, volunteer):
    client.force_login(volunteer)
    response = client.post(CONFIRM, {"password": "не-тот-пароль-2022"})
    assert response.status_code == 200 and "This password is not right" in response.content.decode()
    assert location(client.get("/en/test-export/")).startswith(CONFIRM)


def test_wrong_passwords_here_count_towards_the_lock_out(client, volunteer):
    client.force_login(volunteer)
    for _ in range(5):
        client.post(CONFIRM, {"password": "не-тот-пароль-2022"})
    assert "Too many failed attempts" in client.post(CONFIRM, {"password": PASSWORD}).content.decode()


def test_a_user_with_an_authenticator_confirms_with_its_code_too(client, lawyer, clock):
    device = give_authenticator(lawyer)
    client.force_login(lawyer)
    page = client.get(CONFIRM).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 200
    confirmed = client.post(CONFIRM, {"password": PASSWORD, "code": code_for(device, clock.now)})
    assert location(confirmed) == OVERVIEW


def test_a_form_sent_with_post_comes_back_to_the_page_it_was_on_without_its_query(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/en/test-export/", HTTP_REFERER="http://testserver/en/overview/?status=open")
    assert location(response) == f"{CONFIRM}?next=%2Fen%2Foverview%2F"


def test_confirming_never_sends_anyone_to_another_site(client, volunteer):
    client.force_login(volunteer)
    response = client.post(CONFIRM, {"password": PASSWORD, "next": "https://izdeu.example.net/en/"})
    assert location(response) == OVERVIEW
