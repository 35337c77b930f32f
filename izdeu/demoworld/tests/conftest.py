import pytest

from izdeu.demoworld import World, generate


@pytest.fixture(scope="session")
def world() -> World:
    """The full-size demo world; generating it takes about two seconds, so it is shared."""
    return generate(seed=2022, scale=1.0)
