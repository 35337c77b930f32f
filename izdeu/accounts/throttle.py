"""Slowing down password and code guessing: lock-out per account and per address.

After 5 failures for one user name within 15 minutes, that name is refused for 15 minutes,
even with the right password; after 20 failures from one address within 15 minutes, that
address is refused likewise. The code step has its own count per account. A refusal reads
the same whether or not the account exists, because names are counted whether or not they
belong to anyone.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import SignInAttempt, SignInStep

WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
# Attempts older than this no longer matter to any lock; they are deleted.
KEEP = WINDOW + LOCK

REFUSAL = _("Too many failed attempts. Wait 15 minutes, then try again.")


def account_key(username: str) -> str:
    """A keyed hash of a user name as typed: the same for "Aigerim" and "aigerim "."""
    normalised = username.strip().casefold().encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"sign-in:" + normalised, hashlib.sha256).hexdigest()


def is_locked(username: str, ip: str | None, step: str = SignInStep.PASSWORD) -> bool:
    now = timezone.now()
    recent = SignInAttempt.objects.filter(at__gt=now - KEEP, step=step)
    mine = recent.filter(account_key=account_key(username))
    # Signing in successfully clears one's own count; an address's count it does not, or one
    # account's password would reset the count for guesses at every other.
    last_success = mine.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    failures = mine.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    if _has_run_of_failures(failures, MAX_FAILURES_PER_ACCOUNT, now):
        return True
    if step != SignInStep.PASSWORD or ip is None:
        return False
    return _has_run_of_failures(recent.filter(ip=ip, succeeded=False), MAX_FAILURES_PER_ADDRESS, now)


def record(username: str, ip: str | None, succeeded: bool, step: str = SignInStep.PASSWORD) -> None:
    now = timezone.now()
    SignInAttempt.objects.create(account_key=account_key(username), step=step, ip=ip, at=now, succeeded=succeeded)
    SignInAttempt.objects.filter(at__lt=now - KEEP).delete()


def _has_run_of_failures(failures, limit: int, now: dt.datetime) -> bool:
    """Whether ``limit`` failures fell within one window, the last of them less than LOCK ago.

    The lock runs from the failure that reached the limit, so it lasts the full 15 minutes
    however the failures before it were spread.
    """
    times = list(failures.order_by("at").values_list("at", flat=True))
    for last in range(limit - 1, len(times)):
        if times[last] - times[last - limit + 1] <= WINDOW and now - times[last] < LOCK:
            return True
    return False
