"""Who may open which page: one rule per view, declared beside it, checked on every request.

Access is denied by default. A view states its rule with ``@public`` or ``@roles(...)``;
``AccessMiddleware`` refuses any view without one, so a forgotten rule fails closed, and the
URL-wide test in ``izdeu/web/tests/test_access.py`` fails the suite.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from izdeu.accounts.models import Role
from izdeu.audit.log import AuditAction, record

ALL_ROLES = tuple(Role.values)

# URL namespaces whose views guard themselves: the admin site (administrators only, see
# User.save) and the JSON API (a bearer token on every endpoint, see izdeu/api.py).
SELF_GUARDED_NAMESPACES = frozenset({"admin", "api"})


class Rule:
    def __init__(self, roles: tuple[str, ...], public: bool = False):
        self.roles = roles
        self.public = public

    def allows(self, user) -> bool:
        return self.public or (user.is_authenticated and user.has_role(*self.roles))


def public(view: Callable) -> Callable:
    """Anyone may open this page, signed in or not. It must show nothing about anyone."""
    view.access_rule = Rule((), public=True)
    return view


def roles(*allowed: str) -> Callable[[Callable], Callable]:
    """Only signed-in users with one of these roles may open this page."""
    unknown = set(allowed) - set(ALL_ROLES)
    if unknown or not allowed:
        raise ValueError(f"unknown roles: {unknown or 'none given'}")

    def decorate(view: Callable) -> Callable:
        view.access_rule = Rule(tuple(allowed))
        return view

    return decorate


def rule_of(view: Callable) -> Rule | None:
    return getattr(view, "access_rule", None)


def is_self_guarded(namespaces: list[str]) -> bool:
    return bool(SELF_GUARDED_NAMESPACES.intersection(namespaces[:1]))


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs):
        if is_self_guarded(request.resolver_match.namespaces):
            return None
        rule = rule_of(view)
        if rule is None:
            raise PermissionDenied("This page declares no access rule.")
        if rule.allows(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        # A signed-in account probing pages beyond its role is worth a coordinator's look.
        record(request, AuditAction.ACCESS_DENIED, detail=f"view={request.resolver_match.view_name}")
        raise PermissionDenied
