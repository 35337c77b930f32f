"""Slowing down floods of requests and guesses at status codes, without any third party.

Each use of a public form is noted under a keyed hash of the address it came from (and, for the
status page, of the code typed), in the database, so every server process counts the same:

- at most 10 requests filed from one address within an hour (a family, or a volunteer's phone
  behind a carrier's shared address, files a few; a flood files hundreds);
- at most 20 status lookups from one address, and 8 for one code, within 15 minutes.

Codes are counted whether or not they exist, so a refusal says nothing about a code.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.searches.models import AttemptPurpose, PublicAttempt

LIMITS: dict[str, tuple[int, dt.timedelta]] = {
    AttemptPurpose.REQUEST: (10, dt.timedelta(hours=1)),
    AttemptPurpose.STATUS_ADDRESS: (20, dt.timedelta(minutes=15)),
    AttemptPurpose.STATUS_CODE: (8, dt.timedelta(minutes=15)),
}
# Attempts older than the longest window no longer count; they are deleted.
KEEP = max(window for _limit, window in LIMITS.values())

REQUESTS_REFUSAL = _("Too many requests were sent from this connection. Wait an hour, or call us.")
LOOKUPS_REFUSAL = _("Too many status lookups. Wait 15 minutes, then try again.")


def key_of(purpose: str, value: str | None) -> str:
    """A keyed hash of an address or a code: the table holds neither."""
    message = f"public-attempt:{purpose}:{value or 'unknown'}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def is_limited(purpose: str, value: str | None) -> bool:
    limit, window = LIMITS[purpose]
    recent = PublicAttempt.objects.filter(purpose=purpose, key=key_of(purpose, value), at__gt=timezone.now() - window)
    return recent.count() >= limit


def note(purpose: str, value: str | None) -> None:
    now = timezone.now()
    PublicAttempt.objects.create(purpose=purpose, key=key_of(purpose, value), at=now)
    PublicAttempt.objects.filter(at__lt=now - KEEP).delete()
