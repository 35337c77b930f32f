"""The JSON API answers only to a valid, unrevoked token of an active account."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from izdeu.accounts.models import ApiToken
from izdeu.api import api


def bearer(token):
    return {"authorization": f"Bearer {token}"}


def test_a_token_identifies_its_account(client, lawyer):
    _token, secret = ApiToken.issue(lawyer, "hospital list sync")
    response = client.get("/api/me", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json() == {"username": lawyer.username, "role": "lawyer", "organisation": "Almaty Legal Aid Network"}


def test_only_the_hash_of_a_token_is_stored(lawyer):
    token, secret = ApiToken.issue(lawyer, "bot")
    assert secret not in token.token_hash and len(token.token_hash) == 64


def test_no_token_or_a_wrong_one_is_refused(client, lawyer):
    ApiToken.issue(lawyer, "bot")
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers=bearer("izd_guessed")).status_code == 401


def test_a_revoked_token_or_a_deactivated_account_is_refused(client, lawyer, volunteer):
    revoked, revoked_secret = ApiToken.issue(lawyer, "old laptop")
    revoked.revoked_at = timezone.now()
    revoked.save()
    _token, volunteer_secret = ApiToken.issue(volunteer, "intake tablet")
    volunteer.is_active = False
    volunteer.save()
    assert client.get("/api/me", headers=bearer(revoked_secret)).status_code == 401
    assert client.get("/api/me", headers=bearer(volunteer_secret)).status_code == 401


def test_using_a_token_records_when(client, lawyer):
    token, secret = ApiToken.issue(lawyer, "bot")
    client.get("/api/me", headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_api_documentation_is_for_signed_in_users(client, volunteer):
    assert client.get("/api/docs").status_code == 302
    client.force_login(volunteer)
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/me" in schema["paths"]


def test_createtoken_prints_a_token_that_works(client, lawyer, capsys):
    call_command("createtoken", lawyer.username, "court list sync")
    secret = capsys.readouterr().out.strip()
    assert client.get("/api/me", headers=bearer(secret)).status_code == 200


@pytest.mark.django_db
def test_every_api_operation_refuses_a_caller_without_a_token(client):
    schema = api.get_openapi_schema()
    calls = [(method, path) for path, operations in schema["paths"].items() for method in operations]
    assert calls
    for method, path in calls:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(client, method)(url)
        assert response.status_code == 401, (method, path, response.status_code)
