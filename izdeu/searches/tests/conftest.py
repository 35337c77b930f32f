"""Fixtures for requests in: the public organisation, and a request as a relative fills it in."""

import pytest

from izdeu.searches.forms import _sign

# A sum the form accepts: 3 + 4.
CHALLENGE = {"challenge": _sign((3, 4)), "answer": "7"}


@pytest.fixture
def public_organisation(settings, organisation):
    settings.PUBLIC_ORGANISATION = organisation.name
    return organisation


def request_data(**changes) -> dict:
    """What a mother types into the form about her son, in Kazakh written in Latin letters."""
    return {
        "full_name": "Nurlan Zagiparov", "surname": "", "given_name": "", "patronymic": "",
        "birth": "12.03.1992", "sex": "male", "iin": "", "last_seen_place": "Republic Square, Almaty",
        "last_seen_at": "2022-01-05T18:30", "circumstances": "Taken into a police bus near the akimat.",
        "health_needs": "", "description": "Black jacket", "phone": "",
        "requester_name": "Gulnar Zagiparova", "relationship": "parent", "requester_phone": "+7 701 555 01 42",
        "requester_email": "gulnar.z@example.kz", "requester_telegram": "", "preferred_channel": "phone_call",
        "reachable_when": "after 19:00", "language": "kk", "sharing_scope": "organisation", "consent": "on",
        "website": "",
    } | CHALLENGE | changes  # fmt: skip
