"""Helpers for the sign-in tests: a clock that tests move by hand, and the real sign-in forms."""

import datetime as dt

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from izdeu.accounts.models import TotpDevice, User
from izdeu.conftest import PASSWORD

SIGN_IN = "/en/accounts/sign-in/"
VERIFY = "/en/accounts/verify/"
TWO_FACTOR = "/en/accounts/two-factor/"
OVERVIEW = "/en/overview/"


class Clock:
    """``timezone.now`` stands still until a test moves it: time passes without sleeping."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def sign_in(client: Client, user: User | str, password: str = PASSWORD, **environ: str):
    """Post the sign-in form; ``environ`` sets REMOTE_ADDR, HTTP_USER_AGENT and the like."""
    username = user if isinstance(user, str) else user.get_username()
    return client.post(SIGN_IN, {"username": username, "password": password}, **environ)


def code_for(device: TotpDevice, when: dt.datetime) -> str:
    return pyotp.TOTP(device.secret).at(when)


def location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]
