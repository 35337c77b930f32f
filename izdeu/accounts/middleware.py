"""Sign-in rules applied to every request, whatever view it reaches (admin site included).

Both run after Django's authentication and messages middleware and before
``AccessMiddleware``, in this order:

- ``SessionLifetimeMiddleware`` ends sessions idle too long or open too long;
- ``TwoFactorMiddleware`` keeps a user who has not finished signing in (the code step, or
  setting up an authenticator their role needs) away from every other page.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from izdeu.accounts import sessions, twofactor

# Views open to a user halfway through signing in: the steps themselves, signing out,
# choosing a language, and the health check.
SIGN_IN_STEPS = frozenset(
    {"accounts:login", "accounts:logout", "accounts:verify", "accounts:two_factor", "set_language", "health"}
)
# The JSON API authenticates every call with a bearer token, not the session; only its
# documentation is opened with a session, and that needs a finished sign-in like any page.
API_DOCS = frozenset({"api:openapi-view", "api:openapi-json"})


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            message = sessions.why_ended(request)
            if message is None and not sessions.touch(request):
                message = str(sessions.MAX_AGE_MESSAGE)
            if message is not None:
                logout(request)
                messages.info(request, message)
                return redirect_to_login(request.path)
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated or _is_exempt(request.resolver_match.view_name):
            return None
        state = twofactor.state_of(request)
        if state is twofactor.State.DONE:
            return None
        step = "accounts:verify" if state is twofactor.State.VERIFY else "accounts:two_factor"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.path})}")


def _is_exempt(view_name: str) -> bool:
    if view_name in SIGN_IN_STEPS:
        return True
    return view_name.startswith("api:") and view_name not in API_DOCS
