"""Test helpers for signing in (used by ``izdeu/conftest.py``); never used by the running site."""

import pyotp
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.utils import timezone

from izdeu.accounts import twofactor
from izdeu.accounts.models import TotpDevice, User


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at its lowest cost: tests create hundreds of accounts, each hashed once."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


def give_authenticator(user: User) -> TotpDevice:
    """A confirmed authenticator for ``user``, as if they had set one up."""
    return TotpDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now())


def complete_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as past the code step, giving the user an authenticator if
    their role needs one."""
    if twofactor.requires_two_factor(user) and twofactor.confirmed_device(user) is None:
        give_authenticator(user)
    session = client.session
    session[twofactor.SESSION_KEY] = timezone.now().timestamp()
    session.save()


class SignedInClient(Client):
    """``force_login`` skips the password step; here it skips the code step as well, so tests of
    pages see a fully signed-in user. Tests of signing in itself post the real forms."""

    def force_login(self, user: User, backend: str | None = None) -> None:
        super().force_login(user, backend)
        complete_second_factor(self, user)
