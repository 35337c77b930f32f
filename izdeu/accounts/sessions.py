"""How long a session lives, and the list of one's own sessions that can be ended from anywhere.

A session ends after ``IZDEU_SESSION_IDLE_MINUTES`` without a request (30 by default) and
``IZDEU_SESSION_MAX_HOURS`` after signing in (12), whatever happens in between: a laptop left
open or a phone taken at a checkpoint does not stay signed in for long.

Every signed-in session has a ``UserSession`` row, so that "My sessions" can show it and end
it; ending it deletes the session itself, and its cookie opens nothing any more.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.clients import client_ip, describe_device
from izdeu.accounts.models import User, UserSession
from izdeu.accounts.session_store import stored_key

STARTED_AT = "started_at"
LAST_SEEN = "last_seen"
# Activity is written down at most once a minute, not on every request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)

IDLE_MESSAGE = _("You were signed out after a while without activity. Please sign in again.")
MAX_AGE_MESSAGE = _("You were signed out because sessions last at most a working day. Please sign in again.")


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.SESSION_MAX_HOURS)


def start(request: HttpRequest, user: User) -> None:
    """At sign-in: start the clocks and list the session."""
    now = timezone.now()
    request.session[STARTED_AT] = request.session[LAST_SEEN] = now.timestamp()
    # The cookie and the stored session expire at the absolute limit too, so a session
    # outlives it nowhere, even if a request never comes to end it.
    request.session.set_expiry(max_age())
    if request.session.session_key is None:
        request.session.save()
    key_hash = stored_key(request.session.session_key)
    browser, system = describe_device(request.headers.get("User-Agent", ""))
    UserSession.objects.update_or_create(
        key_hash=key_hash,
        defaults={
            "user": user, "created_at": now, "last_seen_at": now,
            "ip": client_ip(request), "browser": browser, "system": system,
        },
    )
    end_stale(user)


def why_ended(request: HttpRequest) -> str | None:
    """The message to show if the session has outlived its limits, else None."""
    now = timezone.now().timestamp()
    started_at = request.session.get(STARTED_AT)
    last_seen = request.session.get(LAST_SEEN)
    if started_at is None or last_seen is None or now - started_at > max_age().total_seconds():
        return str(MAX_AGE_MESSAGE)
    if now - last_seen > idle_limit().total_seconds():
        return str(IDLE_MESSAGE)
    return None


def touch(request: HttpRequest) -> bool:
    """Note that the session is in use, at most once a minute.

    Returns False if the session is not on its user's list: a session nobody can see or end
    from elsewhere is not allowed to go on.
    """
    now = timezone.now()
    if now.timestamp() - request.session[LAST_SEEN] < TOUCH_INTERVAL.total_seconds():
        return True
    request.session[LAST_SEEN] = now.timestamp()
    listed_here = UserSession.objects.filter(key_hash=current_key_hash(request), user=request.user)
    return bool(listed_here.update(last_seen_at=now, ip=client_ip(request)))


def current_key_hash(request: HttpRequest) -> str | None:
    key = request.session.session_key
    return None if key is None else stored_key(key)


def rotate_key(request: HttpRequest) -> None:
    """Give the session a new key, as after any rise in privilege, and keep it listed."""
    old = current_key_hash(request)
    request.session.cycle_key()
    UserSession.objects.filter(key_hash=old).update(key_hash=current_key_hash(request))


def forget(request: HttpRequest) -> None:
    """At sign-out: the session is ending, take it off the list."""
    key_hash = current_key_hash(request)
    if key_hash is not None:
        UserSession.objects.filter(key_hash=key_hash).delete()


def listed(user: User) -> QuerySet[UserSession]:
    """The user's sessions that can still be used, most recent first."""
    end_stale(user)
    return UserSession.objects.filter(user=user)


def end(sessions: QuerySet[UserSession]) -> int:
    """End these sessions: their cookies stop working at once."""
    key_hashes = list(sessions.values_list("key_hash", flat=True))
    Session.objects.filter(session_key__in=key_hashes).delete()
    return UserSession.objects.filter(key_hash__in=key_hashes).delete()[0]


def end_stale(user: User) -> None:
    """End the sessions already past their limits and forget those that are gone."""
    now = timezone.now()
    past_limits = Q(last_seen_at__lt=now - idle_limit()) | Q(created_at__lt=now - max_age())
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    end(UserSession.objects.filter(Q(user=user) & (past_limits | ~Q(key_hash__in=live))))
