"""Sessions end when idle or old, and each user can see and end their own from any device."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from izdeu.accounts.clients import describe_device
from izdeu.accounts.models import UserSession
from izdeu.accounts.session_store import stored_key
from izdeu.accounts.testing import give_authenticator
from izdeu.accounts.tests.conftest import OVERVIEW, SIGN_IN, VERIFY, code_for, location, sign_in

SESSIONS = "/en/accounts/sessions/"
ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"


def cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_database_holds_only_a_hash_of_each_session_key(client, volunteer):
    sign_in(client, volunteer)
    assert not Session.objects.filter(session_key=cookie(client)).exists()
    assert Session.objects.filter(session_key=stored_key(cookie(client))).exists()
    assert UserSession.objects.get(user=volunteer).key_hash == stored_key(cookie(client))


def test_signing_in_gives_a_new_session_key(client, volunteer):
    before = client.session  # an anonymous session, as a planted cookie would give
    sign_in(client, volunteer)
    assert cookie(client) != before.session_key
    assert not Session.objects.filter(session_key=stored_key(before.session_key)).exists()


def test_passing_the_code_step_gives_a_new_session_key_still_listed(client, lawyer, clock):
    device = give_authenticator(lawyer)
    sign_in(client, lawyer)
    halfway = cookie(client)
    client.post(VERIFY, {"code": code_for(device, clock.now)})
    assert cookie(client) != halfway
    assert UserSession.objects.get(user=lawyer).key_hash == stored_key(cookie(client))


def test_an_active_session_lasts_and_an_idle_one_ends_after_thirty_minutes(client, volunteer, clock):
    sign_in(client, volunteer)
    for _ in range(3):
        clock.advance(minutes=29)
        assert client.get(OVERVIEW).status_code == 200
    signed_in = cookie(client)
    clock.advance(minutes=31)
    assert location(client.get(OVERVIEW)).startswith(SIGN_IN)
    assert "without activity" in client.get(SIGN_IN).content.decode()
    assert not Session.objects.filter(session_key=stored_key(signed_in)).exists()


def test_a_session_ends_twelve_hours_after_signing_in_however_active(client, volunteer):
    sign_in(client, volunteer)
    session = client.session
    session["started_at"] -= dt.timedelta(hours=12, seconds=1).total_seconds()
    session.save()
    assert location(client.get(OVERVIEW)).startswith(SIGN_IN)
    assert "at most a working day" in client.get(SIGN_IN).content.decode()


def test_the_limits_are_settings(client, volunteer, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    sign_in(client, volunteer)
    clock.advance(minutes=6)
    assert location(client.get(OVERVIEW)).startswith(SIGN_IN)


def test_my_sessions_lists_each_signed_in_browser_and_marks_this_one(volunteer):
    phone, laptop = Client(), Client()
    sign_in(phone, volunteer, HTTP_USER_AGENT=ANDROID_CHROME, REMOTE_ADDR="203.0.113.5")
    sign_in(laptop, volunteer, HTTP_USER_AGENT=WINDOWS_FIREFOX)
    page = phone.get(SESSIONS).content.decode()
    assert "Chrome on Android" in page and "Firefox on Windows" in page and "203.0.113.5" in page
    assert page.count("This device") == 1
    assert ANDROID_CHROME not in page and not UserSession.objects.filter(browser__contains="Mozilla").exists()


def test_ending_another_session_signs_that_device_out(volunteer):
    phone, laptop = Client(), Client()
    sign_in(phone, volunteer)
    sign_in(laptop, volunteer)
    phone_session = UserSession.objects.get(key_hash=stored_key(cookie(phone)))
    assert location(laptop.post("/en/accounts/sessions/end/", {"session": phone_session.pk})) == SESSIONS
    assert location(phone.get(OVERVIEW)).startswith(SIGN_IN)
    assert laptop.get(OVERVIEW).status_code == 200
    assert not Session.objects.filter(session_key=phone_session.key_hash).exists()


def test_sign_out_everywhere_signs_out_every_device_including_this_one(volunteer):
    phone, laptop = Client(), Client()
    sign_in(phone, volunteer)
    sign_in(laptop, volunteer)
    assert location(laptop.post("/en/accounts/sessions/end-all/")) == SIGN_IN
    assert location(phone.get(OVERVIEW)).startswith(SIGN_IN)
    assert location(laptop.get(OVERVIEW)).startswith(SIGN_IN)
    assert not UserSession.objects.filter(user=volunteer).exists()
    assert "signed out on every device" in laptop.get(SIGN_IN).content.decode()


def test_nobody_can_end_someone_elses_session(volunteer, lawyer):
    theirs, mine = Client(), Client()
    sign_in(theirs, volunteer)
    mine.force_login(lawyer)
    other = UserSession.objects.get(user=volunteer)
    mine.post("/en/accounts/sessions/end/", {"session": other.pk})
    mine.post("/en/accounts/sessions/end-all/")
    assert theirs.get(OVERVIEW).status_code == 200


def test_signing_out_deletes_the_session_and_its_listing(client, volunteer):
    sign_in(client, volunteer)
    key_hash = stored_key(cookie(client))
    client.post("/en/accounts/sign-out/")
    assert not Session.objects.filter(session_key=key_hash).exists()
    assert not UserSession.objects.filter(key_hash=key_hash).exists()


def test_sessions_past_their_limits_leave_the_list(volunteer, clock):
    old, current = Client(), Client()
    sign_in(old, volunteer)
    clock.advance(minutes=45)
    sign_in(current, volunteer)
    page = current.get(SESSIONS).content.decode()
    assert page.count("End this session") == 0 and UserSession.objects.filter(user=volunteer).count() == 1


@pytest.mark.parametrize(
    "user_agent,device",
    [
        (ANDROID_CHROME, ("Chrome", "Android")),
        (WINDOWS_FIREFOX, ("Firefox", "Windows")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.2 Mobile/15E148 Safari/604.1", ("Safari", "iOS")),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
         "Safari/537.36 Edg/120.0", ("Edge", "Windows")),
        ("Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 YaBrowser/23.11 "
         "Mobile Safari/537.36", ("Yandex Browser", "Android")),
        ("curl/8.5.0", ("", "")),
    ],
)
def test_a_device_is_described_by_browser_and_system_only(user_agent, device):
    assert describe_device(user_agent) == device
