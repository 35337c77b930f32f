import secrets

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english():
    # Commands and messages speak the operator's language; these tests read the English.
    with translation.override("en"):
        yield


@pytest.fixture
def new_key():
    return lambda: secrets.token_urlsafe(32)


@pytest.fixture
def use_keys(settings):
    """Switch the data keys, as an operator would by changing the environment and restarting."""

    def use(current: str, *previous: str) -> None:
        settings.DATA_KEY = current
        settings.DATA_KEY_PREVIOUS = list(previous)

    return use
