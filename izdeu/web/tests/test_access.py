"""Every address in izdeu declares who may open it, and the server holds to it for every role.

The list of addresses is read from the URL configuration, so a new page without an access rule
fails here before it can reach anyone.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from izdeu.accounts.access import AccessMiddleware, is_self_guarded, rule_of
from izdeu.accounts.models import Role
from izdeu.audit.models import AuditEntry


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


ALL_VIEWS = list(walk(get_resolver().url_patterns))
OWN_VIEWS = [(ns, p) for ns, p in ALL_VIEWS if not is_self_guarded(ns.split(":"))]
# Every named address, with a sample value for each parameter (record 1, which need not exist:
# the rule is checked before the view looks anything up).
SAMPLE_VALUES = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
ADDRESSES = [
    (f"{ns}{p.name}", {name: SAMPLE_VALUES[type(conv).__name__.removesuffix("Converter").lower()]
                       for name, conv in p.pattern.converters.items()})
    for ns, p in OWN_VIEWS
    if p.name
]


def test_the_url_configuration_was_read():
    assert len(OWN_VIEWS) >= 5
    names = {name for name, _kwargs in ADDRESSES}
    assert {"web:dashboard", "exports:download", "audit:log"} <= names


@pytest.mark.parametrize("namespace,pattern", OWN_VIEWS, ids=lambda v: getattr(v, "name", v) or str(v))
def test_every_view_declares_an_access_rule(namespace, pattern):
    assert rule_of(pattern.callback) is not None, f"{pattern.callback.__module__}.{pattern.name} has no rule"


def expected_status(rule, role):
    if rule.public or (role and role in rule.roles):
        return "allowed"
    return "sign-in" if role is None else "forbidden"


@pytest.mark.parametrize("name,kwargs", ADDRESSES, ids=[name for name, _kwargs in ADDRESSES])
@pytest.mark.parametrize("role", [None, *Role.values])
def test_every_address_lets_in_exactly_the_roles_its_rule_names(client, users_by_role, name, kwargs, role):
    if role:
        client.force_login(users_by_role[role])
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
        view = get_resolver().resolve(url).func
    response = client.get(url)
    outcome = {
        403: "forbidden",
        302: "sign-in" if "/sign-in/" in response.get("Location", "") else "allowed",
    }.get(response.status_code, "allowed")
    assert outcome == expected_status(rule_of(view), role), (url, response.status_code)
    assert response.status_code < 500


def test_a_view_without_a_rule_is_refused_even_if_it_slips_through(rf, coordinator):
    def forgotten_view(request):
        raise AssertionError("reached")

    request = rf.get("/")
    request.user = coordinator
    with translation.override("en"):
        request.resolver_match = get_resolver().resolve("/en/")
    with pytest.raises(PermissionDenied):
        AccessMiddleware(lambda r: None).process_view(request, forgotten_view, (), {})


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.LAWYER, Role.COORDINATOR])
def test_only_administrators_reach_the_admin_site(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_administrators_reach_the_admin_site(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


def test_a_refused_page_is_recorded_for_the_coordinators(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/en/audit/").status_code == 403
    refused = AuditEntry.objects.get(action="access_denied")
    assert refused.user_id == volunteer.pk and refused.detail == "view=audit:log"
