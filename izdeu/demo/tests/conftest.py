import pytest

from izdeu.demoworld import World, generate


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The loader hashes four demo passwords; the default hasher takes a second for them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def small_world() -> World:
    """About 240 detentions and 40 search requests: every kind of list and request, quickly."""
    return generate(seed=11, scale=0.02)
