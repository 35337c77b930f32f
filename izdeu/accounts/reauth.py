"""Asking for the password again before exports, deletions and key operations.

A session left open on a seized laptop, or taken over, should not be enough to carry away or
destroy data. Views that do so are decorated with ``@recent_authentication()``: unless the
password (and the authenticator code, if the user has one) was entered within the last few
minutes, the user is sent to ``/accounts/confirm/`` first and comes back afterwards.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "reauthenticated_at"
DEFAULT_MINUTES = 5


def mark(request: HttpRequest) -> None:
    """Record that the user has just proved who they are (signing in counts too)."""
    request.session[SESSION_KEY] = timezone.now().timestamp()


def is_recent(request: HttpRequest, minutes: int) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and timezone.now().timestamp() - at <= minutes * 60


def recent_authentication(minutes: int = DEFAULT_MINUTES) -> Callable[[Callable], Callable]:
    """Let the view run only if the user re-entered their password within ``minutes``.

    Otherwise redirect to the confirmation page, which comes back to this page for a GET, and
    for a form sent with POST to the page the form was on: the form is not sent again by
    itself, the user presses its button once more.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if is_recent(request, minutes):
                return view(request, *args, **kwargs)
            query = urlencode({"next": _come_back_to(request)})
            return HttpResponseRedirect(f"{reverse('accounts:confirm')}?{query}")

        return guarded

    return decorate


def _come_back_to(request: HttpRequest) -> str:
    # A path only, never a query string: izdeu keeps personal data out of addresses.
    if request.method in ("GET", "HEAD"):
        return request.path
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return urlsplit(referer).path or resolve_url(settings.LOGIN_REDIRECT_URL)
    return resolve_url(settings.LOGIN_REDIRECT_URL)
