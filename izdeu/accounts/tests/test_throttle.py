"""Lock-out after repeated failures, per user name and per address, without revealing who exists."""

import re

import pytest
from django.contrib.auth.signals import user_login_failed

from izdeu.accounts import throttle
from izdeu.accounts.clients import client_ip
from izdeu.accounts.models import SignInAttempt, SignInStep
from izdeu.accounts.testing import give_authenticator
from izdeu.accounts.tests.conftest import OVERVIEW, VERIFY, code_for, location, sign_in

LOCKED = "Too many failed attempts"


def fail(client, username: str, times: int, **environ: str) -> None:
    for _ in range(times):
        response = sign_in(client, username, "не-тот-пароль-2022", **environ)
        assert response.status_code == 200 and LOCKED not in response.content.decode()


def error_shown(response) -> str:
    return re.search(r'<div class="error" role="alert">(.*?)</div>', response.content.decode(), re.S).group(1)


def test_five_failures_lock_the_name_even_against_the_right_password(client, volunteer, clock):
    fail(client, volunteer.username, 5)
    response = sign_in(client, volunteer)
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_refused_attempt_is_reported_as_a_failed_sign_in(client, volunteer, clock):
    fail(client, volunteer.username, 5)
    reported = []

    def listen(sender, credentials, **kwargs):
        reported.append(credentials)

    user_login_failed.connect(listen)
    try:
        sign_in(client, volunteer)
    finally:
        user_login_failed.disconnect(listen)
    assert reported == [{"username": volunteer.username}]


def test_a_locked_name_reads_the_same_whether_or_not_the_account_exists(client, volunteer, clock):
    fail(client, volunteer.username, 5)
    fail(client, "no-such-volunteer", 5)
    assert error_shown(sign_in(client, volunteer)) == error_shown(sign_in(client, "no-such-volunteer"))


def test_the_name_is_counted_however_it_is_capitalised(client, volunteer, clock):
    fail(client, volunteer.username.upper(), 5)
    assert LOCKED in sign_in(client, volunteer).content.decode()


def test_the_lock_lasts_fifteen_minutes_from_the_failure_that_reached_the_limit(client, volunteer, clock):
    fail(client, volunteer.username, 4)
    clock.advance(minutes=14)
    fail(client, volunteer.username, 1)
    clock.advance(minutes=14)
    assert LOCKED in sign_in(client, volunteer).content.decode()
    clock.advance(minutes=1, seconds=1)
    assert location(sign_in(client, volunteer)) == OVERVIEW


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, volunteer, clock):
    fail(client, volunteer.username, 4)
    clock.advance(minutes=16)
    fail(client, volunteer.username, 4)
    assert location(sign_in(client, volunteer)) == OVERVIEW


def test_signing_in_clears_the_count_for_that_name(client, volunteer, clock):
    fail(client, volunteer.username, 4)
    sign_in(client, volunteer)
    client.post("/en/accounts/sign-out/")
    fail(client, volunteer.username, 4)
    assert location(sign_in(client, volunteer)) == OVERVIEW


def test_twenty_failures_from_one_address_lock_that_address(client, volunteer, clock):
    for number in range(20):
        fail(client, f"guess-{number}", 1, REMOTE_ADDR="198.51.100.23")
    assert LOCKED in sign_in(client, volunteer, REMOTE_ADDR="198.51.100.23").content.decode()
    assert location(sign_in(client, volunteer, REMOTE_ADDR="203.0.113.7")) == OVERVIEW


def test_the_code_step_is_locked_after_five_wrong_codes(client, lawyer, clock):
    device = give_authenticator(lawyer)
    sign_in(client, lawyer)
    for _ in range(5):
        client.post(VERIFY, {"code": "000000" if code_for(device, clock.now) != "000000" else "111111"})
    response = client.post(VERIFY, {"code": code_for(device, clock.now)})
    assert LOCKED in response.content.decode()
    assert location(client.get(OVERVIEW)).startswith(VERIFY)


def test_attempts_keep_a_keyed_hash_of_the_name_never_the_name(client, volunteer, clock):
    fail(client, volunteer.username, 2)
    for attempt in SignInAttempt.objects.all():
        assert volunteer.username not in attempt.account_key
        assert attempt.account_key == throttle.account_key(volunteer.username)
        assert attempt.ip == "127.0.0.1" and attempt.step == SignInStep.PASSWORD


def test_attempts_are_deleted_once_they_no_longer_count(client, volunteer, clock):
    fail(client, volunteer.username, 3)
    clock.advance(minutes=31)
    fail(client, "another-name", 1)
    assert SignInAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "https,forwarded,expected",
    [
        (False, "", "192.0.2.10"),
        (False, "203.0.113.5", "192.0.2.10"),  # no proxy: a client's own header is ignored
        (True, "203.0.113.5", "203.0.113.5"),
        (True, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # only the proxy's own entry counts
        (True, "", "192.0.2.10"),
    ],
)
def test_the_address_counted_is_the_one_the_proxy_saw(rf, settings, https, forwarded, expected):
    settings.HTTPS = https
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", headers={"x-forwarded-for": forwarded} if forwarded else {})
    assert client_ip(request) == expected
